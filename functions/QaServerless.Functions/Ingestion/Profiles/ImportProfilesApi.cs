using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using QaServerless.Hosting;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Ingestion.Profiles;

/// <summary>
/// Import profiles over HTTP (admin or QA lead of the center): the built-in ones, the center's own (versioned, a save
/// needs If-Match once a profile exists), and the dry run of a sample file through one of them.
/// </summary>
public static class ImportProfilesApi
{
    public static IServiceCollection AddImportProfiles(this IServiceCollection services) => services
        .AddTable(ImportProfileStore.TableName)
        .AddSingleton<ImportProfileStore>();

    public static IEndpointRouteBuilder MapImportProfiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/import-profiles/built-in", () => TypedResults.Ok(BuiltInProfiles.All))
            .WithTags("Ingestion").RequireAuthorization(Policies.QaLead);

        var group = app.MapGroup("/api/centers/{center}/import-profiles").WithTags("Ingestion").RequireAuthorization(Policies.QaLead);

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<ImportProfile>>, NotFound>> (string center, CurrentUser user, ImportProfileStore store, CancellationToken ct) =>
            user.LeadsCenter(center) ? TypedResults.Ok(await store.ListAsync(center, ct)) : TypedResults.NotFound());

        // The center's profile (or ?version=n of it); a built-in id the center has not saved answers the built-in (version 0).
        group.MapGet("/{profileId}", async Task<Results<Ok<ImportProfile>, NotFound>> (string center, string profileId, int? version, CurrentUser user,
            ImportProfileStore store, HttpResponse response, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center)) return TypedResults.NotFound();
            var profile = version is { } v ? await store.GetVersionAsync(center, profileId, v, ct) : await store.FindAsync(center, profileId, ct);
            if (profile is null) return TypedResults.NotFound();
            if (profile.ETag is { } etag) Preconditions.SetETag(response, etag);
            return TypedResults.Ok(profile);
        });

        group.MapPut("/{profileId}", async Task<Results<Ok<ImportProfile>, ValidationProblem, NotFound, ProblemHttpResult>> (string center, string profileId,
            ImportProfile body, CurrentUser user, ImportProfileStore store, ReferenceDataStore reference, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center) || await reference.GetCenterAsync(center, ct) is null) return TypedResults.NotFound();
            var errors = body.Validate();
            if (!ImportProfile.IsProfileId(profileId)) errors["profileId"] = ["1 to 40 lower-case letters, digits or '-' (it names the folder of the files)."];
            if (errors.Count > 0) return ProblemCodes.Validation(errors, ProblemCodes.ImportProfileInvalid);
            var (outcome, saved) = await store.SaveAsync(body with
            {
                CenterId = center, ProfileId = profileId, ChangedBy = user.Id, ChangedAt = clock.GetUtcNow(),
            }, Preconditions.IfMatch(http.Request), ct);
            switch (outcome)
            {
                case ImportProfileStore.SaveOutcome.PreconditionRequired: return Preconditions.Required();
                case ImportProfileStore.SaveOutcome.PreconditionFailed: return Preconditions.Failed();
            }
            Preconditions.SetETag(http.Response, saved!.ETag!);
            return TypedResults.Ok(saved);
        }).ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        // The sample is the request body (CSV or JSON as the profile reads it, at most 4 MB); ?file= its name
        // (.jsonl: JSON lines). Nothing is stored; rejects are masked.
        group.MapPost("/{profileId}/dry-run", async Task<Results<Ok<DryRunResult>, ValidationProblem, NotFound>> (string center, string profileId, string? file,
            HttpRequest request, CurrentUser user, ImportProfileStore store, ReferenceDataStore reference, TimeProvider clock, CancellationToken ct) =>
        {
            if (!user.LeadsCenter(center)) return TypedResults.NotFound();
            // Bad input answers 400 before any storage call (Hosting/BadInput.cs): the body is checked first.
            var (sample, problem) = await ReadSampleAsync(request, ct);
            if (sample is null) return Invalid("body", problem!);
            if (await reference.GetCenterAsync(center, ct) is not { } found) return TypedResults.NotFound();
            if (await store.FindAsync(center, profileId, ct) is not { } profile) return TypedResults.NotFound();
            var name = string.IsNullOrWhiteSpace(file) ? (profile.Format == ImportFormats.Csv ? "sample.csv" : "sample.json") : file.Trim();
            if (!CallImportReader.Readable(name, profile))
                return Invalid("file", $"The profile reads {profile.Format}; a file named {name} is not read with it.");
            using (sample)
                return TypedResults.Ok(await DryRun.RunAsync(sample, name, profile, found, clock.GetUtcNow(), ct));
        }).Accepts<string>("text/csv", "application/json", "application/x-ndjson", "text/plain").ProducesProblem(StatusCodes.Status400BadRequest);

        return app;
    }

    private static ValidationProblem Invalid(string field, string message) =>
        ProblemCodes.Validation(new Dictionary<string, string[]> { [field] = [message] }, ProblemCodes.DryRunInvalid);

    /// <summary>
    /// A JSON sample is JSON throughout (values one after another or one a line) and holds no text longer than the
    /// app's limit nor a lone surrogate: what any JSON body is held to.
    /// </summary>
    private static string? JsonProblem(ReadOnlySpan<byte> bytes)
    {
        var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true, MaxDepth = ContactRecords.MaxDepth });
        try
        {
            while (reader.Read())
                if (reader.TokenType is System.Text.Json.JsonTokenType.String or System.Text.Json.JsonTokenType.PropertyName && reader.GetString() is { Length: > InputRules.MaxText })
                    return $"The sample holds a text longer than {InputRules.MaxText} characters.";
            return null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return $"The sample is not JSON: {e.Message.Split('\n')[0]}";
        }
    }

    /// <summary>The body, whole (it is small), refused when empty, over the limit or not UTF-8 (a reject would show U+FFFD).</summary>
    private static async Task<(MemoryStream? Sample, string? Problem)> ReadSampleAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > DryRun.MaxBytes) return (null, $"The sample is larger than {DryRun.MaxBytes / 1024 / 1024} MB: send its first rows.");
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > DryRun.MaxBytes) return (null, $"The sample is larger than {DryRun.MaxBytes / 1024 / 1024} MB: send its first rows.");
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0) return (null, "The sample file is empty.");
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes)) return (null, "The sample is not valid UTF-8 text.");
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && JsonProblem(bytes) is { } json) return (null, json);
        buffer.Position = 0;
        return (buffer, null);
    }
}
