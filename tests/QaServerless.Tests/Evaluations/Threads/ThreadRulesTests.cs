using QaServerless.Evaluations;
using QaServerless.Evaluations.Threads;
using QaServerless.Notifications;
using QaServerless.Scoring;
using QaServerless.Security;
using static QaServerless.Scoring.ItemAnswer;
using static QaServerless.Tests.Scoring.ScoringExamples;

namespace QaServerless.Tests.Evaluations.Threads;

/// <summary>The thread's rules without storage: who may be mentioned, what a post, an edit and a withdrawal make, who hears of it.</summary>
public sealed class ThreadRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> T1Supervisors = new(["sup-1"], StringComparer.OrdinalIgnoreCase);

    private static Evaluation Submitted()
    {
        var card = Standard();
        var e = EvaluationFlow.Start("c1", "ev1", "call1", "a1", "T1", "insp-1", card, true, 300, new Change("insp-1", T0));
        e = EvaluationFlow.SaveDraft(e, card, [Yes("greet"), No("verify"), Scale("solve", 4), Yes("close"), Yes("disclose"), Yes("empathy")], [], new Change("insp-1", T0)).Next!;
        return EvaluationFlow.Submit(e, card, new Change("insp-1", T0)).Next!;
    }

    private static Evaluation Released() => EvaluationFlow.Release(Submitted(), 7, new Change("insp-1", T0)).Next!;

    private static ThreadComment Post(Evaluation e, string text, string author = "a1", string role = Roles.Agent, string? itemId = null, string? parentId = null,
        IReadOnlyList<ThreadComment>? thread = null, string? id = null)
    {
        var step = ThreadRules.Post(e, Standard(), new ThreadAudience(e, T1Supervisors), thread ?? [], new CommentRequest(id, text, itemId, parentId),
            id ?? ThreadRules.DerivedId(author, itemId, parentId, text), author, role, T0.AddMinutes(1));
        Assert.True(step.Next is not null, string.Join("; ", step.Errors?.SelectMany(x => x.Value) ?? [step.Conflict ?? ""]));
        return step.Next!;
    }

    [Fact]
    public void MentionsAreTheAtIdsOfTheTextEachOnceAndNoEmailAddress()
    {
        Assert.Equal(["I001", Recipients.QaLeads, "sup-1"],
            ThreadRules.MentionsIn("请@I001看一下，抄送 @qa-lead。@i001 再说一次；邮件 a@b.cn 不算；@sup-1."));
        Assert.Empty(ThreadRules.MentionsIn("没有提到任何人 @ 也不算"));
    }

    [Fact]
    public void BeforeReleaseOnlyTheScorersMayBeMentionedAfterItTheAgentAndTheTeamsSupervisorToo()
    {
        var before = new ThreadAudience(Submitted(), T1Supervisors);
        Assert.True(before.MaySee("insp-1") && before.MaySee(Recipients.QaLeads));
        Assert.False(before.MaySee("a1") || before.MaySee("sup-1"));

        var after = new ThreadAudience(Released(), T1Supervisors);
        Assert.True(after.MaySee("a1") && after.MaySee("sup-1") && after.MaySee("insp-1"));
        Assert.False(after.MaySee("a2") || after.MaySee("sup-2") || after.MaySee("insp-2"));
        Assert.False(after.MaySee("a1", scorersOnly: true));
        Assert.Equal(["insp-1", "a1", "sup-1", Recipients.QaLeads], after.Mentionable(_ => null).Select(m => m.Id));
        Assert.Equal(["insp-1", Recipients.QaLeads], before.Mentionable(_ => null).Select(m => m.Id));
    }

    [Fact]
    public void AMentionOfSomebodyWhoMayNotSeeTheEvaluationIsRefusedNamingMentions()
    {
        var e = Released();
        var step = ThreadRules.Post(e, Standard(), new ThreadAudience(e, T1Supervisors), [], new CommentRequest("cm-1", "@a2 @sup-2 @insp-1 看看", null, null),
            "cm-1", "a1", Roles.Agent, T0);
        Assert.Null(step.Next);
        Assert.Equal(["mentions"], step.Errors!.Keys);
        Assert.Equal(2, step.Errors["mentions"].Length);
        Assert.Contains("'a2'", step.Errors["mentions"][0]);
        Assert.Contains("'sup-2'", step.Errors["mentions"][1]);

        // Before release even the agent of the evaluation may not be mentioned.
        var draft = Submitted();
        var early = ThreadRules.Post(draft, Standard(), new ThreadAudience(draft, T1Supervisors), [], new CommentRequest("cm-2", "@a1 先看看", null, null),
            "cm-2", "insp-1", Roles.Inspector, T0);
        Assert.Equal(["mentions"], early.Errors!.Keys);
    }

    [Fact]
    public void AnItemCommentNamesAnItemOfTheScorecardVersionAndAReplyTakesItsParentsItem()
    {
        var e = Released();
        var root = Post(e, "我核实了身份 @insp-1", itemId: "verify");
        Assert.Equal(("verify", null, 1, "posted", false), (root.ItemId, root.ParentId, root.Version, root.Reason, root.BeforeRelease));
        Assert.Equal(["insp-1"], root.Mentions);

        var reply = Post(e, "已复核", author: "insp-1", role: Roles.Inspector, parentId: root.CommentId, thread: [root]);
        Assert.Equal(("verify", root.CommentId), (reply.ItemId, reply.ParentId));

        var audience = new ThreadAudience(e, T1Supervisors);
        Assert.Equal(["itemId"], ThreadRules.Post(e, Standard(), audience, [], new CommentRequest("x1", "?", "nope", null), "x1", "a1", Roles.Agent, T0).Errors!.Keys);
        Assert.Equal(["itemId"], ThreadRules.Post(e, Standard(), audience, [root], new CommentRequest("x2", "?", "greet", root.CommentId), "x2", "a1", Roles.Agent, T0).Errors!.Keys);
        Assert.Equal(["parentId"], ThreadRules.Post(e, Standard(), audience, [root], new CommentRequest("x3", "?", null, "cm-none"), "x3", "a1", Roles.Agent, T0).Errors!.Keys);
        Assert.Equal(["text"], ThreadRules.Post(e, Standard(), audience, [], new CommentRequest("x4", "  ", null, null), "x4", "a1", Roles.Agent, T0).Errors!.Keys);
        Assert.Equal(["commentId"], ThreadRules.Post(e, Standard(), audience, [], new CommentRequest("-x", "?", null, null), "-x", "a1", Roles.Agent, T0).Errors!.Keys);
    }

    [Fact]
    public void TheTextIsMaskedBeforeItIsKept()
    {
        var comment = Post(Released(), "客户留的号码是13812345678，@insp-1 请回电");
        Assert.Equal("客户留的号码是138****5678，@insp-1 请回电", comment.Text);
    }

    [Fact]
    public void ACommentBeforeReleaseStaysBetweenTheScorersAndSoDoReplies()
    {
        var draft = Submitted();
        var note = Post(draft, "verify 这一项我拿不准 @qa-lead", author: "insp-1", role: Roles.Inspector);
        Assert.True(note.BeforeRelease);
        var e = Released();
        var reply = Post(e, "按否处理", author: "lead-1", role: Roles.QaLead, parentId: note.CommentId, thread: [note]);
        Assert.True(reply.BeforeRelease);
        var agent = new CurrentUser("u-a1", "a1", new HashSet<string> { Roles.Agent }, new HashSet<string> { "c1" }, new HashSet<string>(), "a1");
        var inspector = agent with { Roles = new HashSet<string> { Roles.Inspector }, PersonId = "insp-1" };
        Assert.False(ThreadRules.MayRead(agent, e, note));
        Assert.True(ThreadRules.MayRead(inspector, e, note));
        Assert.True(ThreadRules.MayRead(agent, e, Post(e, "发布后的评论")));
    }

    [Fact]
    public void AnEditIsTheNextVersionAndAWithdrawalKeepsNoTextInTheHead()
    {
        var e = Released();
        var audience = new ThreadAudience(e, T1Supervisors);
        var v1 = Post(e, "第一稿");
        var v2 = ThreadRules.Edit(v1, audience, "第二稿 @sup-1", null, "a1", T0.AddMinutes(5)).Next!;
        Assert.Equal((2, "第二稿 @sup-1", "edited", T0.AddMinutes(5), v1.PostedAt), (v2.Version, v2.Text, v2.Reason, v2.ChangedAt, v2.PostedAt));
        Assert.Equal("第一稿", v1.Text);
        Assert.Equal(["sup-1"], ThreadRules.NewMentions(v1, v2));
        Assert.Same(v2, ThreadRules.Edit(v2, audience, " 第二稿 @sup-1 ", null, "a1", T0).Next); // no change: no version

        var v3 = ThreadRules.Withdraw(v2, null, "a1", T0.AddMinutes(9)).Next!;
        Assert.Equal((3, "", true, "withdrawn"), (v3.Version, v3.Text, v3.Withdrawn, v3.Reason));
        Assert.Empty(v3.Mentions);
        Assert.Equal(QaServerless.Hosting.ProblemCodes.CommentWithdrawn, ProblemCodesOf(ThreadRules.Edit(v3, audience, "再改", null, "a1", T0)));
        Assert.Equal(QaServerless.Hosting.ProblemCodes.CommentWithdrawn, ProblemCodesOf(ThreadRules.Withdraw(v3, null, "a1", T0)));
    }

    private static string? ProblemCodesOf(CommentStep step) => step.Next is null ? step.Code : null;

    [Fact]
    public void AMentionNotifiesTheNewlyMentionedOnceKeyedByCommentAndVersion()
    {
        var e = Released();
        var v1 = Post(e, "@insp-1 @a1 请看", id: "cm-7");
        var mentioned = ThreadEvents.Mentioned(e, null, v1, "Agent One")!;
        Assert.Equal((NotificationKind.Mentioned, "mentioned|ev1|cm-7|v1"), (mentioned.Kind, mentioned.Key));
        Assert.Equal(["insp-1"], mentioned.Recipients); // not the author
        Assert.Equal("#/evaluation/c1/ev1?comment=cm-7", mentioned.Link);
        Assert.Equal(("Agent One", "call1", "@insp-1 @a1 请看"), (mentioned.Facts["byName"], mentioned.Facts["callId"], mentioned.Facts["excerpt"]));
        var words = NotificationText.Title(new Notification
        {
            CenterId = "c1", Recipient = "insp-1", NotificationId = "n-1", Kind = mentioned.Kind, EventKey = mentioned.Key, Subject = mentioned.Subject,
            Link = mentioned.Link, Facts = mentioned.Facts, At = mentioned.At,
        });
        Assert.Equal(("Agent One 在通话 call1 的评估讨论中提到了您：@insp-1 @a1 请看", "Agent One mentioned you on the evaluation of call call1: @insp-1 @a1 请看"), words);

        var v2 = ThreadRules.Edit(v1, new ThreadAudience(e, T1Supervisors), "@insp-1 @a1 @qa-lead 请看", null, "a1", T0).Next!;
        var added = ThreadEvents.Mentioned(e, v1, v2, "Agent One")!;
        Assert.Equal(("mentioned|ev1|cm-7|v2", Recipients.QaLeads), (added.Key, added.Recipients.Single()));
        Assert.Null(ThreadEvents.Mentioned(e, v2, v2 with { Version = 3 }, "Agent One"));
    }

    [Fact]
    public void AReplyNotifiesTheOthersInItsConversationButNotTheMentionedOrTheReplier()
    {
        var e = Released();
        var audience = new ThreadAudience(e, T1Supervisors);
        var root = Post(e, "verify 我做了", id: "cm-r");
        var lead = Post(e, "我来看", author: "lead-1", role: Roles.QaLead, parentId: "cm-r", thread: [root], id: "cm-l");
        var sup = Post(e, "同意", author: "sup-1", role: Roles.Supervisor, parentId: "cm-l", thread: [root, lead], id: "cm-s");
        var other = Post(e, "另一件事", author: "sup-9", role: Roles.Supervisor, id: "cm-o"); // another conversation, and sup-9 no longer sees it
        var reply = Post(e, "@a1 已复核", author: "insp-1", role: Roles.Inspector, parentId: "cm-s", thread: [root, lead, sup, other], id: "cm-i");
        var thread = new[] { root, lead, sup, other, reply };

        var replied = ThreadEvents.Replied(e, reply, thread, audience, "Inspector One")!;
        Assert.Equal((NotificationKind.CommentReplied, "replied|ev1|cm-i"), (replied.Kind, replied.Key));
        Assert.Equal(["lead-1", "sup-1"], replied.Recipients); // a1 is mentioned (told by the mention), insp-1 wrote it
        Assert.Null(ThreadEvents.Replied(e, root, thread, audience, "Agent One")); // not a reply
        Assert.Null(ThreadEvents.Replied(e, reply with { Version = 2 }, thread, audience, "Inspector One")); // an edit replies to nobody
    }

    [Fact]
    public void APostWithoutAnIdGetsTheSameIdForTheSameAuthorItemParentAndText()
    {
        Assert.Equal(ThreadRules.DerivedId("a1", "verify", null, "好的 "), ThreadRules.DerivedId("a1", "verify", null, "好的"));
        Assert.NotEqual(ThreadRules.DerivedId("a1", "verify", null, "好的"), ThreadRules.DerivedId("a1", "greet", null, "好的"));
        Assert.True(ThreadRules.IsCommentId(ThreadRules.DerivedId("a1", null, null, "x")));
    }
}
