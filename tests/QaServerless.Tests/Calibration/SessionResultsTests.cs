using QaServerless.Calibration;
using static QaServerless.Tests.Calibration.CalibrationExample;

namespace QaServerless.Tests.Calibration;

public sealed class SessionResultsTests
{
    private static readonly CalibrationSession Session = new()
    {
        CenterId = "c", SessionId = "s1", Title = "November", ScorecardId = "sc-cal", ScorecardVersion = 1, CallIds = CalibrationExample.CallIds,
        Participants = [new("ana", ParticipantRole.Inspector), new("bo", ParticipantRole.Inspector), new("cy", ParticipantRole.Inspector),
            new("tl", ParticipantRole.TeamLead)],
        CreatedBy = "lead", CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static List<ParticipantScore> Scores(params (string who, IReadOnlyDictionary<string, IReadOnlyList<QaServerless.Scoring.ItemAnswer>> answers)[] people) =>
        people.SelectMany(p => p.answers.Select(a => new ParticipantScore(p.who, a.Key, a.Value,
            QaServerless.Scoring.ScoreCalculator.Score(Card(), a.Value).Score, DateTimeOffset.UnixEpoch))).ToList();

    [Fact]
    public void AgainstTheAgreedStandardTheDeviationsMatchTheHandComputation()
    {
        var standard = Standard.Select(s => new StandardAnswers(s.Key, s.Value)).ToList();
        var results = SessionResultsCalculator.Compute(Session, Card(), new BaselineChoice(BaselineKind.Standard), Tolerance.Default,
            Scores(("ana", Ana), ("bo", Bo), ("cy", Cy)), standard);

        var by = results.Participants.ToDictionary(p => p.ParticipantId);
        Assert.Equal(0, by["ana"].Result!.MeanPercent, 9);
        Assert.Equal(BoMeanPercent, by["bo"].Result!.MeanPercent, 6);
        Assert.Equal(BoMeanPoints, by["bo"].Result!.MeanPoints, 6);
        Assert.Equal(CyMeanPercent, by["cy"].Result!.MeanPercent, 6);
        Assert.Equal(CyMeanPoints, by["cy"].Result!.MeanPoints, 6);
        Assert.True(by["ana"].Result!.Passed);
        Assert.True(by["bo"].Result!.Passed);
        Assert.False(by["cy"].Result!.Passed);
        Assert.Null(by["tl"].Result); // invited, scored nothing: absent, not failed
        Assert.False(by["tl"].CountsForInspectorKpis);

        Assert.Equal(63.64, results.Calls.Single(c => c.CallId == "c5").Baseline!.Value, 9);
        Assert.Equal(100 - 83.33, results.Calls.Single(c => c.CallId == "c1").Spread!.Value, 9);
        var greet = results.Items.Single(i => i.ItemId == "greet");
        Assert.Equal(GreetPercentAgreement, greet.Agreement.PercentAgreement!.Value, 9);
        // Against the standard's answers: 15 greet answers, 1 different (bo on c3).
        Assert.Equal(100.0 * 14 / 15, greet.BaselineMatchPercent!.Value, 9);
    }

    [Fact]
    public void TheExpertIsTheBaselineAndIsNotJudged()
    {
        // Ana as expert gives the same baseline as the standard (she scored exactly the standard).
        var results = SessionResultsCalculator.Compute(Session, Card(), new BaselineChoice(BaselineKind.Expert, "ANA"), Tolerance.Default,
            Scores(("ana", Ana), ("bo", Bo), ("cy", Cy)));
        var ana = results.Participants.Single(p => p.ParticipantId == "ana");
        Assert.True(ana.IsBaseline);
        Assert.Null(ana.Result);
        Assert.Equal(CyMeanPercent, results.Participants.Single(p => p.ParticipantId == "cy").Result!.MeanPercent, 6);
    }

    [Fact]
    public void WithoutAFixedBaselineEachCallIsJudgedAgainstTheGroupMean()
    {
        var results = SessionResultsCalculator.Compute(Session, Card(), new BaselineChoice(BaselineKind.Consensus), Tolerance.Default,
            Scores(("ana", Ana), ("bo", Bo), ("cy", Cy)));
        // c3: 91.67, 100, 91.67 → mean 94.4467; ana's deviation there is 2.7767 points.
        var c3 = results.Calls.Single(c => c.CallId == "c3");
        Assert.Equal((91.67 + 100 + 91.67) / 3, c3.Baseline!.Value, 9);
        var ana = results.Participants.Single(p => p.ParticipantId == "ana").Result!;
        Assert.Equal((91.67 + 100 + 91.67) / 3 - 91.67, ana.Calls.Single(c => c.CallId == "c3").Points, 9);
        Assert.Null(results.Items.Single(i => i.ItemId == "greet").BaselineMatchPercent); // no fixed answers to match
    }
}
