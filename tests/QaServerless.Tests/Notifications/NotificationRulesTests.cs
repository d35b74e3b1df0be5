using QaServerless.Calibration;
using QaServerless.Evaluations;
using QaServerless.Notifications;

namespace QaServerless.Tests.Notifications;

/// <summary>Who hears of what, and what makes each reminder once-only: plain functions, no storage.</summary>
public sealed class NotificationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static Evaluation Released(DateTimeOffset deadline, params Coaching[] coaching) => new()
    {
        CenterId = "c1", EvaluationId = "ev-1", CallId = "call-1", AgentId = "a1", Team = "T1", InspectorId = "i1", ScorecardId = "s", ScorecardVersion = 1,
        Status = EvaluationStatus.Released, AppealDeadline = deadline, Coaching = coaching, Version = 4, ChangedBy = "i1", ChangedAt = Now, Reason = "released",
    };

    private static Coaching Plan(DateOnly followUp, string? outcome = null) => new()
    {
        CoachingId = "co-1", Action = "复听", Owner = "sup-1", FollowUpOn = followUp, CreatedBy = "sup-1", CreatedAt = Now, Outcome = outcome,
    };

    [Fact]
    public void AnOverdueCoachingRemindsOnceADayUntilItsOutcomeIsRecorded()
    {
        var e = Released(Now.AddDays(7), Plan(Today.AddDays(-3)));
        var monday = Assert.Single(NotificationRules.Reminders(e, Today, Now, "sup-9"));
        var mondayAgain = Assert.Single(NotificationRules.Reminders(e, Today, Now.AddHours(5), "sup-9"));
        var tuesday = Assert.Single(NotificationRules.Reminders(e, Today.AddDays(1), Now.AddDays(1), "sup-9"));
        Assert.Equal(NotificationKind.CoachingOverdue, monday.Kind);
        Assert.Equal(monday.Key, mondayAgain.Key);
        Assert.NotEqual(monday.Key, tuesday.Key);
        Assert.Equal(["sup-1", "sup-9"], monday.Recipients);
        Assert.Empty(NotificationRules.Reminders(Released(Now.AddDays(7), Plan(Today.AddDays(-3), outcome: "好转")), Today, Now, "sup-9"));
    }

    [Fact]
    public void TheAppealWindowRemindsTheAgentOnceWithinTwoDaysOfItsEnd()
    {
        Assert.Empty(NotificationRules.Reminders(Released(Now.AddDays(3)), Today, Now, null));
        var soon = Assert.Single(NotificationRules.Reminders(Released(Now.AddDays(2)), Today, Now, null));
        var later = Assert.Single(NotificationRules.Reminders(Released(Now.AddDays(2)), Today.AddDays(1), Now.AddDays(1), null));
        Assert.Equal((NotificationKind.AppealDeadlineSoon, soon.Key), (later.Kind, later.Key)); // the deadline, not the day, makes it once-only
        Assert.Equal(["a1"], soon.Recipients);
        Assert.Empty(NotificationRules.Reminders(Released(Now.AddMinutes(-1)), Today, Now, null)); // closed already
    }

    [Fact]
    public void LifecycleStepsNotifyTheirPeopleAndOtherStepsNobody()
    {
        var submitted = Released(Now.AddDays(7)) with { Status = EvaluationStatus.Submitted, Version = 3 };
        var released = Released(Now.AddDays(7));
        Assert.Equal(["a1", "sup-1"], NotificationRules.ForEvaluationChange(submitted, released, "sup-1")!.Recipients);
        var appealed = released with { Status = EvaluationStatus.Appealed, Version = 5 };
        Assert.Equal([Recipients.QaLeads], NotificationRules.ForEvaluationChange(released, appealed, "sup-1")!.Recipients);
        var upheld = appealed with { Status = EvaluationStatus.AppealUpheld, Version = 6 };
        var decided = NotificationRules.ForEvaluationChange(appealed, upheld, null)!;
        Assert.Equal(["a1", "i1"], decided.Recipients);
        Assert.Equal("true", decided.Facts["upheld"]);
        Assert.Null(NotificationRules.ForEvaluationChange(released, released with { Status = EvaluationStatus.Acknowledged, Version = 5 }, "sup-1"));
    }

    [Fact]
    public void CalibrationDueGoesToThoseWhoHaveNotFinished()
    {
        var session = new CalibrationSession
        {
            CenterId = "c1", SessionId = "cal-1", Title = "11 月", ScorecardId = "s", ScorecardVersion = 1, CallIds = ["x"],
            Participants = [new Participant("i1", ParticipantRole.Inspector), new Participant("i2", ParticipantRole.Inspector)],
            CreatedBy = "lead", CreatedAt = Now.AddDays(-5), DueAt = Now.AddDays(1),
        };
        Assert.Equal(["i2"], NotificationRules.CalibrationDue(session, new HashSet<string> { "i1" }, Now)!.Recipients);
        Assert.Null(NotificationRules.CalibrationDue(session with { DueAt = Now.AddDays(3) }, new HashSet<string>(), Now));
        Assert.Null(NotificationRules.CalibrationDue(session, new HashSet<string> { "i1", "i2" }, Now));
    }

    [Fact]
    public void TheCalibrationAlertComesAtEachFailureFromTheSecondInARowAndOnlyToTheLeads()
    {
        // cy: fail, pass, fail, fail, fail, one day apart.
        var trend = InspectorTrend.From("cy", new[] { false, true, false, false, false }
            .Select((passed, i) => new SessionOutcome($"s{i + 1}", Now.AddDays(i), passed ? 1 : 9, 1, passed)));
        CalibrationSession Session(string id) => new()
        {
            CenterId = "c1", SessionId = id, Title = $"第 {id} 场", ScorecardId = "s", ScorecardVersion = 1, CallIds = ["x"],
            Participants = [new Participant("cy", ParticipantRole.Inspector)], CreatedBy = "lead", CreatedAt = Now,
        };
        Assert.All(new[] { "s1", "s2", "s3" }, id => Assert.Null(NotificationRules.CalibrationAlert(Session(id), trend, Now)));
        var fourth = NotificationRules.CalibrationAlert(Session("s4"), trend, Now)!;
        var fifth = NotificationRules.CalibrationAlert(Session("s5"), trend, Now)!;
        Assert.Equal(("calibration-alert|cy|s4", "2"), (fourth.Key, fourth.Facts["failures"]));
        Assert.Equal(("calibration-alert|cy|s5", "3"), (fifth.Key, fifth.Facts["failures"]));
        Assert.Equal([Recipients.QaLeads], fourth.Recipients);
        Assert.Equal("#/calibration/trends/c1?inspector=cy", fourth.Link);
    }

    [Fact]
    public void ANotificationIdIsTheSameForTheSameEventAndRecipientOnly()
    {
        Assert.Equal(Notification.IdFor("c1", "released|ev-1|v4", "a1"), Notification.IdFor("c1", "released|ev-1|v4", "a1"));
        Assert.NotEqual(Notification.IdFor("c1", "released|ev-1|v4", "a1"), Notification.IdFor("c1", "released|ev-1|v4", "sup-1"));
        Assert.NotEqual(Notification.IdFor("c1", "released|ev-1|v4", "a1"), Notification.IdFor("c2", "released|ev-1|v4", "a1"));
    }
}
