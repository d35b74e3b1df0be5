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

    public static readonly IReadOnlyList<ImportProfile> All = [AmazonConnect, GenesysCloud];

    public static ImportProfile? Find(string profileId) => All.FirstOrDefault(p => p.ProfileId == profileId);
}
