using System.Runtime.CompilerServices;
using QaServerless.Ai.Transcripts;
using QaServerless.Calls;
using QaServerless.Ingestion.Conversations;
using QaServerless.Ingestion.Profiles;
using QaServerless.Privacy;
using QaServerless.ReferenceData;

namespace QaServerless.Ingestion;

/// <summary>
/// One record of a CDR file read as a call, or why not (the reasons, one per field), with the record as it was. A text
/// conversation's record carries its <see cref="Transcript"/> (masked); a transcript-only record (an Amazon Connect chat
/// transcript) has the transcript and no call: its call comes from its contact record.
/// </summary>
public sealed record ImportedRecord(long Line, Call? Call, string? Problem, string Raw, Transcript? Transcript = null)
{
    public bool Rejected => Problem is not null;
}

/// <summary>
/// The records of a CDR file as calls, streamed: in our own format (no profile) or through the center's import profile.
/// Shared by the import (<see cref="CallBatchIngestion"/>) and the dry run, so a dry run answers exactly what an import
/// would store.
/// </summary>
public static class CallImportReader
{
    /// <summary>Whether a file of this name can be read without a profile, or with this one.</summary>
    public static bool Readable(string fileName, ImportProfile? profile) => profile?.Format switch
    {
        null => CdrReader.IsCsv(fileName) || CdrReader.IsJsonl(fileName),
        ImportFormats.Csv => CdrReader.IsCsv(fileName),
        // Kinesis Data Firehose names its S3 objects without an extension: any name is a JSON file here.
        _ => !CdrReader.IsCsv(fileName),
    };

    public static async IAsyncEnumerable<ImportedRecord> ReadAsync(Stream stream, string fileName, ImportProfile? profile, Center center,
        DateTimeOffset now, Action<IReadOnlyList<string>> missingColumns, [EnumeratorCancellation] CancellationToken ct)
    {
        var records = profile is null
            ? CdrReader.IsCsv(fileName) ? CdrReader.ReadCsvAsync(stream, missingColumns, ct) : CdrReader.ReadJsonlAsync(stream, ct)
            : profile.Format == ImportFormats.Csv
                ? CdrReader.ReadCsvAsync(stream, header => ProfileMapper.MissingColumns(profile, header), missingColumns, ct)
                : ContactRecords.ReadAsync(stream, profile.Format, CdrReader.IsJsonl(fileName), ct);
        await foreach (var record in records)
        {
            if (record.Fields is null)
            {
                yield return new ImportedRecord(record.Line, null, record.Problem, record.Raw);
                continue;
            }
            if (record.Conversation is { } conversation)
            {
                yield return ConversationOf(record, conversation.Messages, conversation.Errors, profile!, center, now);
                continue;
            }
            var (call, problem) = ToCall(record.Fields, profile, center, now);
            yield return new ImportedRecord(record.Line, call, problem, record.Raw);
        }
    }

    /// <summary>
    /// A text conversation's record: its call (unless the format holds transcripts only) with its first response time,
    /// and its transcript, masked; every problem of the call's fields and of the messages is a reason.
    /// </summary>
    private static ImportedRecord ConversationOf(CdrRecord record, IReadOnlyList<TextMessage> messages, IReadOnlyList<FieldError> messageErrors,
        ImportProfile profile, Center center, DateTimeOffset now)
    {
        Call? call = null;
        string? callId;
        var errors = new List<FieldError>();
        if (ImportFormats.TranscriptOnly(profile.Format))
        {
            var (fields, mapErrors) = ProfileMapper.Map(profile, record.Fields!, center.CenterId, center.Zone);
            errors.AddRange(mapErrors);
            callId = CallRecordParser.CallId(fields, errors);
        }
        else
        {
            (call, _) = ToCall(record.Fields!, profile, center, now, errors);
            callId = call?.CallId;
            if (call is { IsText: false })
                errors.Add(new("channel", $"\"{call.ChannelKey}\" is not a text channel: a conversation export holds chat, IM, e-mail or SMS conversations"));
        }
        errors.AddRange(messageErrors.Where(e => errors.All(x => x.Field != e.Field)));
        if (errors.Count > 0 || callId is null) return new ImportedRecord(record.Line, null, string.Join("; ", errors), record.Raw);
        var language = record.Fields!.Text("language", out _) is { Length: <= 16 } l ? l : "zh";
        call = call is null ? null : call with { FirstResponseSeconds = TextMessages.FirstResponseSeconds(messages) };
        return new ImportedRecord(record.Line, call, null, record.Raw, TextMessages.ToTranscript(callId, language, messages));
    }

    private static (Call? Call, string? Problem) ToCall(IRecordFields source, ImportProfile? profile, Center center, DateTimeOffset now,
        List<FieldError>? collect = null)
    {
        var fields = source;
        var errors = collect ?? new List<FieldError>();
        if (profile is not null)
        {
            (fields, var mapped) = ProfileMapper.Map(profile, source, center.CenterId, center.Zone);
            errors.AddRange(mapped);
        }
        var (call, audioFile, parsed) = CallRecordParser.Parse(fields, center.CenterId, now, audioRequired: false);
        errors.AddRange(parsed.Where(e => errors.All(x => x.Field != e.Field)));
        var recording = profile is null ? null : RecordingPath(fields, errors);
        if (call is null || errors.Count > 0) return (null, string.Join("; ", errors));
        // A CDR row may name its recording, relative to the center's folder of the recordings container.
        // A text conversation has no audio: Connect's CHAT record names its transcript's S3 key as its "recording".
        var audio = call.IsText ? null : audioFile ?? recording;
        return (audio is null ? call : call with { AudioBlob = $"{center.CenterId}/{audio}" }, null);
    }

    /// <summary>
    /// A profile's recording is a path (Connect: the S3 key), kept below the center's folder of the recordings
    /// container: the center copies its recordings there under the same key.
    /// </summary>
    private static string? RecordingPath(IRecordFields fields, List<FieldError> errors)
    {
        if (fields.Text("recordingPath", out _)?.TrimStart('/') is not { Length: > 0 } path) return null;
        if (!CallRecordParser.SafeBlobName(path) || path.Length > 900)
            errors.Add(new("recordingPath", "must be a relative path without '..', empty segments, '\\' or control characters"));
        else if (StructuredFields.PersonalDataReason(path, identifier: true) is { } reason)
            errors.Add(new("recordingPath", reason));
        else return path;
        return null;
    }
}
