using System.Text;
using ExcelDataReader;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>
/// OLE compound files, found by content (D0 CF 11 E0): the old Excel workbook (.xls, BIFF) is read
/// with ExcelDataReader into the same grid text as a .xlsx; everything else of that family — Word
/// 97-2003 (.doc), WPS 文字 (.wps), WPS 表格 (.et), presentations, password-protected files — gets one
/// PR001 naming the format and saying to save it as .xlsx or .docx.
/// </summary>
public sealed class OleOpener : IFileOpener
{
    private readonly IReadOnlyList<IDocumentReader> _readers;

    public OleOpener(IEnumerable<IDocumentReader>? readers = null)
        => _readers = readers?.ToList() ?? SubmissionReader.DefaultReaders();

    public string Format => "ole";

    public int Probe(ReadOnlySpan<byte> head, string path) => CompoundFile.HasSignature(head) ? 100 : 0;

    public OpenedFile Open(byte[] bytes, string path, ReadOptions options)
    {
        var limits = OfficeLimits.For(options);
        if (options.MaxFileSize > 0 && bytes.LongLength > options.MaxFileSize)
            return OpenedFile.Failed(new Diagnostic("PR006", $"文件过大（超过 {OfficeLimits.Mb(options.MaxFileSize)}），未读取", null));
        var names = CompoundFile.Names(bytes);
        var kind = CompoundFile.Kind(names);
        // A WPS .et may hold a stream named like Excel's; its records are not Excel's, so it is not read.
        if (kind != OleKind.Workbook || Path.GetExtension(path).Equals(".et", StringComparison.OrdinalIgnoreCase))
            return OpenedFile.Failed(FormatMessages.Ole(kind, path));
        return ReadXls(bytes, path, limits, _readers);
    }

    private static OpenedFile ReadXls(byte[] bytes, string path, OfficeLimits limits, IReadOnlyList<IDocumentReader> readers)
    {
        _ = TextDecoder.Gb18030; // registers the code pages BIFF text may use
        var documents = new List<SourceText>();
        var skipped = new List<string>();
        var problems = new List<Diagnostic>();
        try
        {
            using var reader = ExcelReaderFactory.CreateBinaryReader(new MemoryStream(bytes, writable: false),
                new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(936) });
            int sheets = 0;
            var cells = new CellBudget(limits.MaxCells);
            do
            {
                sheets++;
                var name = reader.Name ?? $"Sheet{sheets}";
                var hidden = reader.VisibleState is "hidden" or "veryhidden" ? "（隐藏）" : "";
                var grid = ReadSheet(reader, name, limits.Grid, cells);
                if (grid.IsEmpty) { skipped.Add($"工作表“{name}”{hidden}是空表，未检查"); problems.AddRange(grid.Problems); continue; }
                var source = grid.Build(path, "xls");
                if (GridBuilder.IsTable(source, readers)) documents.Add(source);
                else
                {
                    skipped.Add($"工作表“{name}”{hidden}不是绩效目标表（未找到表头），未检查");
                    problems.AddRange(source.Problems.Where(p => p.RuleId == "PR006"));
                }
            } while (reader.NextResult());
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            return OpenedFile.Failed(FormatMessages.Ole(OleKind.Other, path) with
            {
                Message = "旧版 Excel 工作簿（.xls）已损坏或使用了无法读取的格式，请在 Excel 或 WPS 中另存为 .xlsx 后再检查",
            });
        }
        if (documents.Count == 0)
        {
            problems.Insert(0, new Diagnostic("PR001", "无法识别的文档格式：各工作表都不是绩效目标表：" + string.Join("；", skipped), null));
            return new OpenedFile(Array.Empty<SourceText>(), problems) { Skipped = skipped };
        }
        return new OpenedFile(documents, problems) { Skipped = skipped };
    }

    private static SheetGrid ReadSheet(IExcelDataReader reader, string name, GridLimits limits, CellBudget cells)
    {
        var grid = new SheetGrid(name, limits, cells);
        foreach (var m in reader.MergeCells ?? [])
            grid.Merge(m.FromRow + 1, m.FromColumn + 1, m.ToRow + 1, m.ToColumn + 1);
        bool columnsSeen = false;
        while (reader.Read())
        {
            int row = reader.Depth + 1;
            if (reader.RowHeight == 0) grid.HideRow(row);
            int count = Math.Min(reader.FieldCount, limits.MaxColumns + 1);
            if (!columnsSeen)
            {
                columnsSeen = true;
                for (int c = 0; c < Math.Min(reader.FieldCount, limits.MaxColumns); c++)
                    if (reader.GetColumnWidth(c) == 0) grid.HideColumn(c + 1);
            }
            for (int c = 0; c < count; c++)
            {
                var text = reader.GetValue(c) switch
                {
                    null => null,
                    string s => s,
                    double d => CellValues.Number(d, NumberFormat.Parse(reader.GetNumberFormatString(c) ?? "General")),
                    DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy年M月d日" : "yyyy年M月d日 H:mm", System.Globalization.CultureInfo.InvariantCulture),
                    bool b => b ? "TRUE" : "FALSE",
                    var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
                };
                if (text is not null && !grid.Add(row, c + 1, text)) return grid;
            }
        }
        return grid;
    }
}
