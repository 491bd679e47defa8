using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// Writes drafted sheets as one .xlsx with the Open XML SDK: shared strings, the template's styles,
/// frozen panes, column widths, merged cells, drop-down lists (over defined names) and print titles.
/// Part ids are fixed, so the same draft gives the same parts.
/// </summary>
internal static class WorkbookWriter
{
    /// <summary>Excel's limit on the characters of one cell.</summary>
    public const int MaxCellChars = 32767;

    /// <param name="names">Workbook-level defined names (the drop-down lists), name → reference.</param>
    /// <param name="recalculate">Ask the spreadsheet to recalculate every formula when it opens the file.</param>
    public static byte[] Write(IReadOnlyList<SheetDraft> sheets, IReadOnlyList<(string Name, string Reference)> names, bool recalculate)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            var styles = book.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = TemplateStyles.Build();
            var strings = new SharedStrings();
            var list = new Sheets();
            var defined = new DefinedNames();
            for (int i = 0; i < sheets.Count; i++)
            {
                var part = book.AddNewPart<WorksheetPart>($"rIdSheet{i + 1}");
                part.Worksheet = Worksheet(sheets[i], strings, selected: i == 0);
                list.Append(new Sheet { Id = $"rIdSheet{i + 1}", SheetId = (uint)(i + 1), Name = sheets[i].Name });
                if (sheets[i].PrintTitleRows > 0)
                    defined.Append(new DefinedName($"{Quote(sheets[i].Name)}!$1:${sheets[i].PrintTitleRows}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }
            foreach (var (name, reference) in names) defined.Append(new DefinedName(reference) { Name = name });
            var workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), list);
            if (defined.HasChildren) workbook.Append(defined);
            if (recalculate) workbook.Append(new CalculationProperties { CalculationId = 191029, FullCalculationOnLoad = true });
            book.Workbook = workbook;
            var sst = book.AddNewPart<SharedStringTablePart>("rIdStrings");
            sst.SharedStringTable = strings.Table;
        }
        return ms.ToArray();
    }

    /// <summary>A sheet name as a formula writes it: quoted, with quotes doubled.</summary>
    public static string Quote(string sheet) => "'" + sheet.Replace("'", "''") + "'";

    private static Worksheet Worksheet(SheetDraft s, SharedStrings strings, bool selected)
    {
        var ws = new Worksheet();
        if (s.Landscape) ws.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected ? true : null };
        if (s.FrozenRows > 0 || s.FrozenColumns > 0)
        {
            var topLeft = Model.CellMap.Address(s.FrozenRows + 1, s.FrozenColumns + 1);
            var pane = s.FrozenRows > 0 && s.FrozenColumns > 0 ? PaneValues.BottomRight : s.FrozenRows > 0 ? PaneValues.BottomLeft : PaneValues.TopRight;
            view.Append(new Pane
            {
                HorizontalSplit = s.FrozenColumns > 0 ? s.FrozenColumns : null,
                VerticalSplit = s.FrozenRows > 0 ? s.FrozenRows : null,
                TopLeftCell = topLeft, ActivePane = pane, State = PaneStateValues.Frozen,
            });
            view.Append(new Selection { Pane = pane, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue>(new[] { new StringValue(topLeft) }) });
        }
        ws.Append(new SheetViews(view));
        ws.Append(new SheetFormatProperties { DefaultRowHeight = 14.25 });
        if (s.Columns.Count > 0)
            ws.Append(new Columns(s.Columns.Select(c => new Column
            {
                Min = (uint)c.Key, Max = (uint)c.Key, Width = c.Value.Width, CustomWidth = true,
                Style = c.Value.Style != 0 ? (uint)c.Value.Style : null,
            })));
        var data = new SheetData();
        foreach (var (r, cells) in s.Rows)
        {
            var row = new Row { RowIndex = (uint)r };
            foreach (var (c, cell) in cells) row.Append(Cell(Model.CellMap.Address(r, c), cell, strings));
            data.Append(row);
        }
        ws.Append(data);
        if (s.Merged.Count > 0) ws.Append(new MergeCells(s.Merged.Select(m => new MergeCell { Reference = m })) { Count = (uint)s.Merged.Count });
        if (s.Validations.Count > 0)
            ws.Append(new DataValidations(s.Validations.Select(v => new DataValidation(new Formula1(v.ListName))
            {
                Type = DataValidationValues.List, AllowBlank = true,
                // A warning, not a stop: a name the list lacks is still allowed (the code rules report it).
                ErrorStyle = DataValidationErrorStyleValues.Warning,
                ShowErrorMessage = true, ShowInputMessage = true,
                ErrorTitle = "不在下拉列表中", Error = $"“{v.Title}”应从下拉列表中选择（来自指标代码表）。仍要使用这个值吗？",
                PromptTitle = v.Title, Prompt = v.Prompt,
                SequenceOfReferences = new ListValue<StringValue>(new[] { new StringValue(v.Range) }),
            })) { Count = (uint)s.Validations.Count });
        ws.Append(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        if (s.Landscape) ws.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        return ws;
    }

    private static Cell Cell(string reference, DraftCell x, SharedStrings strings)
    {
        var cell = new Cell { CellReference = reference };
        if (x.Style != 0) cell.StyleIndex = (uint)x.Style;
        if (x.Formula is not null)
        {
            cell.CellFormula = new CellFormula(x.Formula);
            if (x.Number is { } result) cell.CellValue = new CellValue(result);
            else
            {
                // An empty text result, saved: the reader sees an empty cell, not a formula to recalculate.
                cell.DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.String;
                cell.CellValue = new CellValue("");
            }
            return cell;
        }
        if (x.Number is { } n)
        {
            cell.CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture));
            return cell;
        }
        if (x.Text is null) return cell;
        cell.DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString;
        cell.CellValue = new CellValue(strings.Index(x.Text));
        return cell;
    }

    /// <summary>
    /// Text as a cell holds it: characters XML cannot carry (control characters, lone surrogates)
    /// written as Excel writes them, _xHHHH_, and an underscore that would read as such an escape
    /// written as _x005F_ — so the reader gets back the text given.
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? replaced = null;
            if (c == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && IsHex(text.AsSpan(i + 2, 4))) replaced = "_x005F_";
            else if ((c < 0x20 && c is not ('\t' or '\n')) || c is '\uFFFE' or '\uFFFF') replaced = $"_x{(int)c:X4}_";
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            else if (char.IsSurrogate(c)) replaced = "\uFFFD";
            if (replaced is null) { sb?.Append(c); continue; }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            sb.Append(replaced);
        }
        return sb?.ToString() ?? text;

        static bool IsHex(ReadOnlySpan<char> s)
        {
            foreach (var ch in s)
                if (!char.IsAsciiHexDigit(ch)) return false;
            return true;
        }
    }

    /// <summary>The shared-strings table, each distinct text once.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public SharedStringTable Table { get; } = new();

        public int Index(string text)
        {
            if (_index.TryGetValue(text, out var i)) return i;
            i = _index[text] = _index.Count;
            Table.Append(new SharedStringItem(new Text(Escape(text)) { Space = SpaceProcessingModeValues.Preserve }));
            Table.Count = Table.UniqueCount = (uint)_index.Count;
            return i;
        }
    }
}
