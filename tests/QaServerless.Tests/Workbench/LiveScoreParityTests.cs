using System.Diagnostics;
using System.Text.Json;
using QaServerless.Hosting;
using QaServerless.LocalHost.Storage;
using QaServerless.Scorecards;
using QaServerless.Scoring;
using QaServerless.Tests.Scoring;
using static QaServerless.Scoring.ItemAnswer;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Workbench;

/// <summary>
/// The workbench's live score (Workbench/ui/scoring.js, run by node as the browser would import it) against the server's
/// ScoreCalculator, for both formulas: the inspector must not see one score while answering and another after saving.
/// </summary>
public sealed class LiveScoreParityTests
{
    private sealed record Case(Scorecard Card, IReadOnlyList<ItemAnswer> Answers);
    private sealed record Live(double Score, string Band);

    [Fact]
    public async Task TheWorkedExamplesScoreExactlyAsOnTheServerUnderBothFormulas()
    {
        ItemAnswer[] solveThree = [Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), Yes("disclose"), Yes("empathy")];
        var sectioned = new Scorecard
        {
            CenterId = "c1", ScorecardId = "sections", Name = "Sections", Rules = ItemShare,
            Sections = [Section("opening", 20, YesNo("greet", 1), YesNo("intro", 1)), Section("solving", 50, Scale("solve", 1, 4)),
                Section("holding", 10, YesNo("hold", 1, na: true))],
        };
        Case[] cases =
        [
            new(Standard(), solveThree),                               // old rule: 70.37
            new(Standard() with { Rules = new ScoringRules() }, solveThree), // stored without a formula: the old rule too
            new(StandardByShare(), solveThree),                        // new rule: 64.58
            new(StandardByShare(solveMax: 8), [Yes("greet"), No("verify"), Scale("solve", 6), NA("close"), Yes("disclose")]),
            new(StandardByShare(), [Yes("greet"), No("verify"), Scale("solve", 3), NA("close"), No("disclose")]), // critical: 0
            new(sectioned, [Yes("greet"), No("intro"), Scale("solve", 3), NA("hold")]),  // (10 + 37.5) ÷ 70 = 67.86
        ];

        var live = await LiveScoresAsync(cases);

        Assert.Equal([70.37, 70.37, 64.58, 64.58, 0, 67.86], live.Select(l => l.Score));
        for (var i = 0; i < cases.Length; i++)
        {
            var server = ScoreCalculator.Score(cases[i].Card, cases[i].Answers);
            Assert.Equal(((double)server.Score, server.Band.ToString()), (live[i].Score, live[i].Band));
        }
    }

    [Fact]
    public async Task RandomCardsScoreAsOnTheServerUnderBothFormulas()
    {
        var random = new Random(18);
        var cases = Enumerable.Range(0, 200).Select(n => RandomCase(random, n)).ToList();

        var live = await LiveScoresAsync(cases);

        // Decimal on the server, binary floating point in the browser: the two may round a tie in the third decimal apart.
        var differing = cases.Select((c, i) => (c, l: live[i], s: ScoreCalculator.Score(c.Card, c.Answers)))
            .Where(x => Math.Abs((double)x.s.Score - x.l.Score) > 0.0100001).Select(x => $"{x.c.Card.Rules.Formula}: {x.s.Score} vs {x.l.Score}").ToList();
        Assert.Empty(differing);
    }

    private static Case RandomCase(Random random, int n)
    {
        var formula = (n % 3) switch { 0 => (ScoreFormula?)null, 1 => ScoreFormula.WeightedPoints, _ => ScoreFormula.ItemShare };
        var weightedSections = formula == ScoreFormula.ItemShare && n % 2 == 0;
        var answers = new List<ItemAnswer>();
        var sections = Enumerable.Range(0, random.Next(1, 4)).Select(s => Section($"s{s}", weightedSections ? random.Next(1, 60) : null,
            [.. Enumerable.Range(0, random.Next(1, 5)).Select(i =>
            {
                var id = $"s{s}i{i}";
                var item = random.Next(3) == 0 ? ScoringExamples.Scale(id, random.Next(1, 9), random.Next(2, 11), na: true) : YesNo(id, random.Next(1, 9), na: true);
                item = item with { Critical = random.Next(8) == 0 ? CriticalClass.Business : null, NotApplicableAllowed = true };
                answers.Add(random.Next(6) == 0 ? NA(id) : new ItemAnswer(id, random.Next(item.Possible + 1)));
                return item;
            })])).ToList();
        var card = new Scorecard { CenterId = "c1", ScorecardId = $"r{n}", Name = "r", Rules = new ScoringRules { Formula = formula }, Sections = sections };
        return new Case(card, answers);
    }

    /// <summary>Runs scoring.js's liveScore in node over the cases, serialized as the API serves scorecards.</summary>
    private static async Task<IReadOnlyList<Live>> LiveScoresAsync(IReadOnlyList<Case> cases)
    {
        var module = new Uri(Path.Combine(Azurite.FindRepoRoot(), "functions", "QaServerless.Functions", "Workbench", "ui", "scoring.js")).AbsoluteUri;
        var script = $$"""
            import { liveScore } from '{{module}}';
            let input = '';
            for await (const chunk of process.stdin) input += chunk;
            const cases = JSON.parse(input);
            process.stdout.write(JSON.stringify(cases.map(c => liveScore(c.card, new Map(c.answers.map(a => [a.itemId, a]))))));
            """;
        var psi = new ProcessStartInfo("node") { ArgumentList = { "--input-type=module", "-e", script }, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(cases.Select(c => new { card = c.Card, answers = c.Answers }), HostJson.Options));
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        return JsonSerializer.Deserialize<List<Live>>(output, HostJson.Options)!;
    }
}
