using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using QaServerless.Security;

namespace QaServerless.Calls;

/// <summary>A link a browser plays the recording from, valid until <see cref="ExpiresOn"/>.</summary>
public sealed record AudioLink(Uri Uri, DateTimeOffset ExpiresOn);

/// <summary>
/// Short-lived read-only links to recordings: the audio never passes through the app. With an account key (a connection
/// string: Azurite, local runs) the link is an account-key SAS; under a managed identity it is a user-delegation SAS,
/// signed with a key the identity asks Blob Storage for (needs a Storage Blob Data role, which Bicep grants).
/// </summary>
public sealed class AudioLinks(BlobServiceClient blobs, TimeProvider clock, IConfiguration configuration)
{
    public const string Container = "recordings";

    private TimeSpan Lifetime => TimeSpan.FromMinutes(configuration.GetValue("Calls:AudioLinkMinutes", 15));

    /// <summary>A link to a recording of <paramref name="center"/>; a path outside its folder is refused (throws), never signed.</summary>
    public async Task<AudioLink> ReadLinkAsync(CenterScope center, string audioBlob, CancellationToken ct)
    {
        center.Require(audioBlob);
        var now = clock.GetUtcNow();
        var expires = now + Lifetime;
        var blob = blobs.GetBlobContainerClient(Container).GetBlobClient(audioBlob);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expires)
        {
            BlobContainerName = Container, BlobName = audioBlob, Resource = "b",
            // Clocks differ a little between us and Storage: a link must work the moment it is handed out.
            StartsOn = now.AddMinutes(-5),
            Protocol = blob.Uri.Scheme == "https" ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri) return new AudioLink(blob.GenerateSasUri(sas), expires);

        var key = await blobs.GetUserDelegationKeyAsync(now.AddMinutes(-5), expires, ct);
        var query = sas.ToSasQueryParameters(key.Value, blobs.AccountName);
        return new AudioLink(new BlobUriBuilder(blob.Uri) { Sas = query }.ToUri(), expires);
    }
}
