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
/// ASCII, full-width (１３８) or spoken Chinese numerals (幺三八…, as a number read aloud is transcribed).
/// A number that is part of a longer digit run (an order number, a timestamp) is left alone: the look-arounds below
/// refuse a match that touches another digit, so masking never corrupts the numbers QA needs to read.
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

        // Priority order: a valid resident id is not also reported as a card; a card is not also a phone number.
        Collect(digits, Email(), PiiKind.Email, static m => true, MaskEmail, accepted);
        Collect(digits, ResidentIdCandidate(), PiiKind.ResidentId, static m => IsValidResidentId(m), MaskResidentId, accepted);
        Collect(digits, BankCardCandidate(), PiiKind.BankCard, static m => IsLuhnCard(Digits(m)), MaskKeepLast4, accepted);
        Collect(digits, Mobile(), PiiKind.Mobile, static m => true, MaskMobile, accepted);
        Collect(digits, Landline(), PiiKind.Landline, static m => true, MaskKeepLast4 , accepted);
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

    /// <summary>
    /// The text with every digit as ASCII: full-width ０–９ and the numerals a number read aloud is transcribed with
    /// (零/〇 0, 一/幺 1, 二/两 2, 三 … 九). One character each, so positions stay. A numeral inside ordinary words
    /// (一个, 两天) is no number: the patterns ask for 10 or more digits in a row, which words do not make.
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

    private static void Collect(string text, Regex regex, PiiKind kind, Func<string, bool> valid, Func<string, string> mask, List<PiiFinding> accepted)
    {
        foreach (Match m in regex.Matches(text))
        {
            if (!valid(m.Value)) continue;
            if (accepted.Any(a => m.Index < a.Index + a.Length && a.Index < m.Index + m.Length)) continue;
            accepted.Add(new PiiFinding(kind, m.Index, m.Length, mask(m.Value)));
        }
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

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Keeps the separators and the last four digits (what a customer reads back to confirm), masks the rest.</summary>
    private static string MaskKeepLast4(string value)
    {
        var digitsSeen = 0;
        var total = value.Count(char.IsAsciiDigit);
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiDigit(chars[i])) continue;
            digitsSeen++;
            if (digitsSeen <= total - 4) chars[i] = '*';
        }
        return new string(chars);
    }

    /// <summary>138****5678: the carrier prefix and the last four stay, as Chinese services print them.</summary>
    private static string MaskMobile(string value)
    {
        var chars = value.ToCharArray();
        // The subscriber number is the last 11 digits; a +86 prefix stays as it is.
        var digitIndexes = Enumerable.Range(0, chars.Length).Where(i => char.IsAsciiDigit(chars[i])).TakeLast(11).ToList();
        foreach (var i in digitIndexes.Skip(3).Take(4)) chars[i] = '*';
        return new string(chars);
    }

    /// <summary>Region and birth date are the sensitive part of an id: only the last four characters stay.</summary>
    private static string MaskResidentId(string value) => new string('*', 14) + value[14..];

    private static string MaskEmail(string value)
    {
        var at = value.IndexOf('@');
        return value[0] + "***" + value[at..];
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex ResidentIdCandidate();

    // Digits with optional single spaces or hyphens between them, 16–19 digits, touching no other digit.
    [GeneratedRegex(@"(?<!\d[ -]?)\d(?:[ -]?\d){15,18}(?![ -]?\d)")]
    private static partial Regex BankCardCandidate();

    // 1[3-9]x xxxx xxxx, optionally +86/0086/86 in front and spaced or hyphenated in 3-4-4 groups.
    [GeneratedRegex(@"(?<!\d)(?<!\d-)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)(?!-\d)")]
    private static partial Regex Mobile();

    // Area code 0xx or 0xxx (optionally in brackets), a local number of 7–8 digits starting 2–9, optional extension.
    [GeneratedRegex(@"(?<!\d)(?<!\d-)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[ -]?[2-9]\d{6,7}(?:-\d{1,6})?(?!\d)(?!-\d)")]
    private static partial Regex Landline();
}
