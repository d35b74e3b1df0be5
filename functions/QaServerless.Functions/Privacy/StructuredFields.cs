namespace QaServerless.Privacy;

/// <summary>
/// What a structured field of a call record (an id, a team, a business type, the hashed customer key) must not hold:
/// a phone, resident-id or card number, found as <see cref="PiiMasker"/> finds it in free text, and (for the labels
/// that exports write into spreadsheet cells) anything a spreadsheet would run as a formula. Such a record is refused
/// at ingestion, with a reason that names the field and the kind and shows the value masked, never in clear.
/// </summary>
public static class StructuredFields
{
    /// <summary>
    /// The personal datum in <paramref name="value"/>, if any. In an identifier (call id, agent id, file name, hashed
    /// key) a number glued to a letter is a piece of a code, not a phone: a hex hash holds digit runs like "a13812345678f"
    /// by chance. A card there must also start as issued cards do (<see cref="PiiNumbers.IsIssuedCard"/>): numeric call
    /// ids are often 16–19-digit timestamps. Labels (team, business type) get no such allowance.
    /// </summary>
    public static PiiFinding? FindPersonalData(string value, bool identifier)
    {
        var (_, findings) = PiiMasker.Scan(value);
        return findings.FirstOrDefault(f => !identifier || !GluedToLetter(value, f) && (f.Kind != PiiKind.BankCard || IsIssuedCard(value, f)));
    }

    /// <summary>"looks like personal data (a mobile number: 回拨138****5678)", or null when the value holds none.</summary>
    public static string? PersonalDataReason(string value, bool identifier) =>
        FindPersonalData(value, identifier) is { } f ? $"looks like personal data ({Describe(f.Kind)}: \"{PiiMasker.Mask(value)}\")" : null;

    /// <summary>"looks like a spreadsheet formula (starts with '+')", or null: a label must not start like one.</summary>
    public static string? FormulaReason(string value) =>
        FormulaText.StartsLikeFormula(value) ? $"looks like a spreadsheet formula (starts with '{value.TrimStart()[0]}')" : null;

    public static string Describe(PiiKind kind) => kind switch
    {
        PiiKind.Mobile => "a mobile number",
        PiiKind.Landline => "a landline number",
        PiiKind.ResidentId => "a resident ID number",
        PiiKind.BankCard => "a bank card number",
        _ => "an e-mail address",
    };

    private static bool GluedToLetter(string value, PiiFinding f) =>
        f.Index > 0 && char.IsAsciiLetter(value[f.Index - 1]) || f.Index + f.Length < value.Length && char.IsAsciiLetter(value[f.Index + f.Length]);

    private static bool IsIssuedCard(string value, PiiFinding f) =>
        PiiNumbers.IsIssuedCard(PiiMasker.DigitsOnly(value.Substring(f.Index, f.Length)));
}
