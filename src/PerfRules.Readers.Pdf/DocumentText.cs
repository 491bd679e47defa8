using System.Text;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// The rebuilt lines of all pages as one text, with where every character came from. A table row
/// that the page break cut in two is joined again (its part on the next page comes after the
/// repeated table head, with an empty first cell); repeated page heads stay, as the readers'
/// furniture.
/// </summary>
internal static class DocumentText
{
    /// <summary>Rows at the top of a page's table that repeat the head of an earlier page (title rows, column heads).</summary>
    private const int HeadRows = 5;

    public static (string Text, PageMap Map) Join(IReadOnlyList<PageLines> pages)
    {
        var output = new List<RebuiltLine>();
        var heads = new HashSet<string>(StringComparer.Ordinal);
        RebuiltLine? lastRow = null;
        double? lastBottom = null;
        foreach (var page in pages)
        {
            var rows = page.Lines.Where(l => l.IsTableRow).ToList();
            var top = rows.Take(HeadRows).ToList();
            // The page's first table row that is not a repeated head (title and column-head rows may be boxes of their own).
            var body = top.FirstOrDefault(r => !heads.Contains(r.Joined));
            foreach (var r in top) heads.Add(r.Joined);

            RebuiltLine? merged = null;
            if (body is not null && lastRow is not null && Continues(lastRow, lastBottom, body))
            {
                for (int i = 0; i < body.Cells.Count; i++)
                {
                    lastRow.Cells[i].Add(body.Cells[i]);
                }
                merged = body;
            }
            foreach (var line in page.Lines)
                if (!ReferenceEquals(line, merged)) output.Add(line);

            // The row the next page may continue: this page's last table row (or the row it joined).
            if (rows.Count > 0)
            {
                var last = rows[^1];
                lastRow = ReferenceEquals(last, merged) ? lastRow : last;
                lastBottom = page.ContentBottom;
            }
        }

        var text = new StringBuilder();
        var map = new PageMap();
        foreach (var line in output)
        {
            var origins = new List<PageMap.Origin>();
            for (int c = 0; c < line.Cells.Count; c++)
            {
                if (c > 0)
                {
                    text.Append('\t');
                    origins.Add(default);
                }
                var cell = line.Cells[c];
                // A tab inside a cell's text would split the cell: the readers see a space.
                text.Append(cell.Text.Replace('\t', ' '));
                foreach (var g in cell.From) origins.Add(g is null ? default : new PageMap.Origin(g.Page, g.PageLine, g.PageColumn));
            }
            text.Append('\n');
            map.Add(line.Page, origins);
        }
        return (text.ToString(), map);
    }

    /// <summary>
    /// Whether the first body row of a page is the rest of the previous page's last row. Both must
    /// have the same columns. A row the break cut has no bottom border (browsers draw none), which
    /// says so; otherwise it must reach the bottom of the printable area (where the page says where
    /// that is) and one of the two parts must lack the first cell (the row's name is in the other).
    /// </summary>
    private static bool Continues(RebuiltLine previous, double? contentBottom, RebuiltLine row)
    {
        if (previous.Cells.Count != row.Cells.Count || previous.Cells.Count < 2) return false;
        for (int i = 0; i < row.CellLefts.Count; i++)
            if (Math.Abs(previous.CellLefts[i] - row.CellLefts[i]) > 2) return false;
        if (previous.OpenBottom) return true;
        if (!previous.FirstCellEmpty && !row.FirstCellEmpty) return false;
        return contentBottom is not { } bottom || previous.Bottom >= bottom - 3;
    }
}

/// <summary>The rebuilt lines of one page, and the bottom of its printable area when the page says.</summary>
internal sealed record PageLines(int Page, List<RebuiltLine> Lines, double? ContentBottom);
