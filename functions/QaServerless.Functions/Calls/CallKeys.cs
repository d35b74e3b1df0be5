using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QaServerless.Calls;

/// <summary>
/// Partition and row keys of the call tables (docs/data-model.md). Segments are joined with '|' and escaped so that a
/// segment never contains '|' (nor a character Table Storage forbids in keys): a prefix ending in '|' then selects exactly
/// the rows of that prefix with the range [prefix, prefix with its last '|' turned into '}').
/// </summary>
public static class CallKeys
{
    public const char Separator = '|';

    /// <summary>Escapes '%', '|', the characters keys may not hold ('/', '\', '#', '?') and control characters as %XX.</summary>
    public static string Escape(string segment)
    {
        if (!segment.Any(NeedsEscape)) return segment;
        var sb = new StringBuilder(segment.Length + 8);
        foreach (var c in segment)
        {
            if (NeedsEscape(c)) sb.Append('%').Append(((int)c).ToString("X2"));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) => c is '%' or '|' or '/' or '\\' or '#' or '?' || char.IsControl(c);

    public static string Join(params string[] segments) => string.Join(Separator, segments.Select(Escape));

    /// <summary>The end (exclusive) of the range of every key starting with <paramref name="prefix"/> (which ends in '|').</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + (char)(Separator + 1);

    /// <summary>
    /// A uniform random 64-bit number fixed by (center, call id): the first 8 bytes of SHA-256. Replays and corrections
    /// give the same key, so "the k lowest keys of a stratum" is a reproducible simple random sample of it.
    /// </summary>
    public static ulong SamplingKey(string centerId, string callId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(centerId + "\n" + callId), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    public static string Day(DateOnly day) => day.ToString("yyyyMMdd");
    public static string Month(DateOnly day) => day.ToString("yyyyMM");

    /// <summary>Calls table: one partition per center-local day.</summary>
    public static string DayPartition(string centerId, DateOnly day) => Join(centerId, Day(day));

    /// <summary>
    /// The call's row in its day partition. Business type first, then agent, then the sampling key: one row serves the
    /// day list (prefix "k|"), the business-type list ("k|bt|") and the stratum's lowest keys ("k|bt|agent|").
    /// A channel other than voice is a stratum of its own: its segment <c>~chat</c> follows the agent, and since '~'
    /// sorts after a sampling key's digits, a voice stratum's rows still come first under "k|bt|agent|" and voice keeps
    /// the keys it always had.
    /// </summary>
    public static string CallRow(string businessType, string agentId, ulong samplingKey, string callId, string? channel = null) =>
        CallRowPrefix + Join([.. Stratum(businessType, agentId, channel), samplingKey.ToString("D20"), callId]);

    public const string CallRowPrefix = "k|";

    /// <summary>Marks a channel segment in a key (never a digit, so never mistaken for a sampling key).</summary>
    public const string ChannelMark = "~";

    private static string[] Stratum(string businessType, string agentId, string? channel) =>
        Channels.KeyOf(channel) is var key && key == Channels.Voice ? [businessType, agentId] : [businessType, agentId, ChannelMark + key];

    public static string BusinessTypePrefix(string businessType) => CallRowPrefix + Escape(businessType) + Separator;

    public static string StratumPrefix(string businessType, string agentId, string? channel = null) =>
        CallRowPrefix + Join(Stratum(businessType, agentId, channel)) + Separator;

    /// <summary>The running count of a stratum (agent × business type × channel) in a day partition.</summary>
    public static string CountRow(string businessType, string agentId, string? channel = null) => CountRowPrefix + Join(Stratum(businessType, agentId, channel));

    public const string CountRowPrefix = "n|";

    /// <summary>An announced test call or complaint call of the day (the sampler always takes these).</summary>
    public static string FlaggedRow(string callId) => FlaggedRowPrefix + Escape(callId);

    public const string FlaggedRowPrefix = "f|";

    /// <summary>CallsByAgent: one partition per agent and center-local month.</summary>
    public static string AgentMonthPartition(string centerId, string agentId, DateOnly day) => Join(centerId, agentId, Month(day));

    public static string AgentMonthPartition(string centerId, string agentId, int year, int month) =>
        Join(centerId, agentId, $"{year:D4}{month:D2}");

    public static string AgentMonthRow(DateOnly day, string callId) => Join(Day(day), callId);

    /// <summary>
    /// CallLocators: where a call's row is. Spread over 256 partitions per center (the sampling key's top 8 bits), so a
    /// bulk import does not hammer one partition, and partitions stay small: Azurite (LokiJS) finds a row by scanning
    /// its partition, so a locator write or a replay's point read costs O(locators in the partition) there (bench/README.md).
    /// </summary>
    public static string LocatorPartition(string centerId, string callId) =>
        Join(centerId, (SamplingKey(centerId, callId) >> 56).ToString("x2"));

    public static string LocatorRow(string callId) => Escape(callId);

    /// <summary>CallVersions: the earlier contents of a corrected call, by version number.</summary>
    public static string VersionPartition(string centerId, string callId) => Join(centerId, callId);

    public static string VersionRow(int version) => version.ToString("D6");
}
