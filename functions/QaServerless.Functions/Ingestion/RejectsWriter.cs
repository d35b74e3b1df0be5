using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CsvHelper;

namespace QaServerless.Ingestion;

/// <summary>
/// Writes rejects as CSV straight into a block blob (blocks are committed as they fill: flat memory). Created on the
/// first reject; a clean rerun of a file deletes the rejects of an earlier run.
/// </summary>
internal sealed class RejectsWriter(BlobClient blob)
{
    private CsvWriter? csv;

    public async Task WriteAsync(long line, string reason, string record, CancellationToken ct)
    {
        if (csv is null)
        {
            var stream = await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            }, ct);
            // Rejects are opened in spreadsheets: a record starting with '=' must not run as a formula.
            csv = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: false);
            await csv.WriteRecordAsync(["line", "reason", "record"], ct);
        }
        await csv.WriteRecordAsync([line.ToString(CultureInfo.InvariantCulture), Privacy.PiiMasker.Mask(reason), Privacy.PiiMasker.Mask(record)], ct);
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        if (csv is null)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: ct);
            return;
        }
        await csv.FlushAsync(ct);
        await csv.DisposeAsync();
    }
}
