using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QaServerless.Ai.Agreement;
using QaServerless.Ai.OpenAI;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Transcripts;
using QaServerless.FakeOpenAI;
using Xunit.Abstractions;

namespace QaServerless.Tests.Ai;

/// <summary>
/// The demo's gold set: the five demo conversations scored by hand on the demo scorecard, against the suggestions that
/// survive evidence checks. Prints the agreement per item and the tokens each model call costs (docs/ai.md quotes them).
/// </summary>
public sealed class DemoGoldSetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeOpenAIServer fake = null!;

    public async Task InitializeAsync() => fake = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    /// <summary>Hand-scored by reading each conversation (1 = met, 0 = not met).</summary>
    private static readonly Dictionary<string, Dictionary<string, int>> Gold = new()
    {
        ["good-order-inquiry"] = new() { ["greeting"] = 1, ["verify"] = 1, ["solution"] = 1, ["forbidden"] = 1, ["closing"] = 1 },
        ["late-greeting-repeat-call"] = new() { ["greeting"] = 0, ["verify"] = 0, ["solution"] = 1, ["forbidden"] = 1, ["closing"] = 1 },
        ["forbidden-words-complaint"] = new() { ["greeting"] = 1, ["verify"] = 0, ["solution"] = 0, ["forbidden"] = 0, ["closing"] = 0 },
        ["no-disclosure-after-sales"] = new() { ["greeting"] = 1, ["verify"] = 1, ["solution"] = 1, ["forbidden"] = 1, ["closing"] = 1 },
        ["good-complaint-handling"] = new() { ["greeting"] = 1, ["verify"] = 0, ["solution"] = 1, ["forbidden"] = 1, ["closing"] = 1 },
    };

    [Fact]
    public async Task TheDemoSuggestionsAreMeasuredAgainstTheGoldSet()
    {
        var gateway = new OpenAIGateway(Options.Create(new OpenAIOptions { Endpoint = fake.Endpoint.ToString(), ApiKey = FakeOpenAIServer.ApiKey }), NullLogger<OpenAIGateway>.Instance);
        var card = DemoCardSource.Card;
        var pairs = new List<AgreementPair>();
        var discarded = 0;
        foreach (var conversation in CannedTranscripts.Demo)
        {
            var transcript = Transcript.Merge(conversation.Name, "zh", conversation.Lines.Max(l => l.End),
                conversation.Lines.Select(l => new TranscriptSegment(l.Speaker == "agent" ? Speaker.Agent : Speaker.Customer, l.Start, l.End, l.Text))).Masked();
            var chat = await gateway.CompleteJsonAsync(PreScoringSchema.SystemPrompt, PreScoringSchema.UserPrompt(transcript), PreScoringSchema.Name, PreScoringSchema.Build(card), CancellationToken.None);
            var (kept, dropped) = EvidenceVerifier.Verify(ModelAnswerParser.Parse(chat.Content, card), card, transcript, 5);
            discarded += dropped.Count;
            output.WriteLine($"{conversation.Name}: prompt {chat.PromptTokens} tokens, completion {chat.CompletionTokens} tokens, kept {kept.Count}, discarded {dropped.Count}");
            foreach (var s in kept)
            {
                var human = Gold[conversation.Name][s.ItemId];
                pairs.Add(new AgreementPair(s.ItemId, s.Points?.ToString() ?? "na", human.ToString(), s.Deduction, human == 0));
            }
        }

        var overall = AgreementMath.Compute("all", pairs, 0.6, 1);
        foreach (var item in pairs.GroupBy(p => p.ItemId).Select(g => AgreementMath.Compute(g.Key, g.ToList(), 0.6, 1)).Append(overall))
            output.WriteLine($"{item.ItemId}: pairs {item.Pairs}, TP {item.TruePositives} FP {item.FalsePositives} FN {item.FalseNegatives} TN {item.TrueNegatives}, " +
                $"precision {item.Precision:0.00}, recall {item.Recall:0.00}, F1 {item.F1:0.00}, κ {item.Kappa:0.00}, observed {item.ObservedAgreement:0.00}");
        output.WriteLine($"discarded answers (no verified evidence): {discarded} of {CannedTranscripts.Demo.Count * card.Items.Count}");

        // Every kept suggestion agrees with the gold set at least most of the time, and evidence checks did remove answers.
        Assert.True(overall.ObservedAgreement >= 0.7, $"observed agreement {overall.ObservedAgreement}");
        Assert.True(discarded > 0);
        Assert.Equal(CannedTranscripts.Demo.Count, fake.Requests.Count(r => r.Operation == FakeOperation.Chat));
    }
}
