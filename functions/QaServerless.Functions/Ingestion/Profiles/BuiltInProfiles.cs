namespace QaServerless.Ingestion.Profiles;

/// <summary>
/// Ready-made profiles for two platforms' own exports, from their public documentation (docs/ingest-formats.md cites the
/// pages). A center uses one as it is by putting files in the folder of its id, or saves a copy under that id (or
/// another) to add its value maps. What a built-in cannot fill gets a default: an abandoned contact has no agent.
/// </summary>
public static class BuiltInProfiles
{
    public const string Unassigned = "unassigned";

    private static readonly Dictionary<string, string> NoAgentDefaults = new()
    {
        ["agentId"] = Unassigned, ["team"] = Unassigned, ["businessType"] = Unassigned, ["talkSeconds"] = "0",
    };

    /// <summary>Amazon Connect contact records (the record Connect streams to Kinesis and S3), one JSON object a contact.</summary>
    public static readonly ImportProfile AmazonConnect = new()
    {
        ProfileId = ImportFormats.AmazonConnect, Name = "Amazon Connect contact records", Format = ImportFormats.AmazonConnect,
        Fields = new Dictionary<string, string>
        {
            ["callId"] = "ContactId",
            ["agentId"] = "Agent.Username",
            ["team"] = "Agent.HierarchyGroups.Level1.GroupName|Agent.RoutingProfile.Name",
            ["businessType"] = "Attributes.businessType|Queue.Name",
            ["direction"] = "InitiationMethod",
            ["start"] = "InitiationTimestamp",
            ["talkSeconds"] = "Agent.AgentInteractionDuration",
            ["holdSeconds"] = "Agent.CustomerHoldDuration",
            ["afterCallWorkSeconds"] = "Agent.AfterContactWorkDuration",
            ["queueSeconds"] = "Queue.Duration",
            ["abandoned"] = "derived.abandoned",
            ["customerKey"] = "CustomerEndpoint.Address",
            ["csat"] = "Attributes.csat",
            ["channel"] = "Channel",
            ["recordingPath"] = "Recordings.0.Location|Recording.Location",
        },
        Defaults = NoAgentDefaults,
        DurationUnit = DurationUnits.Seconds,
        // Transfers and queue transfers reach the agent from the customer's side; callbacks and agent replies go out.
        InboundWords = ["INBOUND", "TRANSFER", "QUEUE_TRANSFER", "API", "WEBRTC_API"],
        OutboundWords = ["OUTBOUND", "CALLBACK", "EXTERNAL_OUTBOUND", "AGENT_REPLY"],
        HashCustomerKey = true,
    };

    /// <summary>Genesys Cloud analytics conversation details (the conversation detail records of the analytics API).</summary>
    public static readonly ImportProfile GenesysCloud = new()
    {
        ProfileId = ImportFormats.GenesysCloud, Name = "Genesys Cloud conversation details", Format = ImportFormats.GenesysCloud,
        Fields = new Dictionary<string, string>
        {
            ["callId"] = "conversationId",
            ["agentId"] = "agent.userId",
            ["team"] = "divisionIds.0",
            ["businessType"] = "queue.name|wrapUpCode",
            ["direction"] = "originatingDirection",
            ["start"] = "conversationStart",
            ["talkSeconds"] = "metrics.tTalk",
            ["holdSeconds"] = "metrics.tHeld",
            ["afterCallWorkSeconds"] = "metrics.tAcw",
            ["queueSeconds"] = "metrics.tAcd",
            ["abandoned"] = "derived.abandoned",
            ["customerKey"] = "customer.address",
            ["channel"] = "mediaType",
        },
        Defaults = NoAgentDefaults,
        DurationUnit = DurationUnits.Milliseconds,
        HashCustomerKey = true,
    };

    /// <summary>
    /// Our own export of text conversations (docs/ingest-formats.md, "Text conversations"): our field names, the
    /// conversation's id as <c>id</c>; what a conversation leaves out comes from its messages (start, length, abandoned).
    /// </summary>
    public static readonly ImportProfile Conversations = new()
    {
        ProfileId = ImportFormats.Conversations, Name = "Text conversations (our JSON export)", Format = ImportFormats.Conversations,
        Fields = new Dictionary<string, string>
        {
            ["callId"] = "id", ["agentId"] = "agentId", ["team"] = "team", ["businessType"] = "businessType", ["direction"] = "direction",
            ["start"] = "start|derived.start", ["talkSeconds"] = "talkSeconds|derived.talkSeconds", ["queueSeconds"] = "queueSeconds",
            ["abandoned"] = "abandoned|derived.abandoned", ["resolved"] = "resolved", ["csat"] = "csat", ["complaint"] = "complaint",
            ["testCall"] = "testCall", ["customerKey"] = "customerKey", ["channel"] = "channel",
        },
        // A chat no agent picked up has no agent; a conversation export without a channel is a chat.
        Defaults = new Dictionary<string, string>(NoAgentDefaults) { ["direction"] = "inbound", ["channel"] = Calls.Channels.Chat },
        DurationUnit = DurationUnits.Seconds,
    };

    /// <summary>Amazon Connect chat transcripts (S3): the messages of a CHAT contact, keyed by its <c>ContactId</c>.</summary>
    public static readonly ImportProfile AmazonConnectChat = new()
    {
        ProfileId = ImportFormats.AmazonConnectChat, Name = "Amazon Connect chat transcripts", Format = ImportFormats.AmazonConnectChat,
        Fields = new Dictionary<string, string> { ["callId"] = "ContactId" },
    };

    public static readonly IReadOnlyList<ImportProfile> All = [AmazonConnect, GenesysCloud, Conversations, AmazonConnectChat];

    public static ImportProfile? Find(string profileId) => All.FirstOrDefault(p => p.ProfileId == profileId);
}
