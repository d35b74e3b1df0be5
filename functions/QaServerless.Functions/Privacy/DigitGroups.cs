using System.Text;

namespace QaServerless.Privacy;

/// <summary>
/// The numbers of a text as people write, say or type them: runs of digits joined by short gaps of separators (spaces,
/// '-', '.', ',', brackets and their full-width forms ，。．－　（）), so <c>138 1234 5678</c>, <c>138，1234，5678</c>,
/// <c>6217.0001.2345.6788</c>, <c>110105 19491231 002X</c> and <c>1 3 8 1 2 3 4 5 6 7 8</c> each offer one candidate.
/// A run of digits is never split: a number inside a longer run (an order number, a timestamp) is no candidate, which is
/// what keeps the masker off the numbers QA needs to read. ':' and '/' are no separators, so times and dates stay apart.
/// </summary>
internal static class DigitGroups
{
    /// <summary>At most this many separator characters between two groups of one number ("138 - 1234", "(0755) 8600").</summary>
    public const int MaxGap = 3;
    /// <summary>The longest number looked for: a 19-digit card.</summary>
    public const int MaxDigits = 19;

    /// <summary>A maximal run of digits, closed by the X check character of a resident id when there is one, and the gap before it.</summary>
    public readonly record struct Group(int Start, int End, string Digits, bool EndsWithX, string Gap);

    /// <summary>A stretch of whole groups whose digits might be one number: where it is in the text, its digits and how many each group has.</summary>
    public readonly record struct Candidate(int Start, int Length, string Digits, bool EndsWithX, int[] GroupLengths);

    public static bool IsSeparator(char c) =>
        c is ' ' or '\u00A0' or '-' or '.' or ',' or '(' or ')' or '，' or '。' or '．' or '－' or '　' or '（' or '）';

    /// <summary>The X check character of a resident id at <paramref name="i"/>: "002X" closes an id, "002Xa" is a code with an X in it.</summary>
    private static bool IsClosingX(string text, int i) =>
        i < text.Length && text[i] is 'X' or 'x' or 'Ｘ' or 'ｘ' && (i + 1 == text.Length || !char.IsAsciiLetterOrDigit(text[i + 1]));

    /// <summary>The chains of groups of a text whose digits are all ASCII (the masker's copy).</summary>
    public static IEnumerable<List<Group>> Chains(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i])) { i++; continue; }
            var chain = new List<Group>();
            var gap = "";
            while (true)
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                var x = IsClosingX(text, i);
                chain.Add(new Group(start, x ? i + 1 : i, text[start..i], x, gap));
                if (x) { i++; break; }
                var next = i;
                while (next < text.Length && next - i < MaxGap && IsSeparator(text[next])) next++;
                if (next > i && IsClosingX(text, next))
                {
                    // "… 0 0 2 X": the check character set apart like the digits before it.
                    chain.Add(new Group(next, next + 1, "", true, text[i..next]));
                    i = next + 1;
                    break;
                }
                if (next == i || next == text.Length || !char.IsAsciiDigit(text[next])) break;
                gap = text[i..next];
                i = next;
            }
            yield return chain;
        }
    }

    /// <summary>
    /// Every stretch of whole groups of a chain up to <see cref="MaxDigits"/> digits, from the left. The gaps inside a
    /// stretch agree (a number is written one way: 6217 0001 2345 6788, not 2026.11.19 2026.11) except the first, which
    /// may differ: an area code or a country code is often set apart ("(0755) 8600-1234", "+86 139-0000-1111").
    /// </summary>
    public static IEnumerable<Candidate> Candidates(List<Group> chain)
    {
        for (var s = 0; s < chain.Count; s++)
        {
            var digits = new StringBuilder();
            var lengths = new List<int>();
            for (var e = s; e < chain.Count; e++)
            {
                if (e > s + 2 && chain[e].Gap != chain[s + 2].Gap) break;
                digits.Append(chain[e].Digits);
                if (digits.Length > MaxDigits) break;
                // A check X set apart ("… 0 0 2 X") belongs to the group before it.
                if (chain[e].Digits.Length > 0) lengths.Add(chain[e].Digits.Length);
                yield return new Candidate(chain[s].Start, chain[e].End - chain[s].Start, digits.ToString(), chain[e].EndsWithX, [.. lengths]);
            }
        }
    }
}
