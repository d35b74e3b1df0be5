namespace QaServerless.Calls;

/// <summary>
/// The channels a contact comes in by, and the one rule both the review side and the data side use to tell a text
/// conversation (read as messages: chat, IM, e-mail, SMS …) from a call (listened to). A call's <see cref="Call.Channel"/>
/// is the source's word, lower case; null (our own formats) is a voice call.
/// </summary>
public static class Channels
{
    public const string Voice = "voice";
    public const string Chat = "chat";
    public const string Email = "email";

    /// <summary>
    /// Channels that are not text: speech (<c>voice</c>; Genesys' <c>callback</c> is a call back to the customer) and
    /// Amazon Connect's <c>task</c> (a work item with neither audio nor messages). Every other named channel — <c>chat</c>,
    /// <c>im</c>, <c>email</c>, <c>sms</c>, Genesys' <c>message</c>, a center's <c>whatsapp</c> — is a text conversation.
    /// </summary>
    private static readonly HashSet<string> NotText = new(StringComparer.OrdinalIgnoreCase) { Voice, "callback", "task", "video" };

    /// <summary>Whether a contact of this channel is a text conversation (its messages are its transcript; no audio).</summary>
    public static bool IsText(string? channel) => channel is { Length: > 0 } c && !NotText.Contains(c);

    /// <summary>The channel as sampling and KPIs group by it: lower case, <c>voice</c> when the source names none.</summary>
    public static string KeyOf(string? channel) => channel is { Length: > 0 } c ? c.ToLowerInvariant() : Voice;
}
