using QaServerless.Privacy;

namespace QaServerless.Ingestion;

public static class BatchSummaryPrivacy
{
    /// <summary>
    /// The summary as operators read it (GET /api/call-batches): a file named after a phone number, or a problem that
    /// quotes a value, shows it masked. The stored row keeps the real name, which is the blob's key.
    /// </summary>
    public static BatchSummary Masked(this BatchSummary s) =>
        s with { Blob = PiiMasker.Mask(s.Blob), RejectsBlob = PiiMasker.MaskOrNull(s.RejectsBlob), Problem = PiiMasker.MaskOrNull(s.Problem) };
}
