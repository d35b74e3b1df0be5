using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace QaServerless.FakeOpenAI;

/// <summary>
/// The fake's "model": answers a pre-scoring request deterministically from the JSON schema (one property per
/// scorecard item, its description = the item's wording, its answer enum) and the transcript lines in the prompt
/// (<c>[12.5s 坐席] text</c>). Per item it looks for the agent line that shares the most character pairs with the item's
/// wording; an item with a time limit ("2 秒内") fails when that line comes later; a "禁语 / forbidden" item fails on a
/// line with a brush-off phrase; otherwise a good match passes. Evidence is the matched line and its start time. A text
/// conversation's prompt (<c>[#3 10:02:15 坐席] text</c>, sent times) is read the same way, times being seconds after the
/// first message, and when the schema asks for a message number the evidence cites the line's number instead of a time.
/// Not clever, only repeatable: enough to exercise schema building, evidence checks and agreement end to end.
/// </summary>
public static partial class FakeScorer
{
    private static readonly string[] BrushOffs = ["不归我管", "你自己看", "我没办法", "不知道", "随便你", "爱买不买"];

    private sealed record Line(double Start, string Speaker, string Text, int? Number = null);

    public static string Answer(JsonNode? schema, string prompt, double shiftEvidence = 0)
    {
        var lines = PromptLine().Matches(prompt)
            .Select(m => new Line(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, m.Groups[3].Value.Trim()))
            .ToList();
        if (lines.Count == 0) lines = MessageLines(prompt);
        var items = new JsonObject();
        var itemSchemas = schema?["properties"]?["items"]?["properties"]?.AsObject() ?? [];
        foreach (var (itemId, itemSchema) in itemSchemas)
        {
            var description = (string?)itemSchema?["description"] ?? itemId;
            var answers = itemSchema?["properties"]?["answer"]?["enum"]?.AsArray().Select(a => (string)a!).ToList() ?? ["yes", "no"];
            var cites = itemSchema?["properties"]?["evidence"]?["items"]?["properties"]?["message"] is not null ? "message" : "time";
            items[itemId] = Score(description, answers, lines, shiftEvidence, cites);
        }
        return new JsonObject { ["items"] = items }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>A thread's lines, <c>[#n HH:mm:ss sender] text</c>: starts are seconds after the first line's clock (a day boundary wraps).</summary>
    private static List<Line> MessageLines(string prompt)
    {
        var found = MessageLine().Matches(prompt).ToList();
        if (found.Count == 0) return [];
        static double Clock(string text) => TimeSpan.ParseExact(text.TrimStart('+'), @"hh\:mm\:ss", CultureInfo.InvariantCulture).TotalSeconds;
        var first = Clock(found[0].Groups[2].Value);
        return [.. found.Select(m => new Line((Clock(m.Groups[2].Value) - first + 86400) % 86400, m.Groups[3].Value, m.Groups[4].Value.Trim(),
            int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))];
    }

    private static JsonObject Score(string description, List<string> answers, List<Line> lines, double shift, string cites)
    {
        JsonObject Item(string answer, double confidence, Line? evidence, double shift) => FakeScorer.Item(answer, confidence, evidence, shift, cites);
        var pass = answers.Contains("yes") ? "yes" : answers.Where(a => int.TryParse(a, out _)).MaxBy(int.Parse) ?? answers[0];
        var fail = answers.Contains("no") ? "no" : answers.Where(a => int.TryParse(a, out _)).MinBy(int.Parse) ?? answers[^1];
        var agent = lines.Where(l => l.Speaker == "坐席").ToList();

        if (Regex.IsMatch(description, "禁语|forbidden|不当用语|态度", RegexOptions.IgnoreCase))
        {
            var bad = agent.FirstOrDefault(l => BrushOffs.Any(l.Text.Contains));
            return bad is null ? Item(pass, 0.7, null, shift) : Item(fail, 0.9, bad, shift);
        }

        var best = agent.Select(l => (Line: l, Shared: SharedPairs(description, l.Text))).OrderByDescending(x => x.Shared).ThenBy(x => x.Line.Start).FirstOrDefault();
        if (best.Line is null || best.Shared < 2) return Item(fail, 0.55, null, shift);
        var limit = TimeLimit().Match(description);
        if (limit.Success && best.Line.Start > double.Parse(limit.Groups[1].Value, CultureInfo.InvariantCulture))
            return Item(fail, 0.8, best.Line, shift);
        return Item(pass, Math.Min(0.95, 0.5 + 0.08 * best.Shared), best.Line, shift);
    }

    private static JsonObject Item(string answer, double confidence, Line? evidence, double shift, string cites) => new()
    {
        ["answer"] = answer,
        ["confidence"] = Math.Round(confidence, 2),
        ["evidence"] = evidence is null ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["quote"] = evidence.Text.Length > 30 ? evidence.Text[..30] : evidence.Text,
            // A shifted answer cites the wrong place: a later time, or a later message.
            [cites] = cites == "message" ? (evidence.Number ?? 0) + (int)Math.Round(shift) : Math.Round(evidence.Start + shift, 1),
        }),
    };

    /// <summary>How many distinct adjacent character pairs (letters, digits, CJK) the two texts share.</summary>
    public static int SharedPairs(string a, string b)
    {
        static HashSet<string> Pairs(string s)
        {
            var chars = s.Where(char.IsLetterOrDigit).ToArray();
            return Enumerable.Range(0, Math.Max(0, chars.Length - 1)).Select(i => new string(chars, i, 2)).ToHashSet();
        }
        var pa = Pairs(a);
        pa.IntersectWith(Pairs(b));
        return pa.Count;
    }

    [GeneratedRegex(@"^\[(\d+(?:\.\d+)?)s (坐席|客户|未知)\] (.*)$", RegexOptions.Multiline)]
    private static partial Regex PromptLine();

    [GeneratedRegex(@"^\[#(\d+) (\+?\d\d:\d\d:\d\d) (坐席|客户|系统)\] (.*)$", RegexOptions.Multiline)]
    private static partial Regex MessageLine();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*(?:秒|s\b|seconds?)", RegexOptions.IgnoreCase)]
    private static partial Regex TimeLimit();
}
