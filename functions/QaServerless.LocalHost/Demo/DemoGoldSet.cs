using QaServerless.FakeOpenAI;

namespace QaServerless.LocalHost.Demo;

/// <summary>
/// The demo's gold set: each of the five canned demo conversations (what the local fake Azure OpenAI "hears" in a demo
/// recording) scored by hand on the inbound scorecard (ScorecardTemplates.Inbound), reading the item wording strictly.
/// The demo inspectors release exactly these answers, so the lead's agreement figures measure the AI against this set.
/// Points: yes/no items 1/0, scale items 0..max, null = N/A.
/// </summary>
public static class DemoGoldSet
{
    public const string ScorecardId = "inbound-service";

    private static readonly string[] Items =
        ["greet-2s", "self-intro", "verify-id", "restate-need", "solution", "hold", "correct-info", "disclosure", "no-forbidden", "confirm-solved", "closing-phrase", "empathy", "no-silence"];

    // Columns in the order of Items. Nobody gives an agent number and nobody invites a survey, so self-intro and
    // closing-phrase are 0 throughout; asking for the order's phone number is not "name + ID last four" (verify-id 0).
    private static readonly Dictionary<string, int?[]> Gold = new()
    {
        ["good-order-inquiry"] =        [1, 0, 0, 1, 4, null, 1, 1, 1, 1, 0, null, 1],
        ["late-greeting-repeat-call"] = [0, 0, 0, 1, 3, 0,    1, 0, 1, 0, 0, 1,    0],
        ["forbidden-words-complaint"] = [1, 0, 0, 0, 0, null, 1, 0, 0, 0, 0, 0,    1],
        ["no-disclosure-after-sales"] = [1, 0, 1, 1, 4, null, 1, 0, 1, 0, 0, null, 1],
        ["good-complaint-handling"] =   [1, 0, 1, 1, 4, null, 1, 1, 1, 1, 0, 1,    1],
    };

    /// <summary>The hand-scored answer of an item for the conversation a call id gets; null when the item is not in the set.</summary>
    public static (int? Points, bool NotApplicable)? Answer(string callId, string itemId)
    {
        var index = Array.IndexOf(Items, itemId);
        if (index < 0) return null;
        var points = Gold[CannedTranscripts.DemoFor(callId).Name][index];
        return (points, points is null);
    }

    /// <summary>Every item of the set answered for the call, as the evaluation API takes them.</summary>
    public static IReadOnlyList<object> Answers(string callId) => Items
        .Select(item => Answer(callId, item)!.Value)
        .Zip(Items, (a, item) => (object)new { itemId = item, points = a.Points, notApplicable = a.NotApplicable })
        .ToList();

    public static IEnumerable<string> Conversations => Gold.Keys;
}
