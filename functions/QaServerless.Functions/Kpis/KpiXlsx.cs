using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace QaServerless.Kpis;

/// <summary>kpis.xlsx (Open XML SDK): a sheet per export table, numbers as numbers, text neutralised against formulas.</summary>
public static class KpiXlsx
{
    public static byte[] Write(ExportData data)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            // Fixed relationship ids: generated ones are random, and the bytes must not change between runs.
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var table in ExportTables.From(data))
            {
                var part = workbook.AddNewPart<WorksheetPart>($"rId{id}");
                var sheetData = new SheetData();
                sheetData.AppendChild(new Row(table.Headers.Select(h => (OpenXmlElement)Text(h))));
                foreach (var row in table.Rows) sheetData.AppendChild(new Row(row.Select(Cell)));
                part.Worksheet = new Worksheet(sheetData);
                sheets.AppendChild(new Sheet { Id = $"rId{id}", SheetId = id, Name = table.Name });
                id++;
            }
        }
        return Deterministic(stream.ToArray());
    }

    private static OpenXmlElement Cell(object? value) => value switch
    {
        null => new Cell(),
        string s => Text(s),
        _ => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
    };

    private static Cell Text(string s) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(ExportTables.Neutralise(s))) };

    /// <summary>Zip entries carry the time they were written; fixing it makes a rerun produce the same bytes.</summary>
    private static byte[] Deterministic(byte[] package)
    {
        using var input = new MemoryStream(package);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(input, ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? 0 : 1).ThenBy(e => e.FullName, StringComparer.Ordinal))
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
