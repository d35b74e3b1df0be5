using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using QaServerless.Hosting;

namespace QaServerless.Calls;

/// <summary>
/// A call as a table row: every field a column (readable in Storage Explorer, filterable), plus the bookkeeping the
/// store needs: <c>Day</c> (center-local), <c>SamplingKey</c>, <c>Hash</c> (of the content, to tell a replay from a
/// correction) and <c>Version</c>.
/// </summary>
public static class CallEntity
{
    public static TableEntity ToEntity(Call call, string partitionKey, string rowKey, DateOnly day, string hash, int version)
    {
        var e = new TableEntity(partitionKey, rowKey)
        {
            ["CenterId"] = call.CenterId, ["CallId"] = call.CallId, ["AgentId"] = call.AgentId, ["Team"] = call.Team, ["RosterTeam"] = call.RosterTeam,
            ["BusinessType"] = call.BusinessType, ["Direction"] = call.Direction.ToString(),
            // The offset matters (the center's clock); Table Storage would keep only UTC, so it is text.
            ["Start"] = call.Start.ToString("o", CultureInfo.InvariantCulture), ["StartUtc"] = call.Start.UtcDateTime,
            ["TalkSeconds"] = call.TalkSeconds, ["HoldSeconds"] = call.HoldSeconds,
            ["AfterCallWorkSeconds"] = call.AfterCallWorkSeconds, ["QueueSeconds"] = call.QueueSeconds,
            ["Abandoned"] = call.Abandoned, ["CustomerKey"] = call.CustomerKey, ["Resolved"] = call.Resolved, ["Csat"] = call.Csat,
            ["Complaint"] = call.Complaint, ["TestCall"] = call.TestCall, ["AudioBlob"] = call.AudioBlob,
            ["Channel"] = call.Channel, ["FirstResponseSeconds"] = call.FirstResponseSeconds, ["Day"] = CallKeys.Day(day), ["SamplingKey"] = CallKeys.SamplingKey(call.CenterId, call.CallId).ToString("D20"),
            ["Hash"] = hash, ["Version"] = version,
        };
        if (call.Audio is { } audio)
        {
            e["AudioFormat"] = audio.Format; e["AudioBytes"] = audio.Bytes; e["AudioContentType"] = audio.ContentType;
            e["AudioSeconds"] = audio.DurationSeconds; e["AudioChannels"] = audio.Channels; e["AudioSampleRate"] = audio.SampleRate;
        }
        return e;
    }

    public static Call ToCall(TableEntity e) => new()
    {
        CenterId = e.GetString("CenterId")!, CallId = e.GetString("CallId")!, AgentId = e.GetString("AgentId")!,
        Team = e.GetString("Team") ?? "", RosterTeam = e.GetString("RosterTeam"), BusinessType = e.GetString("BusinessType")!,
        Direction = Enum.TryParse<CallDirection>(e.GetString("Direction"), out var d) ? d : CallDirection.Inbound,
        Start = DateTimeOffset.Parse(e.GetString("Start")!, CultureInfo.InvariantCulture),
        TalkSeconds = e.GetInt32("TalkSeconds") ?? 0, HoldSeconds = e.GetInt32("HoldSeconds") ?? 0,
        AfterCallWorkSeconds = e.GetInt32("AfterCallWorkSeconds") ?? 0, QueueSeconds = e.GetInt32("QueueSeconds") ?? 0,
        Abandoned = e.GetBoolean("Abandoned") ?? false, CustomerKey = e.GetString("CustomerKey"), Resolved = e.GetBoolean("Resolved"),
        Csat = e.GetInt32("Csat"), Complaint = e.GetBoolean("Complaint") ?? false, TestCall = e.GetBoolean("TestCall") ?? false,
        AudioBlob = e.GetString("AudioBlob"), Channel = e.GetString("Channel"),
        FirstResponseSeconds = e.GetInt32("FirstResponseSeconds"),
        Audio = e.GetString("AudioFormat") is { } format
            ? new AudioInfo(format, e.GetInt64("AudioBytes") ?? 0, e.GetString("AudioContentType"), e.GetDouble("AudioSeconds"),
                e.GetInt32("AudioChannels"), e.GetInt32("AudioSampleRate"))
            : null,
    };

    /// <summary>A fingerprint of the call's content: equal for a replay, different for a correction.</summary>
    public static string Hash(Call call)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(call, HostJson.Options);
        return Convert.ToHexString(SHA256.HashData(json), 0, 12);
    }
}
