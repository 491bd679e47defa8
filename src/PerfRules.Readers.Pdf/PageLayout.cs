using System.Text;

namespace PerfRules.Readers.Pdf;

/// <summary>Text being rebuilt, with the glyph each character came from (null for a space or tab put in between).</summary>
internal sealed class RunText
{
    public StringBuilder Text { get; } = new();
    public List<Glyph?> From { get; } = new();

    public int Length => Text.Length;
    public bool IsBlank
    {
        get
        {
            for (int i = 0; i < Text.Length; i++)
                if (!char.IsWhiteSpace(Text[i])) return false;
            return true;
        }
    }

    public void Add(Glyph g)
    {
        Text.Append(g.Text);
        for (int i = 0; i < g.Text.Length; i++) From.Add(g);
    }

    public void Add(char c, Glyph? near = null)
    {
        Text.Append(c);
        From.Add(near);
    }

    public void Add(RunText other)
    {
        Text.Append(other.Text);
        From.AddRange(other.From);
    }

    /// <summary>Glyphs of one text line, left to right, with a space where the writer left a gap instead of drawing one.</summary>
    public void AddLine(List<Glyph> line)
    {
        for (int i = 0; i < line.Count; i++)
        {
            if (i > 0 && PageGlyphs.GapBetween(line[i - 1], line[i])) Add(' ', line[i]);
            Add(line[i]);
        }
    }

    /// <summary>Without leading and trailing white space.</summary>
    public RunText Trim()
    {
        int start = 0, end = Text.Length;
        while (start < end && char.IsWhiteSpace(Text[start])) start++;
        while (end > start && char.IsWhiteSpace(Text[end - 1])) end--;
        if (start == 0 && end == Text.Length) return this;
        var t = new RunText();
        t.Text.Append(Text, start, end - start);
        t.From.AddRange(From.GetRange(start, end - start));
        return t;
    }

    public override string ToString() => Text.ToString();
}

/// <summary>
/// One line of the rebuilt text: a row of a ruled table (its cells, to be joined by tabs) or a line
/// of text outside any table (one cell).
/// </summary>
internal sealed class RebuiltLine
{
    public required int Page { get; init; }
    public required double Top { get; init; }
    public double Bottom { get; init; }
    public List<RunText> Cells { get; } = new();
    public TableGrid? Table { get; init; }
    /// <summary>The row has no bottom border: the page break cut it, and it goes on on the next page.</summary>
    public bool OpenBottom { get; init; }
    /// <summary>Left edges of the cells (table rows only), to tell whether two rows share their columns.</summary>
    public List<double> CellLefts { get; } = new();

    public bool IsTableRow => Table is not null;
    public string Joined => string.Join('\t', Cells.Select(c => c.ToString()));
    public bool FirstCellEmpty => Cells.Count == 0 || Cells[0].IsBlank;
}

/// <summary>Rebuilds the lines of one page from its glyphs and rulings.</summary>
internal static class PageLayout
{
    /// <summary>More rulings than this on one page is not a form: the page is read as text lines.</summary>
    public const int MaxRulings = 5000;

    public static List<RebuiltLine> Build(int page, List<Glyph> glyphs, List<Ruling> rulings, PdfLayoutMode mode)
    {
        var tables = mode == PdfLayoutMode.Cells && rulings.Count <= MaxRulings ? TableGrid.Find(rulings) : new List<TableGrid>();
        var outside = new List<Glyph>();
        foreach (var g in glyphs)
        {
            CellRegion? region = null;
            foreach (var t in tables)
                if ((region = t.At(g.CenterX, g.CenterY)) is not null) break;
            if (region is null) outside.Add(g);
            else region.Glyphs.Add(g);
        }

        var lines = new List<RebuiltLine>();
        foreach (var line in PageGlyphs.Lines(outside))
        {
            var text = new RunText();
            text.AddLine(line);
            var rebuilt = new RebuiltLine { Page = page, Top = line.Min(g => g.Baseline - g.Size), Bottom = line.Max(g => g.Baseline) };
            rebuilt.Cells.Add(text);
            lines.Add(rebuilt);
        }
        foreach (var table in tables) lines.AddRange(Rows(page, table));
        // Stable: rows of one table keep their order; text between tables falls in place by height.
        return lines.OrderBy(l => l.Top).ToList();
    }

    private static IEnumerable<RebuiltLine> Rows(int page, TableGrid table)
    {
        var texts = new Dictionary<CellRegion, RunText>(ReferenceEqualityComparer.Instance);
        foreach (var region in table.Regions) texts[region] = CellText(region.Glyphs);
        for (int r = 0; r < table.Rows; r++)
        {
            var row = new RebuiltLine
            {
                Page = page, Top = table.Ys[r], Bottom = table.Ys[r + 1], Table = table,
                OpenBottom = table.OpenBottom && r == table.Rows - 1,
            };
            bool any = false;
            foreach (var region in table.RowRegions(r))
            {
                // A cell merged down over several rows speaks in its first row; below, it is an empty cell.
                bool starts = region.Row0 == r;
                var text = starts ? texts[region] : new RunText();
                any |= starts && !text.IsBlank;
                row.Cells.Add(text);
                row.CellLefts.Add(region.Left);
            }
            if (any) yield return row;
        }
    }

    /// <summary>
    /// The text of a cell: its lines top to bottom, run together as the readers expect wrapped cell
    /// text (a line break inside a cell is where the column ended, not a separator).
    /// </summary>
    public static RunText CellText(List<Glyph> glyphs)
    {
        // A space the line was broken at is not drawn (browsers hang it), so it cannot be told from a
        // break between two characters: ≥ 10 家 wrapped after ≥ reads ≥10 家 (the value is the same).
        var text = new RunText();
        foreach (var line in PageGlyphs.Lines(glyphs)) text.AddLine(line);
        return text.Trim();
    }
}
