using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;
using PerfRules.Runs;

namespace PerfRules.Tests.Office;

/// <summary>A cell to write: text, a number (with a style), or a formula with or without its saved result.</summary>
public sealed record XCell
{
    public string? Text { get; init; }
    public decimal? Number { get; init; }
    public string? Formula { get; init; }
    /// <summary>For a formula: whether the file keeps its calculated value (Excel does; some generators do not).</summary>
    public bool Cached { get; init; } = true;
    public XStyle Style { get; init; } = XStyle.General;
    /// <summary>Written inline (t="inlineStr") instead of in the shared-strings table.</summary>
    public bool Inline { get; init; }

    public static implicit operator XCell(string text) => new() { Text = text };
    public static XCell Amount(decimal value, XStyle style = XStyle.Money) => new() { Number = value, Style = style };
}

public enum XStyle { General = 0, Money = 1, Percent = 2, CustomMoney = 3 }

/// <summary>A worksheet to write: rows of cells (null = no cell), merged ranges, hidden rows and columns.</summary>
public sealed class XSheet
{
    public required string Name { get; init; }
    /// <summary>Row r (1-based) is Rows[r - 1]; a cell's column is its index + 1 + <see cref="ColumnOffset"/>.</summary>
    public List<XCell?[]> Rows { get; } = new();
    public List<string> Merged { get; } = new();
    public HashSet<int> HiddenRows { get; } = new();
    public HashSet<int> HiddenColumns { get; } = new();
    public int ColumnOffset { get; init; }
    public bool Hidden { get; init; }

    public void Add(params XCell?[] cells) => Rows.Add(cells);
}

/// <summary>
/// Writes the test workbooks and Word files with the Open XML SDK (the same library that reads
/// them), and OLE compound files by hand. Zip entries get a fixed time so a file written twice is
/// the same file.
/// </summary>
public static class OfficeWriter
{
    public static byte[] Workbook(IEnumerable<XSheet> sheets)
    {
        var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            book.Workbook = new Workbook(new Sheets());
            var styles = book.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = Stylesheet();
            var sstPart = book.AddNewPart<SharedStringTablePart>("rIdStrings");
            var sst = new SharedStringTable();
            var index = new Dictionary<string, int>();
            uint id = 1;
            foreach (var s in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>($"rId{id}");
                var data = new SheetData();
                for (int r = 0; r < s.Rows.Count; r++)
                {
                    var cells = s.Rows[r];
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    if (s.HiddenRows.Contains(r + 1)) row.Hidden = true;
                    for (int c = 0; c < cells.Length; c++)
                    {
                        if (cells[c] is not { } x) continue;
                        row.Append(Cell(x, Ref(r + 1, c + 1 + s.ColumnOffset), sst, index));
                    }
                    if (row.HasChildren || row.Hidden is not null) data.Append(row);
                }
                var ws = new Worksheet();
                if (s.HiddenColumns.Count > 0)
                    ws.Append(new Columns(s.HiddenColumns.Order().Select(c => new Column { Min = (uint)c, Max = (uint)c, Width = 9, CustomWidth = true, Hidden = true })));
                ws.Append(data);
                if (s.Merged.Count > 0) ws.Append(new MergeCells(s.Merged.Select(m => new MergeCell { Reference = m })));
                part.Worksheet = ws;
                book.Workbook.Sheets!.Append(new Sheet
                {
                    Id = book.GetIdOfPart(part), SheetId = id++, Name = s.Name,
                    State = s.Hidden ? SheetStateValues.Hidden : null,
                });
            }
            sst.Count = sst.UniqueCount = (uint)sst.ChildElements.Count;
            sstPart.SharedStringTable = sst;
        }
        return Deterministic(ms.ToArray());
    }

    private static Cell Cell(XCell x, string reference, SharedStringTable sst, Dictionary<string, int> index)
    {
        var cell = new Cell { CellReference = reference };
        if (x.Style != XStyle.General) cell.StyleIndex = (uint)x.Style;
        if (x.Formula is not null)
        {
            cell.CellFormula = new CellFormula(x.Formula);
            if (x.Cached && x.Number is { } n) cell.CellValue = new CellValue(n);
            else if (x.Cached && x.Text is { } t) { cell.DataType = CellValues.String; cell.CellValue = new CellValue(t); }
            return cell;
        }
        if (x.Number is { } number) { cell.CellValue = new CellValue(number); return cell; }
        var text = x.Text ?? "";
        if (x.Inline)
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
            return cell;
        }
        if (!index.TryGetValue(text, out var i))
        {
            i = index[text] = index.Count;
            sst.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        }
        cell.DataType = CellValues.SharedString;
        cell.CellValue = new CellValue(i);
        return cell;
    }

    /// <summary>General, #,##0.00 (built-in 4), 0% (built-in 9) and a custom 万元 format #,##0.00_ (id 176).</summary>
    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 176, FormatCode = "#,##0.00_ " }) { Count = 1 },
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" })) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 4, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 9, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 176, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true }) { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    public static string Ref(int row, int column) => PerfRules.Model.CellMap.Address(row, column);

    /// <summary>A Word table cell: its paragraphs, how many grid columns it spans, its vertical merge.</summary>
    public sealed record WCell(string Text, int Span = 1, string? VMerge = null);

    /// <summary>A Word document: paragraphs, then tables (each a list of rows), then closing paragraphs.</summary>
    public static byte[] Document(IEnumerable<string> before, IEnumerable<List<WCell[]>> tables, IEnumerable<string>? after = null)
    {
        var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            var body = new W.Body();
            foreach (var p in before) body.Append(Paragraph(p));
            foreach (var rows in tables)
            {
                int columns = rows.Max(r => r.Sum(c => c.Span));
                var table = new W.Table(new W.TableProperties(
                    new W.TableBorders(new W.TopBorder { Val = W.BorderValues.Single, Size = 4 }, new W.LeftBorder { Val = W.BorderValues.Single, Size = 4 },
                        new W.BottomBorder { Val = W.BorderValues.Single, Size = 4 }, new W.RightBorder { Val = W.BorderValues.Single, Size = 4 },
                        new W.InsideHorizontalBorder { Val = W.BorderValues.Single, Size = 4 }, new W.InsideVerticalBorder { Val = W.BorderValues.Single, Size = 4 })),
                    new W.TableGrid(Enumerable.Range(0, columns).Select(_ => new W.GridColumn { Width = "1200" })));
                foreach (var r in rows)
                {
                    var tr = new W.TableRow();
                    foreach (var c in r)
                    {
                        var props = new W.TableCellProperties(new W.TableCellWidth { Width = (1200 * c.Span).ToString(), Type = W.TableWidthUnitValues.Dxa });
                        if (c.Span > 1) props.Append(new W.GridSpan { Val = c.Span });
                        if (c.VMerge is not null) props.Append(new W.VerticalMerge { Val = c.VMerge == "restart" ? W.MergedCellValues.Restart : W.MergedCellValues.Continue });
                        var tc = new W.TableCell(props);
                        foreach (var line in c.Text.Split('\n')) tc.Append(Paragraph(line));
                        tr.Append(tc);
                    }
                    table.Append(tr);
                }
                body.Append(table);
            }
            foreach (var p in after ?? Array.Empty<string>()) body.Append(Paragraph(p));
            body.Append(new W.SectionProperties(new W.PageSize { Width = 16838, Height = 11906, Orient = W.PageOrientationValues.Landscape }));
            main.Document = new W.Document(body);
        }
        return Deterministic(ms.ToArray());
    }

    private static W.Paragraph Paragraph(string text)
        => text.Length == 0 ? new W.Paragraph() : new W.Paragraph(new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    /// <summary>The same zip with every entry dated 2026-01-01, in the same order.</summary>
    public static byte[] Deterministic(byte[] zip)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in source.Entries)
            {
                var copy = target.CreateEntry(e.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var from = e.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }

    /// <summary>A zip of the given entries (names and contents), stored or deflated.</summary>
    public static byte[] Zip(params (string Name, byte[] Content, bool Stored)[] entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content, stored) in entries)
            {
                var e = zip.CreateEntry(name, stored ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                e.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = e.Open();
                s.Write(content);
            }
        return output.ToArray();
    }

    /// <summary>
    /// A minimal OLE compound file (version 3, 512-byte sectors) with the given streams, each padded to
    /// 4096 bytes so it lives in regular sectors: enough for anything that lists the streams.
    /// </summary>
    public static byte[] CompoundFile(params (string Name, byte[] Content)[] streams)
    {
        const int sector = 512;
        const uint free = 0xFFFFFFFF, end = 0xFFFFFFFE, fatSect = 0xFFFFFFFD, none = 0xFFFFFFFF;
        // Siblings must be ordered by (length, upper case) for a valid red-black tree; a right-leaning chain is one.
        var ordered = streams.OrderBy(s => s.Name.Length).ThenBy(s => s.Name.ToUpperInvariant(), StringComparer.Ordinal).ToList();
        int dirSectors = (ordered.Count + 1 + 3) / 4;
        var data = ordered.Select(s => { var b = new byte[Math.Max(4096, (s.Content.Length + sector - 1) / sector * sector)]; s.Content.CopyTo(b, 0); return b; }).ToList();
        int dataSectors = data.Sum(d => d.Length / sector);
        int total = 1 + dirSectors + dataSectors;
        var file = new byte[(total + 1) * sector];
        var h = file.AsSpan();
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x2C..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x30..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x3C..], end);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x44..], end);
        for (int i = 0; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(h[(0x4C + i * 4)..], i == 0 ? 0 : free);
        var fat = new uint[sector / 4];
        Array.Fill(fat, free);
        fat[0] = fatSect;
        for (int i = 0; i < dirSectors; i++) fat[1 + i] = i == dirSectors - 1 ? end : (uint)(2 + i);
        int next = 1 + dirSectors;
        var starts = new List<int>();
        foreach (var d in data)
        {
            starts.Add(next);
            int n = d.Length / sector;
            for (int i = 0; i < n; i++) fat[next + i] = i == n - 1 ? end : (uint)(next + i + 1);
            next += n;
        }
        for (int i = 0; i < fat.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(h[(sector + i * 4)..], fat[i]);
        void Entry(int index, string name, byte type, uint child, uint right, uint start, uint size)
        {
            var e = file.AsSpan(sector * 2 + index * 128, 128);
            var bytes = Encoding.Unicode.GetBytes(name);
            bytes.CopyTo(e);
            BinaryPrimitives.WriteUInt16LittleEndian(e[0x40..], (ushort)(bytes.Length + 2));
            e[0x42] = type;
            e[0x43] = 1;
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x44..], none);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x48..], right);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x4C..], child);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x74..], start);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x78..], size);
        }
        Entry(0, "Root Entry", 5, ordered.Count > 0 ? 1u : none, none, end, 0);
        for (int i = 0; i < ordered.Count; i++)
        {
            Entry(i + 1, ordered[i].Name, 2, none, i + 1 < ordered.Count ? (uint)(i + 2) : none, (uint)starts[i], (uint)data[i].Length);
            data[i].CopyTo(file, (starts[i] + 1) * sector);
        }
        return file;
    }
}
