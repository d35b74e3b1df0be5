using System.Text.Json;
using System.Text.Json.Nodes;
using QaServerless.Ai.Transcripts;

namespace QaServerless.Ai.PreScoring;

/// <summary>
/// The structured-output contract with the model, built from the scorecard version: one property per item (its
/// description is the item's wording and guidance; its answer enum is that item's answers), each with a confidence
/// and evidence quotes with times. Strict mode needs every property required and no additional properties. For a text
/// conversation (<c>text</c>) a quote cites the number of the message it is from (<c>#3</c>) instead of a time.
/// </summary>
public static class PreScoringSchema
{
    public const string Name = "qa_prescore";

    public static BinaryData Build(PreScoringCard card, bool text = false)
    {
        var (at, atSchema, evidenceHint) = text
            ? ("message", (Func<JsonNode>)(() => new JsonObject { ["type"] = "integer", ["description"] = "The number after # on the quoted message's line." }),
                "Exact quotes from the conversation's messages that support the answer, each with the number of the message it is from.")
            : ("time", () => new JsonObject { ["type"] = "number" },
                "Exact quotes from the transcript that support the answer, with the time in seconds shown on the quoted line.");
        var items = new JsonObject();
        foreach (var item in card.Items)
        {
            items[item.ItemId] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = item.Guidance is { Length: > 0 } g ? $"{item.Text}（{g}）" : item.Text,
                ["additionalProperties"] = false,
                ["required"] = new JsonArray("answer", "confidence", "evidence"),
                ["properties"] = new JsonObject
                {
                    ["answer"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. item.Answers.Select(a => (JsonNode)a)]) },
                    ["confidence"] = new JsonObject { ["type"] = "number", ["description"] = "0 to 1" },
                    ["evidence"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["description"] = evidenceHint,
                        ["items"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["additionalProperties"] = false,
                            ["required"] = new JsonArray("quote", at),
                            ["properties"] = new JsonObject
                            {
                                ["quote"] = new JsonObject { ["type"] = "string" },
                                [at] = atSchema(), // a node has one parent: a fresh one per item
                            },
                        },
                    },
                },
            };
        }
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["required"] = new JsonArray([.. card.Items.Select(i => (JsonNode)i.ItemId)]),
                    ["properties"] = items,
                },
            },
        };
        return BinaryData.FromString(schema.ToJsonString());
    }

    public const string SystemPrompt =
        "你是呼叫中心质检助手。根据通话转写逐项评分。每个回答都必须引用转写中的原话作为证据，并给出该句所在行标注的时间（秒）。" +
        "找不到证据时不要编造引用，给出最可能的答案并让 evidence 为空数组。只输出符合 JSON Schema 的结果。";

    /// <summary>The same task on a text conversation: quotes cite message numbers.</summary>
    public const string TextSystemPrompt =
        "你是联络中心质检助手。根据文字会话（在线客服、即时消息、邮件）的消息逐项评分。每条消息一行，格式为 [#编号 发送时间 发送方]。" +
        "每个回答都必须引用消息中的原话作为证据，并给出该消息的编号（# 后的数字）。" +
        "找不到证据时不要编造引用，给出最可能的答案并让 evidence 为空数组。只输出符合 JSON Schema 的结果。";

    /// <summary>
    /// The user message: the masked transcript, one line per segment, times as the evidence must cite them; a text
    /// conversation's messages as <c>[#3 10:02:15 客户] …</c>, sent times in <paramref name="zone"/> (the center's).
    /// </summary>
    public static string UserPrompt(Transcript maskedTranscript, TimeZoneInfo? zone = null) => maskedTranscript.IsThread()
        ? "会话消息：\n" + TextConversation.ToPromptText(maskedTranscript, zone ?? TimeZoneInfo.Utc)
        : "通话转写：\n" + maskedTranscript.ToPromptText();
}

/// <summary>One item as the model answered it.</summary>
public sealed record ModelAnswer(string ItemId, string Answer, double Confidence, IReadOnlyList<ModelEvidence> Evidence);

/// <summary>A quote as the model cited it: at a time (calls) or in a numbered message (text conversations; <see cref="Time"/> then -1).</summary>
public sealed record ModelEvidence(string Quote, double Time, int? Message = null);

public sealed class MalformedAnswerException(string message) : Exception(message);

public static class ModelAnswerParser
{
    /// <summary>Parses the model's JSON; anything that is not the schema's shape (or an answer outside the item's enum) is malformed.</summary>
    public static IReadOnlyList<ModelAnswer> Parse(string content, PreScoringCard card)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(content); }
        catch (JsonException e) { throw new MalformedAnswerException($"Not JSON: {e.Message}"); }
        if (root?["items"] is not JsonObject items) throw new MalformedAnswerException("No items object.");
        var answers = new List<ModelAnswer>();
        foreach (var item in card.Items)
        {
            if (items[item.ItemId] is not JsonObject a) continue; // an item left out is simply not suggested
            try
            {
                var answer = (string?)a["answer"] ?? throw new MalformedAnswerException($"{item.ItemId}: no answer.");
                if (!item.Answers.Contains(answer)) throw new MalformedAnswerException($"{item.ItemId}: '{answer}' is not one of the item's answers.");
                var evidence = (a["evidence"] as JsonArray ?? [])
                    .Select(e => new ModelEvidence((string?)e?["quote"] ?? "", (double?)e?["time"] ?? -1, (int?)e?["message"]))
                    .ToList();
                answers.Add(new ModelAnswer(item.ItemId, answer, Math.Clamp((double?)a["confidence"] ?? 0, 0, 1), evidence));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new MalformedAnswerException($"{item.ItemId}: {e.Message}");
            }
        }
        return answers;
    }
}
