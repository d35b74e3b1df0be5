namespace QaServerless.Security;

/// <summary>
/// A center that the work at hand is entitled to touch, and the only way to name blobs of that center. It cannot be made
/// from a bare string taken off a request: an HTTP handler gets one from the signed-in person
/// (<see cref="CurrentUser.ScopeFor"/>, null when they may not see the center); a trigger from what storage holds
/// (<see cref="OfStored"/>: a stored call, a center row, a message the app itself built from stored records). Blob paths
/// are made by it (<see cref="Blob"/>) or checked by it (<see cref="Owns"/>), so a path that names another center — or
/// climbs out of this one with <c>..</c> — never reaches a blob client. See docs/data-model.md, "Center isolation".
/// </summary>
public sealed class CenterScope : IEquatable<CenterScope>
{
    private CenterScope(string id) => Id = id;

    /// <summary>The center's id: the first segment of its blob paths and of its table keys.</summary>
    public string Id { get; }

    /// <summary>The person's scope of <paramref name="center"/>, or null when they may not see it (answer 404).</summary>
    internal static CenterScope? Authorize(CurrentUser user, string? center) =>
        IsCenterId(center) && user.CanSeeCenter(center!) ? new CenterScope(center!) : null;

    /// <summary>
    /// The scope of a center read from storage: a stored record's center (a call, an evaluation, a center row), or the
    /// center of a message the app wrote itself from such a record. Never give it a value a client sent.
    /// </summary>
    public static CenterScope OfStored(string center) =>
        IsCenterId(center) ? new CenterScope(center) : throw new CenterScopeException($"\"{center}\" is not a center id.");

    /// <summary>The center a blob belongs to by its path (<c>{center}/…</c>): for triggers given a path by storage.</summary>
    public static CenterScope OfBlobPath(string blobName)
    {
        var slash = blobName.IndexOf('/');
        return slash > 0 && SafePath(blobName) ? OfStored(blobName[..slash]) : throw new CenterScopeException("The blob path names no center.");
    }

    /// <summary>A blob of this center: <c>{center}/{segments…}</c>; a segment that would climb out is refused.</summary>
    public string Blob(params string[] segments)
    {
        var path = string.Join('/', [Id, .. segments]);
        return SafePath(path) ? path : throw new CenterScopeException("A blob path segment is empty, '.', '..' or holds a control character.");
    }

    /// <summary>Whether <paramref name="blobName"/> is a blob of this center (under <c>{center}/</c>, no <c>..</c>).</summary>
    public bool Owns(string? blobName) =>
        blobName is not null && blobName.StartsWith(Id + "/", StringComparison.Ordinal) && SafePath(blobName);

    /// <summary>The blob name, if it is this center's; throws otherwise (a stored path pointing elsewhere is a defect, not input).</summary>
    public string Require(string blobName) =>
        Owns(blobName) ? blobName : throw new CenterScopeException($"A blob outside center {Id} was asked for.");

    /// <summary>Center ids are short keys of letters, digits, '-', '_' and '.' (they start table keys and blob paths), never '.' or '..'.</summary>
    public static bool IsCenterId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && value is not ("." or "..")
        && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool SafePath(string path) =>
        path.Length <= 1024 && !path.Split('/').Any(s => s is "" or "." or "..") && !path.Any(char.IsControl) && !path.Contains('\\');

    public bool Equals(CenterScope? other) => other is not null && other.Id == Id;
    public override bool Equals(object? obj) => Equals(obj as CenterScope);
    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Id;
}

/// <summary>Something tried to reach outside its center. Never caused by ordinary bad input: that is refused before.</summary>
public sealed class CenterScopeException(string message) : InvalidOperationException(message);
