using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>
/// Tables in a Word document (.docx, .docm), found by content: a zip holding word/ parts. The body is
/// read in order, streamed: each paragraph outside tables is a line (the title, 部门名称 and 单位 usually
/// are), each table row a line of cells joined by tabs; horizontally merged cells (gridSpan) keep
/// their columns, vertically merged ones are blank below their first row. A document is a table some
/// reader knows with what precedes it (its title and header paragraphs, small tables such as a
/// 部门名称 box); what follows the last one belongs to it, so nothing is left out. Places are
/// 表1!C3 (table 1, row 3, column C) and 段落2 (paragraph 2 of the body).
/// </summary>
public sealed class DocxOpener : IFileOpener
{
    private readonly IReadOnlyList<IDocumentReader> _readers;

    public DocxOpener(IEnumerable<IDocumentReader>? readers = null)
        => _readers = readers?.ToList() ?? SubmissionReader.DefaultReaders();

    public string Format => "docx";

    public int Probe(ReadOnlySpan<byte> head, string path)
    {
        if (!ZipContainer.HasSignature(head)) return 0;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ZipContainer.KindFromHead(head) switch
        {
            ZipKind.Word => 100,
            null when ext is ".docx" or ".docm" or ".dotx" or ".dotm" => 80,
            _ => 0,
        };
    }

    public OpenedFile Open(byte[] bytes, string path, ReadOptions options) => ZipContainer.Open(bytes, path, options, _readers);

    /// <summary>A paragraph outside tables, or a table.</summary>
    private sealed record Block(int Paragraph, string? Text, int Table, List<List<string>>? Rows, List<CellRange>? Merged);

    internal static OpenedFile ReadDocument(byte[] bytes, string path, OfficeLimits limits, IReadOnlyList<IDocumentReader> readers)
    {
        var budget = new InflateBudget(limits.MaxInflatedBytes);
        List<Block> blocks;
        var problems = new List<Diagnostic>();
        try
        {
            using var doc = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false,
                new OpenSettings { MaxCharactersInPart = limits.MaxInflatedBytes, AutoSave = false });
            var main = doc.MainDocumentPart;
            if (main is null) return OpenedFile.Failed(FormatMessages.Damaged("Word 文档（缺少正文部件）"));
            using var r = XlsxOpener.Xml(main, budget);
            blocks = new Body(limits, problems).Read(r);
        }
        catch (OfficeLimitException e)
        {
            return OpenedFile.Failed(e.ToDiagnostic());
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            return OpenedFile.Failed(FormatMessages.Damaged("Word 文档"));
        }

        var tables = blocks.Where(b => b.Rows is not null).ToList();
        var grids = tables.Select(t => $"表{t.Table}").ToArray();
        // A table is where a document ends: it and what came before it since the last such table.
        var ends = new List<int>();
        for (int i = 0; i < blocks.Count; i++)
            if (blocks[i].Rows is not null && GridBuilder.IsTable(Build(path, grids, new[] { blocks[i] }, limits), readers)) ends.Add(i);
        if (ends.Count == 0)
        {
            var why = tables.Count == 0 ? "Word 文档中没有表格" : $"Word 文档中的 {tables.Count} 个表格都不是绩效目标表（未找到表头）";
            problems.Insert(0, new Diagnostic("PR001", $"无法识别的文档格式：{why}", null));
            return new OpenedFile(Array.Empty<SourceText>(), problems);
        }
        var documents = new List<SourceText>();
        int from = 0;
        for (int k = 0; k < ends.Count; k++)
        {
            int to = k == ends.Count - 1 ? blocks.Count - 1 : ends[k];
            documents.Add(Build(path, grids, blocks.Skip(from).Take(to - from + 1), limits, k == 0 ? problems : null));
            from = to + 1;
        }
        return new OpenedFile(documents, Array.Empty<Diagnostic>());
    }

    private static SourceText Build(string path, string[] grids, IEnumerable<Block> blocks, OfficeLimits limits, List<Diagnostic>? problems = null)
    {
        var builder = new GridBuilder(GridKind.WordTable, limits.Grid);
        foreach (var g in grids) builder.AddGrid(g);
        foreach (var b in blocks)
        {
            if (b.Rows is null)
            {
                builder.AddLine(new LinePlace(-1, b.Paragraph, 1), new[] { GridBuilder.CellText(b.Text) });
                continue;
            }
            int grid = b.Table - 1;
            for (int row = 0; row < b.Rows.Count; row++)
                builder.AddLine(new LinePlace(grid, row + 1, 1), b.Rows[row].Select(GridBuilder.CellText).ToList());
            foreach (var m in b.Merged!) builder.Merge(m with { Grid = grid });
        }
        return builder.Build(path, "docx", problems);
    }

    /// <summary>Reads the body of document.xml, element by element.</summary>
    private sealed class Body(OfficeLimits limits, List<Diagnostic> problems)
    {
        private readonly StringBuilder _text = new();
        private readonly List<Block> _blocks = new();
        private int _paragraphs, _tables, _lines;
        private long _chars;
        private bool _wide;

        public List<Block> Read(XmlReader r)
        {
            while (!r.EOF)
            {
                if (r.NodeType == XmlNodeType.Element)
                {
                    switch (r.LocalName)
                    {
                        case "p":
                            var text = Paragraph(r);
                            Count(text.Length);
                            _blocks.Add(new Block(++_paragraphs, text, 0, null, null));
                            continue;
                        case "tbl":
                            _blocks.Add(Table(r));
                            continue;
                        case "sectPr" or "del" or "moveFrom" or "Fallback":
                            r.Skip();
                            continue;
                    }
                }
                r.Read();
            }
            return _blocks;
        }

        private void Count(int chars)
        {
            _chars += chars + 1;
            if (++_lines > limits.Grid.MaxRows)
                throw new OfficeLimitException($"Word 文档的段落和表格行超过 {limits.Grid.MaxRows} 行，未读取");
            if (_chars > limits.Grid.MaxChars)
                throw new OfficeLimitException($"Word 文档的文字超过上限（{limits.Grid.MaxChars} 个字符），未读取");
        }

        /// <summary>The text of a paragraph (the reader is on w:p; afterwards past it): runs, tabs, line breaks.</summary>
        private string Paragraph(XmlReader r)
        {
            _text.Clear();
            AppendParagraph(r);
            return _text.ToString();
        }

        private void AppendParagraph(XmlReader r)
        {
            if (r.IsEmptyElement) { r.Read(); return; }
            int depth = r.Depth;
            r.Read();
            while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType == XmlNodeType.Element)
                {
                    switch (r.LocalName)
                    {
                        case "t": _text.Append(r.ReadElementContentAsString()); continue;
                        case "tab": _text.Append('\t'); break;
                        case "br" or "cr": _text.Append('\n'); break;
                        case "noBreakHyphen": _text.Append('-'); break;
                        // Deleted or moved-away text, field codes and alternate renderings are not what the page shows.
                        case "delText" or "instrText" or "del" or "moveFrom" or "Fallback" or "pPr" or "rPr":
                            r.Skip();
                            continue;
                        case "p":
                            // A paragraph inside a text box: its own line of the text.
                            if (_text.Length > 0) _text.Append('\n');
                            AppendParagraph(r);
                            continue;
                    }
                }
                r.Read();
            }
            r.Read();
        }

        private Block Table(XmlReader r)
        {
            int table = ++_tables;
            var rows = new List<List<string>>();
            var merged = new List<CellRange>();
            // Vertical merges still open, by grid column: (first row, last row, columns spanned).
            var open = new Dictionary<int, (int First, int Last, int Span)>();
            if (r.IsEmptyElement) { r.Read(); return new Block(0, null, table, rows, merged); }
            int depth = r.Depth;
            r.Read();
            while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "tr" && r.Depth == depth + 1)
                {
                    rows.Add(Row(r, rows.Count + 1, merged, open));
                    continue;
                }
                if (r.NodeType == XmlNodeType.Element && r.LocalName is "del" or "moveFrom") { r.Skip(); continue; }
                r.Read();
            }
            r.Read();
            foreach (var (col, m) in open) Close(merged, col, m);
            return new Block(0, null, table, rows, merged);
        }

        private List<string> Row(XmlReader r, int rowNumber, List<CellRange> merged, Dictionary<int, (int First, int Last, int Span)> open)
        {
            var cells = new List<string>();
            int column = 1;
            if (r.IsEmptyElement) { r.Read(); Count(0); return cells; }
            int depth = r.Depth;
            r.Read();
            while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
                if (r.LocalName == "gridBefore" && int.TryParse(Val(r), out var before) && before > 0)
                {
                    column += Math.Min(before, limits.Grid.MaxColumns);
                    r.Read();
                    continue;
                }
                if (r.LocalName == "tc" && r.Depth == depth + 1)
                {
                    var (text, span, vMerge) = Cell(r);
                    span = Math.Clamp(span, 1, limits.Grid.MaxColumns);
                    if (column + span - 1 > limits.Grid.MaxColumns)
                    {
                        if (!_wide) problems.Add(new Diagnostic("PR006", $"Word 表格第 {_tables} 个表的第 {rowNumber} 行超过 {limits.Grid.MaxColumns} 列，超出的列未读取", null));
                        _wide = true;
                        r.Read();
                        continue;
                    }
                    while (cells.Count < column - 1) cells.Add("");
                    bool continues = vMerge is not null && vMerge != "restart";
                    cells.Add(continues ? "" : text);
                    for (int k = 1; k < span; k++) cells.Add("");
                    if (span > 1 && !continues) merged.Add(new CellRange(0, rowNumber, column, rowNumber, column + span - 1));
                    if (continues && open.TryGetValue(column, out var m)) open[column] = m with { Last = rowNumber };
                    else
                    {
                        if (open.Remove(column, out var done)) Close(merged, column, done);
                        if (vMerge == "restart") open[column] = (rowNumber, rowNumber, span);
                    }
                    column += span;
                    continue;
                }
                r.Read();
            }
            r.Read();
            // A vertical merge ends at a row that does not continue it.
            foreach (var col in open.Keys.ToList())
                if (open[col].Last < rowNumber && open.Remove(col, out var done)) Close(merged, col, done);
            int end = cells.Count;
            while (end > 0 && cells[end - 1].Length == 0) end--;
            cells.RemoveRange(end, cells.Count - end);
            Count(cells.Sum(c => c.Length + 1));
            return cells;
        }

        private static void Close(List<CellRange> merged, int column, (int First, int Last, int Span) m)
        {
            if (m.Last > m.First) merged.Add(new CellRange(0, m.First, column, m.Last, column + m.Span - 1));
        }

        /// <summary>A cell's text (paragraphs joined by line breaks), its grid span and its vertical merge (null: none).</summary>
        private (string Text, int Span, string? VMerge) Cell(XmlReader r)
        {
            var text = new StringBuilder();
            int span = 1;
            string? vMerge = null;
            if (r.IsEmptyElement) { r.Read(); return ("", 1, null); }
            int depth = r.Depth;
            r.Read();
            while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType == XmlNodeType.Element)
                {
                    // tcPr of this cell, not of a table nested in it.
                    if (r.LocalName == "gridSpan" && r.Depth == depth + 2 && int.TryParse(Val(r), out var s)) span = s;
                    else if (r.LocalName == "vMerge" && r.Depth == depth + 2) vMerge = Val(r) ?? "continue";
                    else if (r.LocalName == "p")
                    {
                        if (text.Length > 0) text.Append('\n');
                        text.Append(Paragraph(r));
                        continue;
                    }
                    else if (r.LocalName is "del" or "moveFrom") { r.Skip(); continue; }
                }
                r.Read();
            }
            r.Read();
            return (text.ToString(), span, vMerge);
        }

        private static string? Val(XmlReader r)
        {
            if (r.MoveToFirstAttribute())
            {
                do
                {
                    if (r.LocalName == "val") { var v = r.Value; r.MoveToElement(); return v; }
                } while (r.MoveToNextAttribute());
                r.MoveToElement();
            }
            return null;
        }
    }
}
