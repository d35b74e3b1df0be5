namespace QaServerless.Privacy;

/// <summary>What makes a run of digits a resident id, a card, a mobile or a landline number (checked on compact ASCII digits).</summary>
internal static class PiiNumbers
{
    public static bool Is(PiiKind kind, string digits, bool endsWithX) => kind switch
    {
        PiiKind.ResidentId => IsValidResidentId(endsWithX ? digits + "X" : digits),
        _ when endsWithX => false,
        PiiKind.BankCard => IsLuhnCard(digits),
        PiiKind.Mobile => IsMobile(digits),
        PiiKind.Landline => IsLandline(digits),
        _ => false,
    };

    /// <summary>
    /// Whether digits in groups of these lengths are grouped as people write that kind of number: compact, every digit
    /// apart (as digits are read out), or cut where the kind is cut — a mobile 3-4-4 (or 4-4-3, after a country code),
    /// an id 6-8-4 (or 6-4-4-4), a card in fours (or 6 + the rest), a landline after its area code. Two numbers that
    /// merely follow each other ("0072986 2026", a hex id and a year in a log line) are not one number.
    /// </summary>
    public static bool GroupedAsWritten(PiiKind kind, int[] lengths)
    {
        if (lengths.Length <= 1 || lengths.All(l => l == 1)) return true;
        if (kind == PiiKind.Mobile && lengths[0] is 2 or 4 && lengths.Skip(1).Sum() == 11) lengths = lengths[1..]; // 86 / 0086 set apart
        if (lengths.Length <= 1 || lengths.All(l => l == 1)) return true;
        var cuts = new List<int>();
        for (var i = 0; i < lengths.Length - 1; i++) cuts.Add((cuts.Count == 0 ? 0 : cuts[^1]) + lengths[i]);
        return kind switch
        {
            PiiKind.Mobile => cuts.All(c => c is 3 or 7) || cuts.All(c => c is 4 or 8),
            PiiKind.ResidentId => cuts.All(c => c is 6 or 10 or 12 or 14),
            PiiKind.BankCard => cuts.All(c => c % 4 == 0) || cuts is [6],
            PiiKind.Landline => cuts[0] is 3 or 4 && cuts.Skip(1).All(c => c == cuts[0] + 3 || c == cuts[0] + 4),
            _ => false,
        };
    }

    /// <summary>GB 11643: weights 2^(17-i) mod 11, check digit from "10X98765432"; the birth date must be a real date.</summary>
    public static bool IsValidResidentId(string value)
    {
        if (value.Length != 18) return false;
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i])) return false;
            sum += (value[i] - '0') * weights[i];
        }
        var expected = "10X98765432"[sum % 11];
        if (char.ToUpperInvariant(value[17]) != expected) return false;
        return DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", out var birth) && birth.Year >= 1900;
    }

    /// <summary>Luhn (ISO/IEC 7812) over 16–19 digits, the lengths of UnionPay and international cards.</summary>
    public static bool IsLuhnCard(string digits)
    {
        if (digits.Length is < 16 or > 19) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (d is < 0 or > 9) return false;
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>
    /// A card a bank could have issued: Luhn-valid and starting as issuers' numbers do (3 travel, 4–5 banking, 6 UnionPay
    /// and Discover, 9 old domestic cards, 2221–2720 Mastercard). Long numeric call ids (often timestamps: 2026…) pass
    /// Luhn one time in ten, so structured fields ask this as well; free text is masked on Luhn alone.
    /// </summary>
    public static bool IsIssuedCard(string digits) =>
        IsLuhnCard(digits) && (digits[0] is '3' or '4' or '5' or '6' or '9' || int.Parse(digits.AsSpan(0, 4)) is >= 2221 and <= 2720);

    /// <summary>1[3-9]x xxxx xxxx, optionally with the country code 86 or 0086 in front.</summary>
    public static bool IsMobile(string digits)
    {
        var d = digits.StartsWith("0086") && digits.Length == 15 ? digits[4..] : digits.StartsWith("86") && digits.Length == 13 ? digits[2..] : digits;
        return d.Length == 11 && d[0] == '1' && d[1] is >= '3' and <= '9';
    }

    /// <summary>An area code 0xx or 0xxx and a local number of 7–8 digits starting 2–9.</summary>
    public static bool IsLandline(string digits) =>
        digits.Length is >= 10 and <= 12 && digits[0] == '0'
        && (Local(digits, 3) || Local(digits, 4));

    private static bool Local(string digits, int areaLength) =>
        digits.Length - areaLength is 7 or 8 && digits[areaLength] is >= '2' and <= '9';
}
