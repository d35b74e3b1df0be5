using Azure.Storage.Blobs;
using QaServerless.Ai.OpenAI;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Risk;
using QaServerless.Ai.Rules;
using QaServerless.Ai.Transcription;
using QaServerless.Ai.Transcripts;
using QaServerless.Calls;
using QaServerless.Privacy;
using QaServerless.ReferenceData;
using QaServerless.Security;

namespace QaServerless.Ai.Analysis;

/// <summary>
/// Analyses one call: transcribe (per channel) → mask → store → tag with the center's rules → pre-score on the scorecard
/// with verified evidence → risk. A text conversation (chat, e-mail …) is never transcribed: its messages, stored as its
/// transcript at ingest, are tagged and pre-scored, and its evidence cites messages. Idempotent per call: a completed call is not analysed again, and every write is an
/// upsert keyed by the call. Transient model failures that outlast the retries throw, so the queue delivers the
/// message again; bad audio and budget exhaustion are recorded and end the work. Nothing here gates human review.
/// </summary>
public sealed class CallAnalyzer(
    OpenAIGateway openAI, AnalysisStore store, AiSettingsStore settingsStore, RuleSetStore rules, RiskFlagStore risk,
    IPreScoringCardSource cards, ReferenceDataStore reference, CallStore calls, BlobServiceClient blobs, TimeProvider clock, ILogger<CallAnalyzer> log,
    IEnumerable<ICallAnalyzedSink> analyzed)
{
    public const string RecordingsContainer = "recordings";
    private const int ChatAttemptsForMalformed = 2;

    public async Task<AnalysisStatus> AnalyzeAsync(AnalysisRequest request, CancellationToken ct)
    {
        // The message names a center the app itself wrote (AnalysisQueue); everything else comes from the stored call.
        var scope = CenterScope.OfStored(request.CenterId);
        var (center, callId) = (scope.Id, request.CallId);
        if (await store.GetStatusAsync(center, callId, ct) == AnalysisStatus.Completed) return AnalysisStatus.Completed;
        var call = await calls.GetAsync(center, callId, ct);
        if (call is null)
        {
            // Nothing is recorded: an analysis row for a call that does not exist would be readable by its id.
            log.LogWarning("AI analysis of {Center}/{CallId}: no such call, nothing done", center, callId);
            return AnalysisStatus.NoCall;
        }
        var settings = await settingsStore.GetAsync(center, ct);
        var place = await reference.GetCenterAsync(center, ct);
        var zone = place?.Zone ?? TimeZoneInfo.Utc;
        var day = place?.DayOf(call.Start) ?? DateOnly.FromDateTime(call.Start.UtcDateTime);
        var analysis = new CallAnalysis { CenterId = center, CallId = callId, Day = day, UpdatedAt = clock.GetUtcNow() };

        if (!openAI.Configured || !settings.Enabled)
            return await EndAsync(analysis with { Status = AnalysisStatus.Disabled, Reason = openAI.Configured ? "AI is switched off for the center." : "OpenAI:Endpoint is not configured." }, ct);
        if (call.IsText)
        {
            // The messages were masked and stored at ingest; no audio, so nothing is reserved against the audio budget.
            if (await store.GetTranscriptAsync(center, callId, ct) is not { Segments.Count: > 0 } thread)
                return await EndAsync(analysis with { Status = AnalysisStatus.Failed, Reason = $"The {call.Channel} conversation has no stored messages." }, ct);
            return await TagAndScoreAsync(call, analysis, thread.Masked(), settings, new AiUsage(), 0, zone, ct);
        }
        if (string.IsNullOrEmpty(call.AudioBlob))
            return await EndAsync(analysis with { Status = AnalysisStatus.NoAudio, Reason = "The call has no recording." }, ct);
        // A stored path outside the center's folder is never read, whatever wrote it.
        if (!scope.Owns(call.AudioBlob))
            return await EndAsync(analysis with { Status = AnalysisStatus.Failed, Reason = "The call's recording is not in the center's folder." }, ct);

        var blob = blobs.GetBlobContainerClient(RecordingsContainer).GetBlobClient(call.AudioBlob);
        WavFormat format;
        await using (var head = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(false) { BufferSize = 4096 }, ct))
        {
            try { format = await WavChannelSplitter.ReadHeaderAsync(head, ct); }
            catch (InvalidWavException e) { return await EndAsync(analysis with { Status = AnalysisStatus.Failed, Reason = $"Unreadable audio: {e.Message}" }, ct); }
        }

        // The audio is reserved against the day's budget before any model call (an earlier attempt's reservation holds).
        var (granted, used) = await store.ReserveAsync(center, day, callId, format.DurationSeconds, settings.DailyBudgetMinutes * 60, ct);
        if (!granted)
            return await EndAsync(analysis with { Status = AnalysisStatus.SkippedBudget, Reason = $"Daily budget of {settings.DailyBudgetMinutes} audio minutes reached ({used / 60:0.0} used)." }, ct);

        var spent = new AiUsage();
        Transcript masked;
        try
        {
            (masked, spent) = await TranscribeAsync(blob, callId, format, ct);
        }
        catch (InvalidWavException e)
        {
            return await EndAsync(analysis with { Status = AnalysisStatus.Failed, Reason = $"Unreadable audio: {e.Message}" }, ct);
        }
        catch (Exception e) when (openAI.IsTransient(e) || e is System.ClientModel.ClientResultException)
        {
            // Recorded for the inspector, then thrown: the queue redelivers (at-least-once) and finally poisons.
            await EndAsync(analysis with { Status = AnalysisStatus.Failed, Reason = PiiMasker.Mask($"Transcription failed: {e.Message}") }, ct);
            throw;
        }
        await store.SaveTranscriptAsync(center, masked, ct);
        return await TagAndScoreAsync(call, analysis, masked, settings, spent, format.DurationSeconds, zone, ct);
    }

    /// <summary>Rules, pre-scoring, risk and usage on a masked transcript (speech or messages); then the sinks hear of it.</summary>
    private async Task<AnalysisStatus> TagAndScoreAsync(Call call, CallAnalysis analysis, Transcript masked, AiSettings settings, AiUsage spent,
        double audioSeconds, TimeZoneInfo zone, CancellationToken ct)
    {
        var (center, callId, day) = (analysis.CenterId, analysis.CallId, analysis.Day!.Value);
        var ruleSet = await rules.GetCurrentAsync(center, ct);
        var tags = RuleEngine.Run(ruleSet.Rules, masked, call.IsText);
        analysis = analysis with { AudioSeconds = audioSeconds, RuleSetVersion = ruleSet.Version, Tags = tags };

        var card = await cards.GetForCallAsync(center, callId, call.Start, ct, call.Channel);
        if (card is null) analysis = analysis with { PreScoring = "no-scorecard" };
        else
        {
            (analysis, spent) = await PreScoreAsync(analysis, card, masked, call.IsText, zone, settings, spent, ct);
        }

        var failedItems = analysis.Suggestions.Where(s => s.Deduction)
            .Select(s => (s.ItemId, card?.Items.FirstOrDefault(i => i.ItemId == s.ItemId)?.Critical ?? false));
        var (score, reasons) = RiskScore.Of(tags, failedItems);
        analysis = analysis with { RiskScore = score, RiskReasons = reasons, Usage = spent, Status = AnalysisStatus.Completed, UpdatedAt = clock.GetUtcNow() };
        await risk.UpsertAsync(new RiskFlag(center, day, callId, score, reasons, analysis.UpdatedAt), ct);
        await store.RecordUsageAsync(center, day, callId, audioSeconds, spent, ct);
        var status = await EndAsync(analysis, ct);
        foreach (var sink in analyzed)
        {
            try { await sink.OnCallAnalyzedAsync(call, analysis, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The analysis is stored; a replayed message finds it Completed, so the sink's row is mended by a re-analysis only.
                log.LogError(e, "Call analysed sink {Sink} failed for {Center}/{CallId}", sink.GetType().Name, center, callId);
            }
        }
        return status;
    }

    private async Task<AnalysisStatus> EndAsync(CallAnalysis analysis, CancellationToken ct)
    {
        await store.SaveAsync(analysis, ct);
        log.LogInformation("AI analysis of {Center}/{CallId}: {Status}", analysis.CenterId, analysis.CallId, analysis.Status);
        return analysis.Status;
    }

    /// <summary>Splits the recording into per-channel temp files while streaming it, transcribes each, merges and masks.</summary>
    private async Task<(Transcript, AiUsage)> TranscribeAsync(BlobClient blob, string callId, WavFormat format, CancellationToken ct)
    {
        var speakers = format.Channels == 1 ? [Speaker.Unknown] : new[] { Speaker.Agent, Speaker.Customer };
        var files = Enumerable.Range(0, format.Channels).Select(_ => TempFile()).ToList();
        try
        {
            await using (var input = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(false) { BufferSize = 1 << 20 }, ct))
                await WavChannelSplitter.SplitAsync(input, files, ct);
            var usage = new AiUsage();
            var channels = new List<IEnumerable<TranscriptSegment>>();
            var duration = format.DurationSeconds;
            for (var ch = 0; ch < speakers.Length; ch++)
            {
                var name = speakers[ch] == Speaker.Unknown ? $"{callId}.wav" : $"{callId}.{speakers[ch].ToString().ToLowerInvariant()}.wav";
                var result = await openAI.TranscribeAsync(files[ch], name, ct);
                usage = usage with { TranscriptionCalls = usage.TranscriptionCalls + 1 + result.Retries, Retries = usage.Retries + result.Retries };
                duration = Math.Max(duration, result.DurationSeconds);
                var speaker = speakers[ch];
                channels.Add(result.Segments.Select(s => new TranscriptSegment(speaker, s.Start, s.End, s.Text)));
            }
            return (Transcript.Merge(callId, openAI.Language, duration, [.. channels]).Masked(), usage);
        }
        finally
        {
            foreach (var f in files) await f.DisposeAsync();
        }
    }

    private static FileStream TempFile() =>
        new(Path.Combine(Path.GetTempPath(), $"qa-ai-{Guid.NewGuid():N}.wav"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private async Task<(CallAnalysis, AiUsage)> PreScoreAsync(CallAnalysis analysis, PreScoringCard card, Transcript masked, bool text, TimeZoneInfo zone,
        AiSettings settings, AiUsage spent, CancellationToken ct)
    {
        var schema = PreScoringSchema.Build(card, text);
        var user = PreScoringSchema.UserPrompt(masked, zone);
        var system = text ? PreScoringSchema.TextSystemPrompt : PreScoringSchema.SystemPrompt;
        analysis = analysis with { ScorecardId = card.ScorecardId, ScorecardVersion = card.Version };
        for (var attempt = 1; attempt <= ChatAttemptsForMalformed; attempt++)
        {
            ChatResult chat;
            try
            {
                chat = await openAI.CompleteJsonAsync(system, user, PreScoringSchema.Name, schema, ct);
            }
            catch (Exception e) when (openAI.IsTransient(e) || e is System.ClientModel.ClientResultException)
            {
                // The transcript and tags are worth keeping even when the chat model is unavailable.
                log.LogWarning("Pre-scoring of {CallId} failed: {Reason}", analysis.CallId, e.GetType().Name);
                return (analysis with { PreScoring = "failed" }, spent);
            }
            spent = spent with
            {
                ChatCalls = spent.ChatCalls + 1 + chat.Retries, Retries = spent.Retries + chat.Retries,
                PromptTokens = spent.PromptTokens + chat.PromptTokens, CompletionTokens = spent.CompletionTokens + chat.CompletionTokens,
            };
            try
            {
                var answers = ModelAnswerParser.Parse(chat.Content, card);
                var (kept, discarded) = EvidenceVerifier.Verify(answers, card, masked, settings.EvidenceToleranceSeconds);
                return (analysis with { PreScoring = "done", Suggestions = kept, Discarded = discarded }, spent);
            }
            catch (MalformedAnswerException e)
            {
                spent = spent with { MalformedAnswers = spent.MalformedAnswers + 1 };
                log.LogWarning("Malformed pre-scoring answer for {CallId} (attempt {Attempt}): {Reason}", analysis.CallId, attempt, e.Message);
            }
        }
        return (analysis with { PreScoring = "malformed" }, spent);
    }
}
