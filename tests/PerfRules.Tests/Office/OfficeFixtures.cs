using System.Globalization;
using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Values;
using static PerfRules.Tests.Office.OfficeWriter;

namespace PerfRules.Tests.Office;

/// <summary>
/// The Office fixtures (fixtures/office), made from the seeds' models by code: the published form as
/// cells (layout 1), one row per indicator (layout 2, merged and blank-below), the department-overall
/// form as a sheet (layout 3), CSV as Excel saves it, Word tables, renamed files and the negatives.
/// Rewritten with PERFRULES_UPDATE_GOLDEN=1; <see cref="OfficeFixtureTests"/> checks the committed
/// files are what this writes.
/// </summary>
public static class OfficeFixtures
{
    public static string Dir => Path.Combine(TestPaths.Fixtures, "office");

    /// <param name="Name">Path under fixtures/office.</param>
    /// <param name="Seed">The seed whose model the file must give, or null.</param>
    /// <param name="Layout">The layout reader expected to read it.</param>
    public sealed record Fixture(string Name, string? Seed, string? Layout, Func<byte[]> Make);

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static IEnumerable<Fixture> All()
    {
        foreach (var seed in new[] { "000", "001", "003", "004" })
        {
            yield return new($"{seed}.layout1.xlsx", seed, "tabular", () => Workbook(Layout1Sheets(seed)));
            yield return new($"{seed}.layout2-merged.xlsx", seed, "rows", () => Workbook(new[] { Layout2(seed, merged: true) }));
            yield return new($"{seed}.layout2-blank.xlsx", seed, "rows", () => Workbook(new[] { Layout2(seed, merged: false) }));
            yield return new($"{seed}.layout2-unitcolumn.xlsx", seed, "rows", () => Workbook(new[] { Layout2(seed, merged: true, unitColumn: true) }));
        }
        yield return new("002.overall.xlsx", "002", "overall", () => Workbook(new[] { Instructions(), Overall(formulaCached: true) }));
        yield return new("002.formula-no-value.xlsx", null, "overall", () => Workbook(new[] { Overall(formulaCached: false) }));
        yield return new("001.tabular-gb18030.csv", "001", "tabular", () => SeedAsCsv("001", TextDecoder.Gb18030));
        yield return new("001.layout1-utf8bom.csv", "001", "tabular", () => Csv(Layout1("001", offset: false), new UTF8Encoding(true)));
        yield return new("004.layout2-gb18030.csv", "004", "rows", () => Csv(Layout2("004", merged: false), TextDecoder.Gb18030));
        yield return new("001.layout1.docx", "001", "tabular", () => Layout1Docx("001"));
        yield return new("004.layout2.docx", "004", "rows", () => Layout2Docx("004"));
        yield return new("002.overall.docx", "002", "overall", OverallDocx);
        // Renamed: the content decides, not the name.
        yield return new("renamed/003.layout1.xlsx.txt", "003", "tabular", () => Workbook(Layout1Sheets("003")));
        yield return new("renamed/001.layout1.docx.xlsx", "001", "tabular", () => Layout1Docx("001"));
        yield return new("renamed/004.layout2.csv.txt", "004", "rows", () => Csv(Layout2("004", merged: false), TextDecoder.Gb18030));
        // Not tables, or formats that cannot be read.
        yield return new("negative/not-a-table.xlsx", null, null, () => Workbook(new[] { Instructions(), new XSheet { Name = "Sheet2" } }));
        yield return new("negative/wps-sheet.et", null, null, () => CompoundFile(("Workbook", Encoding.ASCII.GetBytes("WPS ET records")), ("\u0005SummaryInformation", new byte[64])));
        yield return new("negative/wps-sheet.renamed.xls", null, null, () => CompoundFile(("Workbook", Encoding.ASCII.GetBytes("WPS ET records")), ("\u0005SummaryInformation", new byte[64])));
        yield return new("negative/word97.doc", null, null, () => CompoundFile(("WordDocument", new byte[512]), ("1Table", new byte[512])));
        yield return new("negative/wps-text.wps", null, null, () => CompoundFile(("WordDocument", new byte[512]), ("0Table", new byte[512])));
        yield return new("negative/encrypted.xlsx", null, null, () => CompoundFile(("EncryptionInfo", new byte[256]), ("EncryptedPackage", new byte[1024])));
        yield return new("negative/archive.zip.xlsx", null, null, () => Zip(("readme.txt", Encoding.UTF8.GetBytes("not a workbook"), false)));
        yield return new("negative/spreadsheet.ods", null, null, () => Zip(("mimetype", Encoding.ASCII.GetBytes("application/vnd.oasis.opendocument.spreadsheet"), true), ("content.xml", Encoding.UTF8.GetBytes("<office:document-content/>"), false)));
        yield return new("negative/binary.xlsb", null, null, () => Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types/>"), false), ("xl/workbook.bin", new byte[64], false)));
    }

    // ---- amounts in columns ----------------------------------------------------------------

    /// <summary>
    /// The column of a unit's figures where the inline text does not say (empty columns vanish there):
    /// seed 000's second unit is funded from 其他资金 (合计's second figure), every other from 财政拨款.
    /// </summary>
    private static string UnitColumn(string seed, string unit) => seed == "000" && unit == "广州市国内合作服务中心" ? ColumnNames.Other : ColumnNames.Fiscal;

    /// <summary>The figures of a row by column: the known ones, then the unplaced ones in the given columns.</summary>
    private static Dictionary<string, decimal> Placed(Amounts a, IReadOnlyList<string> unplacedColumns)
    {
        var result = a.Sources.ToDictionary(s => s.Column, s => s.Value);
        if (a.Total is { } t) result[ColumnNames.Total] = t;
        for (int i = 0; i < a.Unplaced.Count; i++)
            result[i < unplacedColumns.Count ? unplacedColumns[i] : ColumnNames.Standard[1 + i]] = a.Unplaced[i];
        return result;
    }

    private sealed record Row(string Name, Dictionary<string, decimal> Amounts, Project? Project);

    /// <summary>合计, units and projects in order, with their figures in columns.</summary>
    private static List<Row> AmountRows(string seed, Submission s)
    {
        var rows = new List<Row>();
        var unitColumns = s.Units.Select(u => UnitColumn(seed, u.Name)).Distinct().ToList();
        if (s.GrandTotal is { } g) rows.Add(new Row(g.Name, Placed(g.Amounts, unitColumns), null));
        foreach (var u in s.Units)
        {
            var col = new[] { UnitColumn(seed, u.Name) };
            if (!u.Implicit) rows.Add(new Row(u.Name, Placed(u.Amounts, col), null));
            foreach (var p in u.Projects) rows.Add(new Row(p.Name, Placed(p.Amounts, col), p));
        }
        return rows;
    }

    private static XCell? Money(Dictionary<string, decimal> amounts, string column, XStyle style, bool asText)
    {
        if (!amounts.TryGetValue(column, out var v)) return null;
        return asText ? v.ToString("#,##0.00", CultureInfo.InvariantCulture) : XCell.Amount(v, style);
    }

    // ---- layout 1: the published form as cells ----------------------------------------------

    /// <summary>The 绩效指标 cell: the numbered indicators exactly as in the inline layout.</summary>
    public static string IndicatorText(Project p, bool lineBreaks)
        => string.Join(lineBreaks ? "\n" : "", p.Indicators.Select(i =>
            $"{i.Seq}、{i.Level1}；{i.Level2}；{i.Name}；实施周期指标值：{i.Cycle.Text}；年度指标值：{i.Annual.Text}。"));

    private static IEnumerable<XSheet> Layout1Sheets(string seed) => seed switch
    {
        // 003: the instructions sheet comes first, the table second.
        "003" => new[] { Instructions(), Layout1(seed, offset: false) },
        _ => new[] { Layout1(seed, offset: seed == "000") },
    };

    /// <param name="offset">Start at C4 (two empty rows and a column before the table), as many files do.</param>
    internal static XSheet Layout1(string seed, bool offset)
    {
        var s = Seeds.Read(seed);
        var sheet = new XSheet { Name = "项目支出绩效目标表", ColumnOffset = offset ? 2 : 0 };
        if (offset) { sheet.Add(); sheet.Add(); sheet.Add(); }
        int top = sheet.Rows.Count + 1, a = 1 + sheet.ColumnOffset;
        string R(int row, int col) => Ref(row, col + sheet.ColumnOffset);
        var columns = s.Columns.Count > 0 ? s.Columns : ColumnNames.Standard.ToList();
        int last = columns.Count + 3;
        sheet.Add("项目支出绩效目标表（含转移支付项目）");
        sheet.Merged.Add($"{R(top, 1)}:{R(top, last)}");
        var header = new XCell?[last];
        header[0] = $"部门名称：{s.Department}";
        header[last - 1] = $"单位：{s.MoneyUnit ?? "万元"}";
        sheet.Add(header);
        sheet.Merged.Add($"{R(top + 1, 1)}:{R(top + 1, last - 1)}");
        sheet.Add(new XCell?[] { "项目名称（资金使用单位）" }.Concat(columns.Select(c => (XCell?)c)).Concat(new XCell?[] { "绩效目标", "绩效指标" }).ToArray());
        // 001 keeps its figures as text ("20,611.44"), 003 uses a custom 万元 format, 000 sums with formulas.
        bool asText = seed == "001";
        var style = seed == "003" ? XStyle.CustomMoney : XStyle.Money;
        var rows = AmountRows(seed, s);
        foreach (var row in rows)
        {
            var cells = new XCell?[last];
            cells[0] = row.Name;
            for (int c = 0; c < columns.Count; c++) cells[1 + c] = Money(row.Amounts, columns[c], style, asText);
            if (seed == "000" && row.Project is null && row.Name == "合计")
                for (int c = 0; c < columns.Count; c++)
                    if (cells[1 + c] is { Number: { } n } cell)
                        cells[1 + c] = cell with { Formula = $"SUMIF(${CellMap.ColumnLetters(a)}:${CellMap.ColumnLetters(a)},\"<>合计\",{CellMap.ColumnLetters(a + 1 + c)}:{CellMap.ColumnLetters(a + 1 + c)})/2", Number = n };
            if (row.Project is { } p)
            {
                if (p.Goal is { } goal) cells[last - 2] = goal;
                if (p.Indicators.Count > 0) cells[last - 1] = IndicatorText(p, lineBreaks: seed is "001" or "004");
            }
            sheet.Add(cells);
        }
        // 004: the empty 财政专户拨款 column is hidden, as clerks do.
        if (seed == "004") sheet.HiddenColumns.Add(1 + columns.IndexOf(ColumnNames.FiscalSpecial) + 1 + sheet.ColumnOffset);
        return sheet;
    }

    // ---- layout 2: one row per indicator ------------------------------------------------------

    private static readonly string[] IndicatorHeads = { "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值" };

    /// <param name="merged">Project cells merged over the indicator rows and levels written with codes;
    /// otherwise left blank below, levels by name only, repeated levels left blank.</param>
    /// <param name="unitColumn">资金使用单位 in a column of its own before 项目名称: 合计 and each unit's own
    /// row name it there, with the project cell empty; the unit cell is merged down over its projects.</param>
    internal static XSheet Layout2(string seed, bool merged, bool unitColumn = false)
    {
        var s = Seeds.Read(seed);
        var sheet = new XSheet { Name = "绩效目标" };
        var columns = s.Columns.Count > 0 ? s.Columns : ColumnNames.Standard.ToList();
        int u = unitColumn ? 1 : 0;
        int goalCol = columns.Count + 1 + u, l1Col = goalCol + 1, last = l1Col + IndicatorHeads.Length - 1;
        sheet.Add("项目支出绩效目标表（含转移支付项目）");
        sheet.Merged.Add($"A1:{Ref(1, last + 1)}");
        var dept = new XCell?[last + 1];
        if (merged) dept[0] = $"部门名称：{s.Department}";
        else { dept[0] = "部门名称"; dept[1] = s.Department ?? ""; }
        dept[last] = $"单位：{s.MoneyUnit ?? "万元"}";
        sheet.Add(dept);
        var names = unitColumn ? new XCell?[] { "资金使用单位", "项目名称" } : new XCell?[] { "项目名称（资金使用单位）" };
        sheet.Add(names.Concat(columns.Select(c => (XCell?)c)).Append("绩效目标")
            .Concat(IndicatorHeads.Select(h => (XCell?)h)).ToArray());
        int unitTop = 0;
        void CloseUnit()
        {
            if (unitColumn && unitTop > 0 && sheet.Rows.Count > unitTop) sheet.Merged.Add($"A{unitTop}:A{sheet.Rows.Count}");
            unitTop = 0;
        }
        foreach (var row in AmountRows(seed, s))
        {
            var first = new XCell?[last + 1];
            first[row.Project is null ? 0 : u] = row.Name;
            for (int c = 0; c < columns.Count; c++) first[1 + u + c] = Money(row.Amounts, columns[c], XStyle.Money, asText: false);
            if (row.Project is not { } p)
            {
                CloseUnit();
                sheet.Add(first);
                if (row.Name != "合计") unitTop = sheet.Rows.Count;
                continue;
            }
            if (p.Goal is { } goal) first[goalCol] = goal;
            int top = sheet.Rows.Count + 1, n = Math.Max(1, p.Indicators.Count);
            for (int k = 0; k < p.Indicators.Count; k++)
            {
                var cells = k == 0 ? first : new XCell?[last + 1];
                var i = p.Indicators[k];
                var prev = k > 0 ? p.Indicators[k - 1] : null;
                bool sameL1 = prev is not null && prev.Level1 == i.Level1, sameL2 = sameL1 && prev!.Level2 == i.Level2;
                if (merged || !sameL1) cells[l1Col] = merged ? i.Level1.ToString() : i.Level1.Name;
                if (merged || !sameL2) cells[l1Col + 1] = merged ? i.Level2.ToString() : i.Level2.Name;
                cells[l1Col + 2] = i.Name;
                cells[l1Col + 3] = Value(i.Cycle.Text, merged);
                cells[l1Col + 4] = Value(i.Annual.Text, merged);
                sheet.Add(cells);
            }
            if (p.Indicators.Count == 0) sheet.Add(first);
            if (!merged || n == 1) continue;
            for (int c = u; c <= goalCol; c++) sheet.Merged.Add($"{Ref(top, c + 1)}:{Ref(top + n - 1, c + 1)}");
            // Levels merged over their runs; the merged cells below keep their (same) text in this writer only on the first row.
            MergeRuns(sheet, top, n, l1Col, i => i.Level1.ToString(), p);
            MergeRuns(sheet, top, n, l1Col + 1, i => i.Level1 + "/" + i.Level2, p);
        }
        CloseUnit();
        return sheet;
    }

    private static void MergeRuns(XSheet sheet, int top, int n, int col, Func<Indicator, string> key, Project p)
    {
        for (int k = 0; k < n;)
        {
            int j = k;
            while (j + 1 < n && key(p.Indicators[j + 1]) == key(p.Indicators[k])) j++;
            if (j > k)
            {
                sheet.Merged.Add($"{Ref(top + k, col + 1)}:{Ref(top + j, col + 1)}");
                for (int r = k + 1; r <= j; r++) sheet.Rows[top + r - 1][col] = null;
            }
            k = j + 1;
        }
    }

    /// <summary>A value cell: a whole percentage becomes a number with a percent format (Excel turns a typed 100% into 1).</summary>
    private static XCell Value(string text, bool merged)
        => !merged && text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var pct)
            ? XCell.Amount(pct / 100m, XStyle.Percent)
            : text;

    // ---- layout 3: the department-overall form --------------------------------------------------

    /// <summary>
    /// Seed 002 as a sheet: row n is line n of the seed, its cells the tab-separated ones; section
    /// labels merged over their rows, amounts as numbers (财政拨款 as text "275,150.81"), 项目支出 a
    /// formula, two rows hidden.
    /// </summary>
    internal static XSheet Overall(bool formulaCached)
    {
        var lines = Seeds.Text("002").Lines;
        var sheet = new XSheet { Name = "部门整体绩效目标" };
        foreach (var line in lines)
        {
            var cells = line.Split('\t');
            int end = cells.Length;
            while (end > 0 && cells[end - 1].Trim().Length == 0) end--;
            var row = new XCell?[end];
            for (int c = 0; c < end; c++)
            {
                var t = cells[c];
                if (t.Trim().Length == 0) continue;
                if (NumberText.TryParseAmount(t, out var v, out var d) && d == 2)
                    row[c] = t.Trim() == "275,150.81" ? t.Trim() : t.Trim() == "270,769.27"
                        ? new XCell { Formula = "SUM(D13,D14,D16,D17)+4510.77", Number = v, Cached = formulaCached, Style = XStyle.Money }
                        : XCell.Amount(v);
                else row[c] = t;
            }
            sheet.Rows.Add(row);
        }
        // Merge a label over the rows below it that are empty up to and including its column.
        for (int col = 0; col < 3; col++)
            for (int r = 0; r < sheet.Rows.Count; r++)
            {
                if (col >= sheet.Rows[r].Length || sheet.Rows[r][col] is null) continue;
                int k = r;
                while (k + 1 < sheet.Rows.Count && sheet.Rows[k + 1].Length > col + 1
                       && sheet.Rows[k + 1].Take(col + 1).All(c => c is null)) k++;
                if (k > r) sheet.Merged.Add($"{Ref(r + 1, col + 1)}:{Ref(k + 1, col + 1)}");
            }
        sheet.HiddenRows.Add(9);
        sheet.HiddenRows.Add(10);
        return sheet;
    }

    /// <summary>A 填表说明 sheet, which is not a table.</summary>
    private static XSheet Instructions()
    {
        var sheet = new XSheet { Name = "填表说明" };
        sheet.Add("填表说明");
        sheet.Add("1. 金额单位为万元，保留两位小数。");
        sheet.Add("2. 一级指标、二级指标请从下拉列表中选择，三级指标由单位自行填写。");
        sheet.Add("3. 实施周期指标值和年度指标值应写明数值和计量单位。");
        return sheet;
    }

    // ---- CSV -----------------------------------------------------------------------------------

    /// <summary>A sheet saved as CSV the way Excel does: displayed text, every record as wide as the used range, CRLF.</summary>
    private static byte[] Csv(XSheet sheet, Encoding encoding)
    {
        int width = sheet.Rows.Max(r => r.Length);
        var sb = new StringBuilder();
        foreach (var row in sheet.Rows)
        {
            var fields = Enumerable.Range(0, width).Select(c => c < row.Length && row[c] is { } x ? Display(x) : "");
            sb.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");
        }
        return encoding.GetPreamble().Concat(encoding.GetBytes(sb.ToString())).ToArray();
    }

    private static string Display(XCell x) => x.Number is { } n
        ? x.Style == XStyle.Percent ? (n * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : n.ToString(x.Style == XStyle.General ? "0.##" : "#,##0.00", CultureInfo.InvariantCulture)
        : x.Text ?? "";

    private static string Quote(string f) => f.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + f.Replace("\"", "\"\"") + "\"" : f;

    /// <summary>Seed 001's text opened in a spreadsheet (tab-separated) and saved as CSV in GB18030.</summary>
    private static byte[] SeedAsCsv(string seed, Encoding encoding)
    {
        var sheet = new XSheet { Name = seed };
        foreach (var line in Seeds.Text(seed).Lines) sheet.Rows.Add(line.Split('\t').Select(c => c.Length == 0 ? null : (XCell?)c).ToArray());
        return Csv(sheet, encoding);
    }

    // ---- Word ----------------------------------------------------------------------------------

    private static byte[] Layout1Docx(string seed)
    {
        var sheet = Layout1(seed, offset: false);
        var s = Seeds.Read(seed);
        var table = sheet.Rows.Skip(2).Select(r => r.Select(c => new WCell(c is null ? "" : Display(c))).ToArray()).ToList();
        return Document(new[] { "项目支出绩效目标表（含转移支付项目）", $"部门名称：{s.Department}", "单位：万元" }, new[] { table }, new[] { "" });
    }

    /// <summary>Layout 2 as a Word table: project cells and repeated levels merged downwards (vMerge).</summary>
    private static byte[] Layout2Docx(string seed)
    {
        var sheet = Layout2(seed, merged: true);
        var s = Seeds.Read(seed);
        int width = sheet.Rows.Skip(2).Max(r => r.Length);
        var merges = sheet.Merged.Select(m => PerfRules.Readers.Office.XlsxOpener.ParseRange(m)!.Value).Where(m => m.R1 > 2).ToList();
        var table = new List<WCell[]>();
        for (int r = 2; r < sheet.Rows.Count; r++)
        {
            int row = r + 1;
            var cells = new WCell[width];
            for (int c = 0; c < width; c++)
            {
                var x = c < sheet.Rows[r].Length ? sheet.Rows[r][c] : null;
                var m = merges.FirstOrDefault(m => m.C1 == c + 1 && m.R1 <= row && row <= m.R2);
                string? v = m == default ? null : m.R1 == row ? "restart" : "continue";
                cells[c] = new WCell(x is null ? "" : Display(x), 1, v);
            }
            table.Add(cells);
        }
        return Document(new[] { "项目支出绩效目标表（含转移支付项目）", $"部门名称：{s.Department}", "单位：万元" }, new[] { table });
    }

    private static byte[] OverallDocx()
    {
        var sheet = Overall(formulaCached: true);
        int width = sheet.Rows.Max(r => r.Length);
        var table = sheet.Rows.Skip(4).Where(r => r.Any(c => c is not null))
            .Select(r => Enumerable.Range(0, width).Select(c => new WCell(c < r.Length && r[c] is { } x ? Display(x) : "")).ToArray()).ToList();
        return Document(new[] { "部门整体预算绩效目标申报表" }, new[] { table });
    }
}
