namespace QaServerless.LocalHost.Blobs;

/// <summary>
/// Which BlobCreated events reach an <c>eventGridTrigger</c> function: its function.json carries the Event Grid
/// subscription's filter (<c>subjectBeginsWith</c> = <c>/blobServices/default/containers/{container}/blobs/{prefix}</c>,
/// optional <c>subjectEndsWith</c>). The Functions host ignores these properties; infra/hooks/event_subscriptions.py
/// makes the Azure subscriptions from them and the local host delivers the same events.
/// </summary>
public sealed record BlobEventSubscription(string Container, string Prefix, string Suffix)
{
    private const string Start = "/blobServices/default/containers/";

    /// <summary>The filter of an eventGridTrigger binding, or null when it does not name a blob container.</summary>
    public static BlobEventSubscription? Parse(string? subjectBeginsWith, string? subjectEndsWith)
    {
        if (subjectBeginsWith is null || !subjectBeginsWith.StartsWith(Start, StringComparison.Ordinal)) return null;
        var rest = subjectBeginsWith[Start.Length..];
        var slash = rest.IndexOf('/');
        var container = slash < 0 ? rest : rest[..slash];
        if (container.Length == 0) return null;
        var after = slash < 0 ? "" : rest[(slash + 1)..];
        // "blobs/" then the name's prefix; a filter that stops inside "blobs/" means no prefix.
        var prefix = after.StartsWith("blobs/", StringComparison.Ordinal) ? after["blobs/".Length..] : "";
        return new BlobEventSubscription(container, prefix, subjectEndsWith ?? "");
    }

    /// <summary>Event Grid matches subject filters case-insensitively unless the subscription says otherwise.</summary>
    public bool Matches(string blobName) =>
        blobName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && blobName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public string Subject(string blobName) => $"{Start}{Container}/blobs/{blobName}";
}
