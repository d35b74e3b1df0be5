using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using QaServerless.Privacy;

namespace QaServerless.Tests.Privacy;

/// <summary>
/// Synthetic personal data (valid check digits, nobody's real numbers: 11010519491231002X is the sample of GB 11643,
/// 4111 1111 1111 1111 a well-known test card) in every way people write, type or say them, and the test that finds
/// any of them still in clear in a text: an API answer, an export, a log line.
/// </summary>
internal static class PersonalDataCorpus
{
    public sealed record Number(PiiKind Kind, string Value);

    /// <summary>One number written one way: <see cref="Form"/> names the way ("groups, full-width comma").</summary>
    public sealed record Writing(Number Number, string Form, string Text)
    {
        public override string ToString() => $"{Number.Kind} {Form}";
    }

    public static readonly IReadOnlyList<Number> Numbers =
    [
        new(PiiKind.Mobile, "13812345678"), new(PiiKind.Mobile, "15900001111"), new(PiiKind.Mobile, "18622223333"),
        new(PiiKind.ResidentId, "11010519491231002X"), new(PiiKind.ResidentId, "440304199001011233"), new(PiiKind.ResidentId, "320102198807150034"),
        new(PiiKind.BankCard, "6222021234567890128"), new(PiiKind.BankCard, "6217000123456788"), new(PiiKind.BankCard, "6212260200012345670"),
        new(PiiKind.BankCard, "4111111111111111"), new(PiiKind.BankCard, "4367421234567896"),
    ];

    public static readonly IReadOnlyList<Writing> Writings = Numbers.SelectMany(WritingsOf).ToList();

    /// <summary>The compact writings: the ones that fit an id field (call id, agent id, file name).</summary>
    public static IEnumerable<Writing> Compact => Writings.Where(w => w.Form == "compact");

    private static IEnumerable<Writing> WritingsOf(Number n)
    {
        var groups = Groups(n);
        Writing W(string form, string text) => new(n, form, text);
        yield return W("compact", n.Value);
        yield return W("every digit spaced", string.Join(' ', n.Value.ToCharArray()));
        yield return W("groups, spaces", string.Join(' ', groups));
        yield return W("groups, dots", string.Join('.', groups));
        yield return W("groups, hyphens", string.Join('-', groups));
        yield return W("groups, full-width commas", string.Join('，', groups));
        yield return W("full-width digits", FullWidth(n.Value));
        yield return W("full-width digits, full-width spaces", string.Join('　', groups.Select(FullWidth)));
        yield return W("full-width digits, full-width dots", string.Join('．', groups.Select(FullWidth)));
        yield return W("full-width digits, full-width hyphens", string.Join('－', groups.Select(FullWidth)));
        if (n.Kind == PiiKind.Mobile)
        {
            yield return W("spoken", Spoken(n.Value));
            yield return W("spoken, full-width commas", string.Join('，', groups.Select(Spoken)));
            yield return W("+86, groups, spaces", "+86 " + string.Join(' ', groups));
        }
    }

    /// <summary>How each kind is grouped when written: 138 1234 5678, 110105 19491231 002X, 6222 0212 3456 7890 128.</summary>
    private static string[] Groups(Number n) => n.Kind switch
    {
        PiiKind.Mobile => [n.Value[..3], n.Value[3..7], n.Value[7..]],
        PiiKind.ResidentId => [n.Value[..6], n.Value[6..14], n.Value[14..]],
        _ => n.Value.Chunk(4).Select(c => new string(c)).ToArray(),
    };

    private static string FullWidth(string s) => new(s.Select(c => char.IsAsciiDigit(c) ? (char)('０' + (c - '0')) : c == 'X' ? 'Ｘ' : c).ToArray());

    private static string Spoken(string s) => new(s.Select(c => "零幺二三四五六七八九"[c - '0']).ToArray());

    /// <summary>
    /// The corpus numbers a text still shows in clear, however written: digits read as digits (full-width and spoken
    /// numerals too) and separators dropped, so 138，1234，5678 is found and 138，****，5678 is not.
    /// </summary>
    public static IReadOnlyList<Number> FindInClear(string text)
    {
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '.' or ',' or '，' or '。' or '．' or '－' or '+' or '(' or ')' or '（' or '）') continue;
            compact.Append(c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                'Ｘ' or 'x' or 'ｘ' => 'X',
                _ when "零幺二三四五六七八九".IndexOf(c) is var d and >= 0 => (char)('0' + d),
                _ when "〇一两".IndexOf(c) is var d and >= 0 => "012"[d],
                _ => c,
            });
        }
        var flat = compact.ToString();
        return Numbers.Where(n => flat.Contains(n.Value, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Every string of a JSON answer (names and values), decoded from its escapes, one per line.</summary>
    public static string JsonText(string json)
    {
        var parts = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) { parts.Add(p.Name); Walk(p.Value); } break;
                case JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Walk(i); break;
                case JsonValueKind.String: parts.Add(e.GetString()!); break;
                default: parts.Add(e.GetRawText()); break;
            }
        }
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement);
        return string.Join("|\n", parts);
    }

    /// <summary>The text of every XML part of a workbook (cells, sheet names).</summary>
    public static string XlsxText(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        return string.Join("|\n", zip.Entries.Where(e => e.FullName.EndsWith(".xml")).SelectMany(e =>
        {
            using var s = e.Open();
            return XDocument.Load(s).DescendantNodes().OfType<XText>().Select(t => t.Value).ToList();
        }));
    }

    public static string HtmlText(string html) => WebUtility.HtmlDecode(html);
}
