using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>
/// An Excel workbook for people: a 汇总 (summary) sheet, a 结果 sheet with one row per finding
/// (<see cref="FindingTable"/>), and for an audit one sheet per department. Every finding sheet has a
/// styled, frozen header row, an autofilter and set column widths; severities are 错误/警告/提示 and
/// coloured, long texts wrap.
/// </summary>
public sealed class XlsxFormatter : IReportFormatter
{
    public string Name => "xlsx";
    public string Extension => "xlsx";
    public bool IsBinary => true;

    public const string SummarySheet = "汇总";
    public const string FindingsSheet = "结果";

    /// <summary>What the user added to the finding sheets (the 指纹 column).</summary>
    public FindingTableOptions Options { get; init; } = new();

    public void Write(LintReport report, TextWriter output) =>
        throw new NotSupportedException("xlsx 是二进制格式，只能写入文件（请用 --output 指定）");

    /// <summary>
    /// Writes the workbook as it goes: each part is a zip entry written once, in order, and each finding
    /// sheet's rows are streamed (<see cref="OpenXmlWriter"/>) while the report is read a document at a
    /// time, so a workbook of any size is never held in memory (the packaging API's update mode keeps
    /// every part in memory until the end). A department's sheet reads back only that department's documents.
    /// </summary>
    public void Write(LintReport report, Stream output)
    {
        var sheets = new List<string>();
        var filters = new List<DefinedName>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "xl/styles.xml", w => w.WriteElement(Styles.Sheet()));
            AddSummary(zip, sheets, report);
            var columns = FindingTable.Columns(report, FindingTableUse.Xlsx, Options);
            AddFindings(zip, sheets, filters, FindingsSheet, columns, report.Documents);
            if (report.IsAudit)
            {
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SummarySheet, FindingsSheet };
                foreach (var dept in report.Summary.ByDepartment)
                    AddFindings(zip, sheets, filters, SheetName(dept.Department, names), columns,
                        report.Documents.Where(d => AuditSummary.DepartmentOf(d) == dept.Department));
            }
            var workbook = new Workbook(new Sheets(sheets.Select((name, i) => new Sheet { Id = $"rId{i + 1}", SheetId = (uint)i + 1, Name = name })));
            workbook.AddNamespaceDeclaration("r", RelationshipNamespace);
            if (filters.Count > 0) workbook.Append(new DefinedNames(filters));
            Part(zip, "xl/workbook.xml", w => w.WriteElement(workbook));
            Package(zip, sheets.Count);
        }
    }

    private const string RelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string ContentTypePrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml.";

    /// <summary>One part of the package, written through <paramref name="write"/> as a zip entry.</summary>
    private static void Part(ZipArchive zip, string name, Action<OpenXmlWriter> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        using var w = OpenXmlWriter.Create(stream, new System.Text.UTF8Encoding(false));
        w.WriteStartDocument(true);
        write(w);
        w.Close();
    }

    /// <summary>The package's own parts: content types and the relationships of the package and of the workbook.</summary>
    private static void Package(ZipArchive zip, int sheets)
    {
        const string types = "http://schemas.openxmlformats.org/package/2006/content-types";
        const string rels = "http://schemas.openxmlformats.org/package/2006/relationships";
        Xml(zip, "[Content_Types].xml", w =>
        {
            w.WriteStartElement("Types", types);
            Element(w, "Default", ("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml"));
            Element(w, "Default", ("Extension", "xml"), ("ContentType", "application/xml"));
            Element(w, "Override", ("PartName", "/xl/workbook.xml"), ("ContentType", ContentTypePrefix + "sheet.main+xml"));
            Element(w, "Override", ("PartName", "/xl/styles.xml"), ("ContentType", ContentTypePrefix + "styles+xml"));
            for (var i = 1; i <= sheets; i++)
                Element(w, "Override", ("PartName", $"/xl/worksheets/sheet{i}.xml"), ("ContentType", ContentTypePrefix + "worksheet+xml"));
            w.WriteEndElement();
        });
        Xml(zip, "_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", rels);
            Element(w, "Relationship", ("Id", "rId1"), ("Type", RelationshipNamespace + "/officeDocument"), ("Target", "xl/workbook.xml"));
            w.WriteEndElement();
        });
        Xml(zip, "xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", rels);
            for (var i = 1; i <= sheets; i++)
                Element(w, "Relationship", ("Id", $"rId{i}"), ("Type", RelationshipNamespace + "/worksheet"), ("Target", $"worksheets/sheet{i}.xml"));
            Element(w, "Relationship", ("Id", $"rId{sheets + 1}"), ("Type", RelationshipNamespace + "/styles"), ("Target", "styles.xml"));
            w.WriteEndElement();
        });

        void Element(XmlWriter w, string name, params (string Name, string Value)[] attributes)
        {
            // The parent's namespace (Types or Relationships): the default one, no prefix.
            w.WriteStartElement(name, name is "Relationship" ? rels : types);
            foreach (var (n, v) in attributes) w.WriteAttributeString(n, v);
            w.WriteEndElement();
        }
    }

    private static void Xml(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        using var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) });
        w.WriteStartDocument(true);
        write(w);
        w.WriteEndDocument();
    }

    /// <summary>
    /// A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], not starting or
    /// ending with ', unique (case-insensitively) among <paramref name="taken"/>, which it joins.
    /// </summary>
    public static string SheetName(string wanted, ISet<string> taken)
    {
        var clean = new string(wanted.Select(c => ":\\/?*[]".Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0 || clean.Equals("History", StringComparison.OrdinalIgnoreCase)) clean = "部门";
        var name = clean.Length > 31 ? clean[..31] : clean;
        for (var n = 2; taken.Contains(name); n++)
        {
            var suffix = $"({n})";
            name = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        taken.Add(name);
        return name;
    }

    private static void AddFindings(ZipArchive zip, List<string> sheets, List<DefinedName> filters, string name,
        IReadOnlyList<FindingColumn> columns, IEnumerable<DocumentResult> documents)
    {
        sheets.Add(name);
        var id = (uint)sheets.Count;
        uint r = 1;
        Part(zip, $"xl/worksheets/sheet{id}.xml", w =>
        {
            w.WriteStartElement(new Worksheet());
            w.WriteElement(FrozenHeader());
            w.WriteElement(Widths(columns.Select(c => c.Width)));
            w.WriteStartElement(new SheetData());
            var header = new Row { RowIndex = 1 };
            for (var c = 0; c < columns.Count; c++) header.Append(TextCell(c, 1, columns[c].Name, Styles.Header));
            w.WriteElement(header);
            foreach (var doc in documents)
                foreach (var f in doc.Findings)
                {
                    r++;
                    var row = new Row { RowIndex = r };
                    var cells = FindingTable.Row(columns, doc, f);
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var col = columns[c];
                        var text = cells[c];
                        if (col.Numeric && text.Length > 0) row.Append(NumberCell(c, r, text, Styles.Number));
                        else row.Append(TextCell(c, r, text, col.IsSeverity ? Styles.ForSeverity(f.Severity) : col.Wrap ? Styles.Wrapped : Styles.Text));
                    }
                    w.WriteElement(row);
                }
            w.WriteEndElement();
            // The autofilter comes after the rows in a worksheet: its range is known by then.
            w.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(columns.Count - 1)}{r}" });
            w.WriteEndElement();
        });
        var range = $"A1:{ColumnName(columns.Count - 1)}{r}";
        // Excel keeps a filter's range under this hidden name; without it some versions drop the filter.
        filters.Add(new DefinedName($"'{name.Replace("'", "''")}'!{Absolute(range)}")
        {
            Name = "_xlnm._FilterDatabase", LocalSheetId = id - 1, Hidden = true,
        });
    }

    private static void AddSummary(ZipArchive zip, List<string> sheets, LintReport report)
    {
        var s = report.Summary;
        var data = new SheetData();
        uint r = 0;
        void Add(uint style, params object[] cells)
        {
            r++;
            var row = new Row { RowIndex = r };
            for (var c = 0; c < cells.Length; c++)
                row.Append(cells[c] is int n
                    ? NumberCell(c, r, n.ToString(CultureInfo.InvariantCulture), Styles.Number)
                    : TextCell(c, r, cells[c].ToString() ?? "", c == 0 && style == Styles.Text ? Styles.Label : style));
            data.Append(row);
        }
        void Blank() => r++;

        Add(Styles.Title, "预算绩效目标表检查报告");
        Add(Styles.Text, "规则集", $"{report.RuleSet.Name} {report.RuleSet.Version}");
        Add(Styles.Text, "工具", $"{LintReport.ToolName} {LintReport.ToolVersion}");
        Add(Styles.Text, "文件", s.Files);
        Add(Styles.Text, "可识别的表", s.Tables);
        Add(Styles.Text, "无法识别或读取", s.Unreadable.Count);
        Add(Styles.Text, "结果", s.Totals.Total);
        Add(Styles.Text, SummaryFormatter.SeverityName(Severity.Error), s.Totals.Errors);
        Add(Styles.Text, SummaryFormatter.SeverityName(Severity.Warning), s.Totals.Warnings);
        Add(Styles.Text, SummaryFormatter.SeverityName(Severity.Info), s.Totals.Infos);
        Blank();
        Add(Styles.Header, "部门", "文件", "错误", "警告", "提示");
        foreach (var d in s.ByDepartment) Add(Styles.Text, d.Department, d.Documents, d.Counts.Errors, d.Counts.Warnings, d.Counts.Infos);
        Blank();
        Add(Styles.Header, "规则", "标题", "级别", "结果数", "文件数");
        foreach (var x in s.ByRule) Add(Styles.Text, x.RuleId, x.Title, SummaryFormatter.SeverityName(x.Severity), x.Findings, x.Documents);
        Blank();
        Add(Styles.Header, "问题最多的文件", "部门", "表", "错误", "警告", "提示");
        foreach (var d in s.WorstDocuments) Add(Styles.Text, d.File, d.Department, d.Kind, d.Counts.Errors, d.Counts.Warnings, d.Counts.Infos);
        if (s.Unreadable.Count > 0)
        {
            Blank();
            Add(Styles.Header, "无法识别或读取的文件", "原因");
            foreach (var u in s.Unreadable) Add(Styles.Text, u.File, u.Reason);
        }
        if (report.OmittedFindings > 0)
        {
            Blank();
            Add(Styles.Text, "说明", $"另有 {report.OmittedFindings} 条结果未列出（--max-findings），汇总中已计入");
        }
        sheets.Add(SummarySheet);
        var worksheet = new Worksheet(Widths(new double[] { 36, 34, 18, 10, 10, 10 }), data);
        Part(zip, $"xl/worksheets/sheet{sheets.Count}.xml", w => w.WriteElement(worksheet));
    }

    /// <summary>The first row stays in view when scrolling (a frozen pane below it).</summary>
    private static SheetViews FrozenHeader() => new(new SheetView(
        new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
        new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
    { WorkbookViewId = 0 });

    private static Columns Widths(IEnumerable<double> widths)
    {
        var cols = new Columns();
        uint i = 0;
        foreach (var w in widths)
        {
            i++;
            cols.Append(new Column { Min = i, Max = i, Width = w, CustomWidth = true });
        }
        return cols;
    }

    private static Cell TextCell(int column, uint row, string text, uint style) => new()
    {
        CellReference = ColumnName(column) + row,
        DataType = CellValues.InlineString,
        StyleIndex = style,
        // Inline strings are shown as text and never evaluated: no CSV-style quote prefix needed.
        InlineString = new InlineString(new Text(JUnitFormatter.Clean(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static Cell NumberCell(int column, uint row, string number, uint style) => new()
    {
        CellReference = ColumnName(column) + row,
        DataType = CellValues.Number,
        StyleIndex = style,
        CellValue = new CellValue(number),
    };

    private static string Absolute(string range) =>
        string.Join(":", range.Split(':').Select(a => "$" + new string(a.TakeWhile(char.IsLetter).ToArray()) + "$" + new string(a.SkipWhile(char.IsLetter).ToArray())));

    /// <summary>A, B, …, Z, AA, … for a zero-based column index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>The workbook's cell formats, by index into cellXfs.</summary>
    private static class Styles
    {
        public const uint Text = 1, Wrapped = 2, Number = 3, Header = 4, Label = 5, Title = 6, Error = 7, Warning = 8, Info = 9;

        public static uint ForSeverity(Severity s) => s switch
        {
            Severity.Error => Error,
            Severity.Warning => Warning,
            _ => Info,
        };

        public static Stylesheet Sheet()
        {
            // Fonts: 0 normal, 1 bold white (header), 2 bold (labels), 3 bold large (title).
            var fonts = new Fonts(
                Font(false, null, 11),
                Font(true, "FFFFFFFF", 11),
                Font(true, null, 11),
                Font(true, null, 14));
            // Fills 0 and 1 are reserved by Excel (none, gray125); then header, error, warning, info.
            var fills = new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid("FF22777A"), Solid("FFFDE2E1"), Solid("FFFFF1CC"), Solid("FFE3EEFC"));
            var thin = "FFC8CED6";
            var borders = new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(
                    new LeftBorder(new Color { Rgb = thin }) { Style = BorderStyleValues.Thin },
                    new RightBorder(new Color { Rgb = thin }) { Style = BorderStyleValues.Thin },
                    new TopBorder(new Color { Rgb = thin }) { Style = BorderStyleValues.Thin },
                    new BottomBorder(new Color { Rgb = thin }) { Style = BorderStyleValues.Thin },
                    new DiagonalBorder()));
            var formats = new CellFormats(
                new CellFormat(),                                          // 0 default
                Xf(0, 0, 1, wrap: false),                                  // 1 text
                Xf(0, 0, 1, wrap: true),                                   // 2 wrapped text
                Xf(0, 0, 1, wrap: false),                                  // 3 number
                Xf(1, 2, 1, wrap: true, vertical: VerticalAlignmentValues.Center), // 4 header
                Xf(2, 0, 1, wrap: false),                                  // 5 label
                Xf(3, 0, 0, wrap: false),                                  // 6 title
                Xf(0, 3, 1, wrap: false),                                  // 7 错误
                Xf(0, 4, 1, wrap: false),                                  // 8 警告
                Xf(0, 5, 1, wrap: false));                                 // 9 提示
            return new Stylesheet(fonts, fills, borders,
                new CellStyleFormats(new CellFormat()),
                formats,
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
        }

        private static Font Font(bool bold, string? rgb, double size)
        {
            var f = new Font();
            if (bold) f.Append(new Bold());
            f.Append(new FontSize { Val = size });
            if (rgb is not null) f.Append(new Color { Rgb = rgb });
            f.Append(new FontName { Val = "等线" });
            f.Append(new FontFamilyNumbering { Val = 2 });
            f.Append(new FontCharSet { Val = 134 }); // GB2312: Chinese
            return f;
        }

        private static Fill Solid(string rgb) =>
            new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

        private static CellFormat Xf(uint font, uint fill, uint border, bool wrap, VerticalAlignmentValues? vertical = null) =>
            new(new Alignment { WrapText = wrap, Vertical = vertical ?? VerticalAlignmentValues.Top })
            {
                FontId = font, FillId = fill, BorderId = border, FormatId = 0,
                ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true,
            };
    }
}
