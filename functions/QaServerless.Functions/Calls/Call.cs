namespace QaServerless.Calls;

public enum CallDirection { Inbound, Outbound }

/// <summary>
/// One call as the center's call records describe it (manifest or CDR row, schema in docs/ingest-formats.md).
/// Durations are whole seconds. <see cref="CustomerKey"/> is already hashed by the center: we never see the number.
/// </summary>
public sealed record Call
{
    public required string CenterId { get; init; }
    public required string CallId { get; init; }
    public required string AgentId { get; init; }
    public required string Team { get; init; }
    /// <summary>咨询 inquiry, 投诉 complaint, 订单 order, 售后 after-sales … as the center names them.</summary>
    public required string BusinessType { get; init; }
    public required CallDirection Direction { get; init; }
    public required DateTimeOffset Start { get; init; }
    public int TalkSeconds { get; init; }
    public int HoldSeconds { get; init; }
    public int AfterCallWorkSeconds { get; init; }
    public int QueueSeconds { get; init; }
    public bool Abandoned { get; init; }
    public string? CustomerKey { get; init; }
    public bool? Resolved { get; init; }
    /// <summary>Customer satisfaction, 1..5 when the customer answered the survey.</summary>
    public int? Csat { get; init; }
    public bool Complaint { get; init; }
    /// <summary>An announced test call (明访) placed by a QA lead: always reviewed.</summary>
    public bool TestCall { get; init; }
    /// <summary>
    /// The channel the source names (<c>voice</c>, <c>chat</c>, <c>task</c>, <c>email</c> … lower case), when it names one;
    /// null for our own formats, which carry calls. Left out of the JSON when null, so a call's content hash (replays,
    /// corrections) is what it was before the field existed.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Channel { get; init; }
    /// <summary>
    /// A text conversation's first response time: seconds from the customer's first message to the agent's first message
    /// after it (from its stored messages, docs/ingest-formats.md); null for a call, for a conversation whose messages
    /// have not arrived yet, or one no agent answered. Left out of the JSON when null (content hashes of calls unchanged).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? FirstResponseSeconds { get; init; }
    /// <summary>The audio file's blob name in the recordings container, when there is audio.</summary>
    public string? AudioBlob { get; init; }
    /// <summary>What the audio file's header says (read with a ranged read at ingest), when there is audio.</summary>
    public AudioInfo? Audio { get; init; }

    /// <summary>
    /// The agent's team on the roster when the call was stored (null for an agent not on the roster). The call keeps the
    /// team its record gave (<see cref="Team"/>); a different one is flagged (<see cref="TeamMismatch"/>), and the roster
    /// team owns the call for supervisors and team KPIs: one odd record never moves an agent out of their team.
    /// </summary>
    public string? RosterTeam { get; init; }

    /// <summary>The record's team differs from the roster's.</summary>
    public bool TeamMismatch => RosterTeam is not null && RosterTeam != Team;

    /// <summary>The team the call counts for: the roster's, or the recorded one for an agent not on the roster.</summary>
    public string OwningTeam => RosterTeam ?? Team;

    /// <summary>
    /// A text conversation (chat, IM, e-mail, SMS …): its messages are its transcript, it has no audio and needs no
    /// transcription. The one definition both the review side and the data side use (<see cref="Channels.IsText"/>).
    /// Written to JSON only when true (<c>"isText": true</c> for the workbench), so a call's content hash stays what it was.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsText => Channels.IsText(Channel);

    /// <summary>The channel sampling strata and KPIs group by: <c>voice</c> when the source names none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ChannelKey => Channels.KeyOf(Channel);

    /// <summary>Talk + hold + after-call work.</summary>
    public int HandleSeconds => TalkSeconds + HoldSeconds + AfterCallWorkSeconds;
}

/// <summary>
/// The audio file as its header describes it. WAV: duration, channels and sample rate from the RIFF header;
/// other formats: size and content type only.
/// </summary>
public sealed record AudioInfo(string Format, long Bytes, string? ContentType, double? DurationSeconds = null, int? Channels = null, int? SampleRate = null);
