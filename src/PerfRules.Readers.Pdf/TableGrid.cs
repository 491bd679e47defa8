namespace PerfRules.Readers.Pdf;

/// <summary>
/// A ruled table of a page: the x of its column lines, the y of its row lines, and its cells as
/// regions of the grid (a merged cell covers several grid cells: no ruling separates them).
/// </summary>
internal sealed class TableGrid
{
    private const double Slack = 2.0;

    public double[] Xs { get; }
    public double[] Ys { get; }
    public List<CellRegion> Regions { get; } = new();
    private readonly CellRegion[,] _at;

    /// <summary>The table has no top (bottom) border: its first (last) row goes on from the page before (after).</summary>
    public bool OpenTop { get; private init; }
    public bool OpenBottom { get; private init; }

    public int Rows => Ys.Length - 1;
    public int Columns => Xs.Length - 1;
    public double Top => Ys[0];
    public double Bottom => Ys[^1];
    public double Left => Xs[0];
    public double Right => Xs[^1];

    private TableGrid(double[] xs, double[] ys, List<Ruling> horizontal, List<Ruling> vertical)
    {
        Xs = xs;
        Ys = ys;
        int rows = Rows, cols = Columns;
        var parent = new int[rows * cols];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }

        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double midY = (ys[r] + ys[r + 1]) / 2, midX = (xs[c] + xs[c + 1]) / 2;
                if (c + 1 < cols && !vertical.Any(v => Near(v.At, xs[c + 1]) && v.Covers(midY)))
                    Union(r * cols + c, r * cols + c + 1);
                if (r + 1 < rows && !horizontal.Any(h => Near(h.At, ys[r + 1]) && h.Covers(midX)))
                    Union(r * cols + c, (r + 1) * cols + c);
            }

        _at = new CellRegion[rows, cols];
        var byRoot = new Dictionary<int, CellRegion>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int root = Find(r * cols + c);
                if (!byRoot.TryGetValue(root, out var region))
                {
                    region = new CellRegion { Row0 = r, Col0 = c, Row1 = r, Col1 = c };
                    byRoot[root] = region;
                    Regions.Add(region);
                }
                region.Row1 = Math.Max(region.Row1, r);
                region.Col0 = Math.Min(region.Col0, c);
                region.Col1 = Math.Max(region.Col1, c);
                _at[r, c] = region;
            }
        foreach (var region in Regions)
        {
            region.Left = xs[region.Col0];
            region.Right = xs[region.Col1 + 1];
            region.Top = ys[region.Row0];
            region.Bottom = ys[region.Row1 + 1];
        }
    }

    // A line at a grid position, or the second line of a double line there.
    private static bool Near(double at, double grid) => at >= grid - Slack && at <= grid + 3.5 + Slack;

    /// <summary>The cell region holding a point, or null outside the table.</summary>
    public CellRegion? At(double x, double y)
    {
        if (x < Left || x > Right || y < Top || y > Bottom) return null;
        int c = Array.BinarySearch(Xs, x);
        c = c >= 0 ? Math.Min(c, Columns - 1) : Math.Min(~c - 1, Columns - 1);
        int r = Array.BinarySearch(Ys, y);
        r = r >= 0 ? Math.Min(r, Rows - 1) : Math.Min(~r - 1, Rows - 1);
        return c < 0 || r < 0 ? null : _at[r, c];
    }

    /// <summary>The regions that a grid row passes through, left to right.</summary>
    public IEnumerable<CellRegion> RowRegions(int row)
    {
        CellRegion? last = null;
        for (int c = 0; c < Columns; c++)
        {
            var region = _at[row, c];
            if (ReferenceEquals(region, last)) continue;
            last = region;
            yield return region;
        }
    }

    /// <summary>
    /// The ruled tables of a page: groups of rulings that touch one another, each with at least two
    /// lines each way. Lines that frame nothing (an underline, a rule under the title) are ignored.
    /// </summary>
    public static List<TableGrid> Find(List<Ruling> rulings)
    {
        var merged = Rulings.Merge(rulings);
        var parent = Enumerable.Range(0, merged.Count).ToArray();
        int Root(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (int i = 0; i < merged.Count; i++)
            for (int j = i + 1; j < merged.Count; j++)
            {
                var a = merged[i];
                var b = merged[j];
                if (a.Horizontal == b.Horizontal) continue;
                var (h, v) = a.Horizontal ? (a, b) : (b, a);
                if (h.Covers(v.At, Slack) && v.Covers(h.At, Slack)) parent[Root(i)] = Root(j);
            }

        var tables = new List<TableGrid>();
        foreach (var group in Enumerable.Range(0, merged.Count).GroupBy(Root))
        {
            var lines = group.Select(i => merged[i]).ToList();
            var horizontal = lines.Where(l => l.Horizontal).ToList();
            var vertical = lines.Where(l => !l.Horizontal).ToList();
            if (horizontal.Count < 2 || vertical.Count < 2) continue;
            // A row cut by the page break may lack its closing border (and the next part its top
            // border), and a table may have no outer side borders: the lines that stick out close it.
            double top = vertical.Min(v => v.From), bottom = vertical.Max(v => v.To);
            double left = horizontal.Min(h => h.From), right = horizontal.Max(h => h.To);
            double minY = horizontal.Min(h => h.At), maxY = horizontal.Max(h => h.At);
            double minX = vertical.Min(v => v.At), maxX = vertical.Max(v => v.At);
            bool openTop = top < minY - Slack, openBottom = bottom > maxY + Slack;
            if (openTop) horizontal.Add(new Ruling(true, top, left, right));
            if (openBottom) horizontal.Add(new Ruling(true, bottom, left, right));
            if (left < minX - Slack) vertical.Add(new Ruling(false, left, top, bottom));
            if (right > maxX + Slack) vertical.Add(new Ruling(false, right, top, bottom));
            var xs = Distinct(vertical.Select(v => v.At));
            var ys = Distinct(horizontal.Select(h => h.At));
            if (xs.Length < 2 || ys.Length < 2) continue;
            tables.Add(new TableGrid(xs, ys, horizontal, vertical) { OpenTop = openTop, OpenBottom = openBottom });
        }
        return tables.OrderBy(t => t.Top).ToList();
    }

    /// <summary>The distinct positions of lines; a double line (cells drawn as separate boxes) counts once.</summary>
    private static double[] Distinct(IEnumerable<double> values)
    {
        const double doubleLine = 3.5;
        var result = new List<double>();
        foreach (var v in values.OrderBy(v => v))
            if (result.Count == 0 || v - result[^1] > doubleLine) result.Add(v);
        return result.ToArray();
    }
}

/// <summary>A cell of a ruled table: the grid rows and columns it covers, and the glyphs inside it.</summary>
internal sealed class CellRegion
{
    public int Row0 { get; set; }
    public int Row1 { get; set; }
    public int Col0 { get; set; }
    public int Col1 { get; set; }
    public double Left { get; set; }
    public double Right { get; set; }
    public double Top { get; set; }
    public double Bottom { get; set; }
    public List<Glyph> Glyphs { get; } = new();
}
