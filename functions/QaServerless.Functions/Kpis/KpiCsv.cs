using System.Globalization;
using System.Text;
using CsvHelper;

namespace QaServerless.Kpis;

/// <summary>kpis.csv: the KPIs of the center, its teams, agents and business types (the XLSX has every other table).</summary>
public static class KpiCsv
{
    public static async Task<byte[]> WriteAsync(ExportData data, CancellationToken ct = default)
    {
        using var stream = new MemoryStream();
        // UTF-8 with BOM: Excel opens Chinese team and business-type names correctly only with it.
        stream.Write(Encoding.UTF8.GetPreamble());
        await using (var csv = CsvWriter.Create(stream, new CsvWriterOptions(), leaveOpen: true))
        {
            var table = ExportTables.Groups(data);
            await csv.WriteRecordAsync([.. table.Headers], ct);
            foreach (var row in table.Rows) await csv.WriteRecordAsync([.. row.Select(Format)], ct);
            await csv.FlushAsync(ct);
        }
        return stream.ToArray();
    }

    private static string Format(object? cell) => cell switch
    {
        null => "",
        string s => ExportTables.Neutralise(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => ExportTables.Neutralise(cell.ToString() ?? ""),
    };
}
