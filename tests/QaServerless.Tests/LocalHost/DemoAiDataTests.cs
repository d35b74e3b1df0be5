using System.Buffers.Binary;
using QaServerless.FakeOpenAI;
using QaServerless.LocalHost.Demo;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Tests.LocalHost;

/// <summary>The demo data that feeds the AI part: recordings that fit their canned transcripts, and the gold answers.</summary>
public class DemoAiDataTests
{
    /// <summary>A call id for each of the demo conversations.</summary>
    private static readonly IReadOnlyList<string> OnePerConversation = Enumerable.Range(1, 200).Select(i => $"sh-20261122-{i:D5}")
        .GroupBy(id => CannedTranscripts.DemoFor(id).Name).Select(g => g.First()).ToList();

    [Fact]
    public void ADemoRecordingIsAStereoWavAsLongAsTheConversationTheFakeHearsInIt()
    {
        Assert.Equal(CannedTranscripts.Demo.Count, OnePerConversation.Count);
        foreach (var callId in OnePerConversation)
        {
            var wav = DemoLoader.Recording(callId);
            var (channels, rate, bits) = (BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)), BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)), BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
            var seconds = (double)BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)) / (channels * rate * bits / 8);
            var end = CannedTranscripts.DemoFor(callId).Lines.Max(l => l.End);

            Assert.Equal((2, 8000), (channels, rate));
            Assert.InRange(seconds, end, end + 2);
            Assert.Equal(wav, DemoLoader.Recording(callId));
        }
    }

    [Fact]
    public void TheAgentsChannelCarriesSoundDuringTheAgentsLinesAndIsQuietInTheLongSilence()
    {
        var callId = OnePerConversation.Single(id => CannedTranscripts.DemoFor(id).Name == "late-greeting-repeat-call");
        var wav = DemoLoader.Recording(callId);
        double Loudness(int channel, double from, double to) => Enumerable.Range((int)(from * 8000), (int)((to - from) * 8000))
            .Average(frame => Math.Abs(wav[44 + frame * 2 + channel] - 128));

        Assert.True(Loudness(0, 5.0, 7.0) > 5 * Loudness(0, 17.0, 28.0)); // 坐席 speaks at 4.8–7.0; nobody speaks 16–29
        Assert.True(Loudness(1, 8.0, 12.0) > 5 * Loudness(1, 17.0, 28.0));
    }

    [Fact]
    public void TheGoldSetAnswersEveryItemOfTheDemoScorecardValidly()
    {
        var card = ScorecardTemplates.Inbound().ToScorecard("sh", ScorecardTemplates.InboundId, 1);
        Assert.Equal(ScorecardTemplates.InboundId, DemoGoldSet.ScorecardId);
        foreach (var callId in OnePerConversation)
        {
            var answers = card.Items.Select(i => DemoGoldSet.Answer(callId, i.ItemId) is { } a ? new ItemAnswer(i.ItemId, a.Points, a.NotApplicable) : null).ToList();
            Assert.All(answers, Assert.NotNull);
            Assert.Empty(ScoreCalculator.CheckAnswers(card, answers!, requireAll: true));
        }
    }
}
