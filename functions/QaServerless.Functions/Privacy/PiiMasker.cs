using System.Text;
using System.Text.RegularExpressions;

namespace QaServerless.Privacy;

public enum PiiKind { Email, ResidentId, BankCard, Mobile, Landline }

/// <summary>One piece of personal data found in a text: where it was and what it was replaced with.</summary>
public sealed record PiiFinding(PiiKind Kind, int Index, int Length, string Replacement);

/// <summary>
/// Masks personal data before text is stored, logged, exported or sent to a model: mainland mobile and landline
/// numbers, 18-digit resident ID numbers (only when the check digit and birth date are valid), bank card numbers
/// (16–19 digits, only when the Luhn check passes) and e-mail addresses. Digits count however a transcript writes them:
/// ASCII, full-width (１３８) or spoken Chinese numerals (幺三八…, as a number read aloud is transcribed), compact or in
/// groups set apart by spaces, dots, commas, hyphens or brackets, ASCII or full-width (<see cref="DigitGroups"/>).
/// A number that is part of a longer digit run (an order number, a timestamp) is left alone: a run is never split, so
/// masking never corrupts the numbers QA needs to read.
/// Every other feature calls <see cref="Mask(string)"/>; it is pure, thread-safe and allocation-light.
/// </summary>
public static partial class PiiMasker
{
    /// <summary>The text with every personal datum masked. Null stays null.</summary>
    public static string Mask(string text) => Scan(text).Masked;

    public static string? MaskOrNull(string? text) => text is null ? null : Mask(text);

    /// <summary>The masked text and what was found, for counting and tests.</summary>
    public static (string Masked, IReadOnlyList<PiiFinding> Findings) Scan(string text)
    {
        if (string.IsNullOrEmpty(text)) return (text, []);
        var accepted = new List<PiiFinding>();
        // Matched on a copy whose digits are all ASCII, character for character, so its positions are the text's.
        var digits = AsciiDigits(text);

        foreach (Match m in Email().Matches(digits)) Accept(new PiiFinding(PiiKind.Email, m.Index, m.Length, MaskEmail(m.Value)), accepted);
        if (digits.Any(char.IsAsciiDigit))
        {
            var candidates = DigitGroups.Chains(digits).SelectMany(DigitGroups.Candidates).ToList();
            // Priority order: a valid resident id is not also reported as a card; a card is not also a phone number.
            foreach (var kind in (ReadOnlySpan<PiiKind>)[PiiKind.ResidentId, PiiKind.BankCard, PiiKind.Mobile, PiiKind.Landline])
                foreach (var c in candidates)
                    if (PiiNumbers.Is(kind, c.Digits, c.EndsWithX) && PiiNumbers.GroupedAsWritten(kind, c.GroupLengths) && !InsideCode(digits, c))
                        Accept(new PiiFinding(kind, c.Start, c.Length, MaskNumber(kind, digits.Substring(c.Start, c.Length))), accepted);
        }
        if (accepted.Count == 0) return (text, []);
        if (!ReferenceEquals(digits, text)) accepted = accepted.Select(f => InOriginalWriting(text, f)).ToList();

        accepted.Sort((a, b) => a.Index.CompareTo(b.Index));
        var builder = new StringBuilder(text.Length);
        var at = 0;
        foreach (var f in accepted)
        {
            builder.Append(text, at, f.Index - at).Append(f.Replacement);
            at = f.Index + f.Length;
        }
        builder.Append(text, at, text.Length - at);
        return (builder.ToString(), accepted);
    }

    /// <summary>GB 11643: weights 2^(17-i) mod 11, check digit from "10X98765432"; the birth date must be a real date.</summary>
    public static bool IsValidResidentId(string value) => PiiNumbers.IsValidResidentId(value);

    /// <summary>Luhn (ISO/IEC 7812) over 16–19 digits, the lengths of UnionPay and international cards.</summary>
    public static bool IsLuhnCard(string digits) => PiiNumbers.IsLuhnCard(digits);

    /// <summary>The digits of a text, however written (full-width, spoken), as ASCII and nothing else: "６２一7" → "6217".</summary>
    internal static string DigitsOnly(string text) => new(AsciiDigits(text).Where(char.IsAsciiDigit).ToArray());

    /// <summary>
    /// Digits with ASCII letters on both sides are a piece of a code (a GUID, a hex hash, a blob id in a log line:
    /// "…a0123456789b…"), not a number someone gave; "tel13812345678" or "ID:110105…" still are.
    /// </summary>
    private static bool InsideCode(string text, DigitGroups.Candidate c) =>
        c.Start > 0 && char.IsAsciiLetter(text[c.Start - 1]) && c.Start + c.Length < text.Length && char.IsAsciiLetter(text[c.Start + c.Length]);

    private static void Accept(PiiFinding f, List<PiiFinding> accepted)
    {
        if (!accepted.Any(a => f.Index < a.Index + a.Length && a.Index < f.Index + f.Length)) accepted.Add(f);
    }

    /// <summary>
    /// The text with every digit as ASCII: full-width ０–９ and the numerals a number read aloud is transcribed with
    /// (零/〇 0, 一/幺 1, 二/两 2, 三 … 九). One character each, so positions stay. A numeral inside ordinary words
    /// (一个, 两天) is no number: the numbers looked for have 10 or more digits in a row, which words do not make.
    /// </summary>
    private static string AsciiDigits(string text)
    {
        if (!text.Any(c => !char.IsAsciiDigit(c) && DigitOf(c) >= 0)) return text;
        return string.Create(text.Length, text, static (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = DigitOf(t[i]) is var d and >= 0 ? (char)('0' + d) : t[i];
        });
    }

    private static int DigitOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '０' and <= '９' => c - '０',
        '零' or '〇' => 0, '一' or '幺' => 1, '二' or '两' => 2, '三' => 3, '四' => 4,
        '五' => 5, '六' => 6, '七' => 7, '八' => 8, '九' => 9,
        _ => -1,
    };

    /// <summary>A finding on the ASCII copy, its replacement written as the text wrote it: 幺三八****五六七八.</summary>
    private static PiiFinding InOriginalWriting(string text, PiiFinding f)
    {
        if (f.Replacement.Length != f.Length) return f; // e-mail: letters only, nothing to map back
        var chars = text.ToCharArray(f.Index, f.Length);
        for (var i = 0; i < chars.Length; i++)
            if (f.Replacement[i] == '*' && DigitOf(chars[i]) >= 0) chars[i] = '*';
        return f with { Replacement = new string(chars) };
    }

    private static string MaskNumber(PiiKind kind, string value) => kind switch
    {
        // Region and birth date are the sensitive part of an id: only the last four characters stay.
        PiiKind.ResidentId => MaskDigits(value, (n, _) => n <= 14),
        // 138****5678: the carrier prefix and the last four stay, as Chinese services print them; a +86 prefix stays too.
        PiiKind.Mobile => MaskDigits(value, (n, total) => n > total - 8 && n <= total - 4),
        // Cards and landlines keep the last four digits (what a customer reads back to confirm).
        _ => MaskDigits(value, (n, total) => n <= total - 4),
    };

    /// <summary>The value with the n-th digit (1-based, of <c>total</c>) masked where <paramref name="masked"/> says; separators stay.</summary>
    private static string MaskDigits(string value, Func<int, int, bool> masked)
    {
        var total = value.Count(char.IsAsciiDigit);
        var chars = value.ToCharArray();
        var n = 0;
        for (var i = 0; i < chars.Length; i++)
            if (char.IsAsciiDigit(chars[i]) && masked(++n, total)) chars[i] = '*';
        return new string(chars);
    }

    private static string MaskEmail(string value)
    {
        var at = value.IndexOf('@');
        return value[0] + "***" + value[at..];
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();
}
