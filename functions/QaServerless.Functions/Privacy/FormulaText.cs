namespace QaServerless.Privacy;

/// <summary>
/// Spreadsheet formula injection: a cell whose text starts with = + - @ (or their full-width forms ＝ ＋ － ＠, which
/// input methods type and some spreadsheets read alike), possibly after blanks, a tab or a carriage return, is run as a
/// formula when a CSV or workbook is opened. Labels are refused at ingestion when they start so; exports neutralise it.
/// </summary>
public static class FormulaText
{
    public static bool StartsLikeFormula(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue; // blanks, tab, CR, the full-width space
            return c is '=' or '+' or '-' or '@' or '＝' or '＋' or '－' or '＠';
        }
        return false;
    }

    /// <summary>
    /// The text as a spreadsheet reads it as text: a leading apostrophe when it starts like a formula or with a tab or a
    /// carriage return (which some spreadsheets drop before looking at the next character).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && (StartsLikeFormula(text) || text[0] is '\t' or '\r') ? "'" + text : text;
}
