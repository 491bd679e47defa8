using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>
/// Excel and WPS workbooks in Office Open XML (.xlsx, .xlsm, .xltx), found by content: a zip holding
/// xl/ parts. Every worksheet that is a table some reader knows becomes a document (line n = row n,
/// cells joined by tabs, <see cref="CellMap"/> places such as 项目表!C12); the others (填表说明, empty
/// sheets, chart sheets) are listed as skipped. Cells are streamed (no DOM of a sheet or of the
/// shared strings), within <see cref="OfficeLimits"/>. Numbers are read as stored, shown with the
/// decimals their format shows; formulas give their saved result, and a formula without one is a
/// finding that says to recalculate and save. Hidden rows and columns are read like the others
/// (they are part of what is submitted); a finding in one says so.
/// </summary>
public sealed partial class XlsxOpener : IFileOpener
{
    private readonly IReadOnlyList<IDocumentReader> _readers;

    /// <param name="readers">The layout readers that decide which sheets are tables (default: Core's).</param>
    public XlsxOpener(IEnumerable<IDocumentReader>? readers = null)
        => _readers = readers?.ToList() ?? SubmissionReader.DefaultReaders();

    public string Format => "xlsx";

    public int Probe(ReadOnlySpan<byte> head, string path)
    {
        if (!ZipContainer.HasSignature(head)) return 0;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ZipContainer.KindFromHead(head) switch
        {
            ZipKind.Workbook => 100,
            ZipKind.Word => 0,
            null when ext is ".xlsx" or ".xlsm" or ".xltx" or ".xltm" => 80,
            // Any other zip: opening reads its central directory and says what it is.
            _ => 30,
        };
    }

    public OpenedFile Open(byte[] bytes, string path, ReadOptions options) => ZipContainer.Open(bytes, path, options, _readers);

    internal static OpenedFile ReadWorkbook(byte[] bytes, string path, OfficeLimits limits, IReadOnlyList<IDocumentReader> readers)
    {
        var budget = new InflateBudget(limits.MaxInflatedBytes);
        try
        {
            using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false,
                new OpenSettings { MaxCharactersInPart = limits.MaxInflatedBytes, AutoSave = false });
            var book = doc.WorkbookPart;
            if (book is null) return OpenedFile.Failed(FormatMessages.Damaged("工作簿（缺少 workbook 部件）"));
            var sheets = ReadSheetList(book, budget);
            var styles = ReadStyles(book.WorkbookStylesPart, budget);
            var strings = ReadSharedStrings(book.SharedStringTablePart, budget, limits);
            var cells = new CellBudget(limits.MaxCells);

            var documents = new List<SourceText>();
            var skipped = new List<string>();
            var problems = new List<Diagnostic>();
            foreach (var (name, id, state) in sheets)
            {
                var hidden = state is "hidden" or "veryHidden" ? "（隐藏）" : "";
                if (id is null || !book.TryGetPartById(id, out var part) || part is not WorksheetPart sheet)
                {
                    skipped.Add($"工作表“{name}”{hidden}不是普通工作表（图表或宏表），未检查");
                    continue;
                }
                var grid = ReadSheet(sheet, name, styles, strings, budget, limits, cells);
                if (grid.IsEmpty)
                {
                    skipped.Add($"工作表“{name}”{hidden}是空表，未检查");
                    problems.AddRange(grid.Problems);
                    continue;
                }
                var source = grid.Build(path, "xlsx");
                if (GridBuilder.IsTable(source, readers)) documents.Add(source);
                else
                {
                    skipped.Add($"工作表“{name}”{hidden}不是绩效目标表（未找到表头），未检查");
                    problems.AddRange(source.Problems.Where(p => p.RuleId == "PR006"));
                }
            }
            if (documents.Count == 0)
            {
                var why = sheets.Count == 0 ? "工作簿中没有工作表" : "各工作表都不是绩效目标表：" + string.Join("；", skipped);
                problems.Insert(0, new Diagnostic("PR001", $"无法识别的文档格式：{why}", null));
                return new OpenedFile(Array.Empty<SourceText>(), problems) { Skipped = skipped };
            }
            return new OpenedFile(documents, problems) { Skipped = skipped };
        }
        catch (OfficeLimitException e)
        {
            return OpenedFile.Failed(e.ToDiagnostic());
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // The SDK and XmlReader throw many kinds for a broken package; each is a damaged file.
            return OpenedFile.Failed(FormatMessages.Damaged("工作簿文件"));
        }
    }

    /// <summary>Parts are read as streams of XML through the budget: no DTDs, no external entities.</summary>
    internal static XmlReader Xml(OpenXmlPart part, InflateBudget budget)
        => XmlReader.Create(budget.Wrap(part.GetStream(FileMode.Open, FileAccess.Read)), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        });

    private static List<(string Name, string? Id, string? State)> ReadSheetList(WorkbookPart book, InflateBudget budget)
    {
        var result = new List<(string, string?, string?)>();
        using var r = Xml(book, budget);
        while (r.Read())
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "sheet") continue;
            string? id = null;
            if (r.MoveToFirstAttribute())
            {
                do
                {
                    if (r.LocalName == "id" && r.NamespaceURI.Length > 0) id = r.Value;
                } while (r.MoveToNextAttribute());
                r.MoveToElement();
            }
            result.Add((r.GetAttribute("name") ?? $"Sheet{result.Count + 1}", id, r.GetAttribute("state")));
        }
        return result;
    }

    /// <summary>The number format of each cell style (cellXfs), by style index.</summary>
    private static NumberFormat[] ReadStyles(WorkbookStylesPart? part, InflateBudget budget)
    {
        if (part is null) return Array.Empty<NumberFormat>();
        var custom = new Dictionary<int, NumberFormat>();
        var xfs = new List<NumberFormat>();
        using var r = Xml(part, budget);
        bool inCellXfs = false;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "cellXfs") inCellXfs = false;
            if (r.NodeType != XmlNodeType.Element) continue;
            switch (r.LocalName)
            {
                case "numFmt" when int.TryParse(r.GetAttribute("numFmtId"), out var id):
                    custom[id] = NumberFormat.Parse(r.GetAttribute("formatCode") ?? "");
                    break;
                case "cellXfs":
                    inCellXfs = !r.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    int.TryParse(r.GetAttribute("numFmtId"), out var fmt);
                    xfs.Add(custom.TryGetValue(fmt, out var f) ? f : NumberFormat.Builtin(fmt));
                    break;
            }
        }
        return xfs.ToArray();
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, InflateBudget budget, OfficeLimits limits)
    {
        var result = new List<string>();
        if (part is null) return result;
        using var r = Xml(part, budget);
        long chars = 0;
        var sb = new StringBuilder();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "si")
            {
                if (result.Count >= limits.MaxSharedStrings)
                    throw new OfficeLimitException($"工作簿的共享字符串表超过 {limits.MaxSharedStrings} 条，未读取");
                var text = ReadText(r, sb);
                chars += text.Length;
                if (chars > limits.Grid.MaxChars)
                    throw new OfficeLimitException($"工作簿的共享字符串超过上限（{limits.Grid.MaxChars} 个字符），未读取");
                result.Add(text);
                continue;
            }
            r.Read();
        }
        return result;
    }

    /// <summary>
    /// The text of an si or is element (the reader is on it; afterwards it is past its end): its t
    /// elements and those of its runs, without phonetic guides (rPh).
    /// </summary>
    internal static string ReadText(XmlReader r, StringBuilder sb)
    {
        sb.Clear();
        if (r.IsEmptyElement) { r.Read(); return ""; }
        int depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName is "rPh" or "phoneticPr") { r.Skip(); continue; }
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "t") { sb.Append(r.ReadElementContentAsString()); continue; }
            r.Read();
        }
        r.Read();
        return Unescape(sb.ToString());
    }

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex EscapedChar();

    /// <summary>Excel writes characters XML cannot hold, and carriage returns, as _xHHHH_.</summary>
    internal static string Unescape(string s)
        => s.Contains("_x", StringComparison.Ordinal) ? EscapedChar().Replace(s, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber)).ToString()) : s;

    private static SheetGrid ReadSheet(WorksheetPart part, string name, NumberFormat[] styles, List<string> strings, InflateBudget budget, OfficeLimits limits, CellBudget cells)
    {
        var grid = new SheetGrid(name, limits.Grid, cells);
        using var r = Xml(part, budget);
        var sb = new StringBuilder();
        int row = 0, nextColumn = 1;
        while (!r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
            switch (r.LocalName)
            {
                case "col":
                    if (IsTrue(r.GetAttribute("hidden")) && int.TryParse(r.GetAttribute("min"), out var min) && int.TryParse(r.GetAttribute("max"), out var max))
                        for (int c = Math.Max(1, min); c <= Math.Min(max, limits.Grid.MaxColumns); c++) grid.HideColumn(c);
                    r.Read();
                    break;
                case "row":
                    row = int.TryParse(r.GetAttribute("r"), out var rr) && rr > 0 ? rr : row + 1;
                    nextColumn = 1;
                    if (IsTrue(r.GetAttribute("hidden")) && row <= limits.Grid.MaxRows) grid.HideRow(row);
                    r.Read();
                    break;
                case "c":
                    var (cellRow, column) = ParseReference(r.GetAttribute("r"), row, nextColumn);
                    nextColumn = column + 1;
                    if (!ReadCell(r, grid, cellRow, column, styles, strings, sb))
                        return grid;
                    break;
                case "mergeCell":
                    if (ParseRange(r.GetAttribute("ref")) is { } m) grid.Merge(m.R1, m.C1, m.R2, m.C2);
                    r.Read();
                    break;
                default:
                    r.Read();
                    break;
            }
        }
        return grid;
    }

    private static bool IsTrue(string? v) => v is "1" or "true";

    /// <summary>Reads one c element (the reader is on it; afterwards past it). False when a limit stopped the sheet.</summary>
    private static bool ReadCell(XmlReader r, SheetGrid grid, int row, int column, NumberFormat[] styles, List<string> strings, StringBuilder sb)
    {
        var type = r.GetAttribute("t");
        int.TryParse(r.GetAttribute("s"), out var style);
        string? value = null, inline = null;
        bool formula = false;
        if (r.IsEmptyElement) { r.Read(); return true; }
        int depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                switch (r.LocalName)
                {
                    case "v": value = r.ReadElementContentAsString(); continue;
                    case "f": formula = true; r.Skip(); continue;
                    case "is": inline = ReadText(r, sb); continue;
                }
            }
            r.Read();
        }
        r.Read();

        var address = CellMap.Address(row, column);
        string text;
        switch (type)
        {
            case "s":
                if (!int.TryParse(value, out var index) || index < 0 || index >= strings.Count)
                {
                    grid.CellProblem(row, column, $"单元格 {address} 引用的共享字符串不存在，文件可能已损坏");
                    return true;
                }
                text = strings[index];
                break;
            case "inlineStr": text = inline ?? ""; break;
            case "b": text = value == "1" ? "TRUE" : value is null ? "" : "FALSE"; break;
            case "e":
                grid.CellProblem(row, column, $"单元格 {address} 的公式结果是错误值 {value}，请修正公式，重新计算并保存后再检查", value);
                text = value ?? "";
                break;
            case "d":
                text = DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
                    ? date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy年M月d日" : "yyyy年M月d日 H:mm", CultureInfo.InvariantCulture)
                    : value ?? "";
                break;
            case "str": text = Unescape(value ?? ""); break;
            default:
                text = value is null ? "" : CellValues.Number(value, style >= 0 && style < styles.Length ? styles[style] : NumberFormat.General);
                break;
        }
        if (formula && value is null)
        {
            grid.CellProblem(row, column, $"单元格 {address} 含公式但文件中没有保存计算结果，无法检查；请在 Excel 或 WPS 中打开，重新计算（F9）并保存后再检查");
            return true;
        }
        return grid.Add(row, column, text);
    }

    /// <summary>C12 → (12, 3); a cell without a reference is the next one in its row.</summary>
    internal static (int Row, int Column) ParseReference(string? reference, int row, int nextColumn)
    {
        if (string.IsNullOrEmpty(reference)) return (row, nextColumn);
        int i = 0, column = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]) && column <= 16384)
            column = column * 26 + (char.ToUpperInvariant(reference[i++]) - 'A' + 1);
        if (column == 0 || column > 16384 || !int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var r) || r < 1)
            return (row, nextColumn);
        return (r, column);
    }

    internal static (int R1, int C1, int R2, int C2)? ParseRange(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var parts = reference.Split(':');
        var a = ParseReference(parts[0], 0, 0);
        var b = parts.Length > 1 ? ParseReference(parts[1], 0, 0) : a;
        if (a.Row < 1 || a.Column < 1 || b.Row < a.Row || b.Column < a.Column) return null;
        return (a.Row, a.Column, b.Row, b.Column);
    }
}
