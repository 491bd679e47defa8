using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics;

namespace PerfRules.Readers.Pdf;

/// <summary>A ruling line of a page: horizontal at <see cref="At"/> (y from the top) from x <see cref="From"/> to <see cref="To"/>, or vertical.</summary>
internal readonly record struct Ruling(bool Horizontal, double At, double From, double To)
{
    public bool Covers(double v, double slack = 0) => v >= From - slack && v <= To + slack;
}

/// <summary>
/// A path a page draws, as the rulings need it: its subpaths in page space, how it is painted, and
/// whether its colour is white (invisible on paper).
/// </summary>
internal readonly record struct DrawnPath(IReadOnlyList<PdfSubpath> Subpaths, bool IsClipping, bool IsFilled, bool IsStroked, double LineWidth, bool Invisible);

/// <summary>The ruling lines (table borders) a page draws: thin filled rectangles or stroked straight segments.</summary>
internal static class Rulings
{
    /// <summary>Thicker than this is a shaded area, not a line.</summary>
    private const double MaxThickness = 3.0;

    public static List<Ruling> Read(Page page, out double? contentBottom)
    {
        var paths = new List<DrawnPath>(page.Paths.Count);
        foreach (var p in page.Paths)
            paths.Add(new DrawnPath(p, p.IsClipping, p.IsFilled, p.IsStroked, p.LineWidth, IsInvisible(p)));
        return From(paths, PageTurn.Of(page), page.Width, page.Height, out contentBottom);
    }

    /// <summary>The rulings of a page's drawn paths (PdfPig's, or those <see cref="FastPage"/> drew the same way).</summary>
    public static List<Ruling> From(List<DrawnPath> paths, PageTurn turn, double pageWidth, double pageHeight, out double? contentBottom)
    {
        var rulings = new List<Ruling>();
        contentBottom = null;
        foreach (var path in paths)
        {
            if (path.IsClipping)
            {
                // The printable area: a row cut by the page's end reaches its bottom.
                if (PdfSubpath.GetBoundingRectangle(path.Subpaths) is { } clip && clip.Width > pageWidth * 0.5 && clip.Height > pageHeight * 0.5)
                {
                    var (_, y0) = turn.Apply(clip.Left, clip.Bottom);
                    var (_, y1) = turn.Apply(clip.Right, clip.Top);
                    contentBottom = Math.Max(contentBottom ?? 0, Math.Max(y0, y1));
                }
                continue;
            }
            if (!path.IsFilled && !path.IsStroked) continue;
            if (path.Invisible) continue;
            foreach (var sub in path.Subpaths)
            {
                if (path.IsFilled && sub.GetBoundingRectangle() is { } box)
                {
                    if (box.Height <= MaxThickness && box.Width > box.Height * 2)
                        Add(rulings, turn, box.Left, (box.Bottom + box.Top) / 2, box.Right, (box.Bottom + box.Top) / 2);
                    else if (box.Width <= MaxThickness && box.Height > box.Width * 2)
                        Add(rulings, turn, (box.Left + box.Right) / 2, box.Bottom, (box.Left + box.Right) / 2, box.Top);
                    if (!path.IsStroked) continue;
                }
                if (!path.IsStroked || path.LineWidth > MaxThickness) continue;
                PdfPoint? start = null, at = null;
                foreach (var c in sub.Commands)
                {
                    switch (c)
                    {
                        case PdfSubpath.Move m:
                            start = at = m.Location;
                            break;
                        case PdfSubpath.Line l:
                            Segment(rulings, turn, l.From, l.To);
                            at = l.To;
                            start ??= l.From;
                            break;
                        case PdfSubpath.Close when start is { } s && at is { } a:
                            Segment(rulings, turn, a, s);
                            at = s;
                            break;
                        case PdfSubpath.BezierCurve b:
                            at = b.EndPoint;
                            break;
                    }
                }
            }
        }
        return rulings;
    }

    /// <summary>White (or unset-to-white) lines on white paper are not borders anyone sees.</summary>
    private static bool IsInvisible(PdfPath path)
    {
        var color = path.IsStroked && !path.IsFilled ? path.StrokeColor : path.FillColor;
        if (color is null) return false;
        var (r, g, b) = color.ToRGBValues();
        return IsWhite(r, g, b);
    }

    public static bool IsWhite(double r, double g, double b) => r > 0.95 && g > 0.95 && b > 0.95;

    private static void Segment(List<Ruling> into, PageTurn turn, PdfPoint a, PdfPoint b)
    {
        if (Math.Abs(a.Y - b.Y) < 0.5 || Math.Abs(a.X - b.X) < 0.5) Add(into, turn, a.X, a.Y, b.X, b.Y);
    }

    private static void Add(List<Ruling> into, PageTurn turn, double x0, double y0, double x1, double y1)
    {
        var (ax, ay) = turn.Apply(x0, y0);
        var (bx, by) = turn.Apply(x1, y1);
        if (Math.Abs(ay - by) < 0.5 && Math.Abs(ax - bx) >= 1) into.Add(new Ruling(true, (ay + by) / 2, Math.Min(ax, bx), Math.Max(ax, bx)));
        else if (Math.Abs(ax - bx) < 0.5 && Math.Abs(ay - by) >= 1) into.Add(new Ruling(false, (ax + bx) / 2, Math.Min(ay, by), Math.Max(ay, by)));
    }

    /// <summary>
    /// Joins rulings on the same line (within <paramref name="tolerance"/>) whose extents touch or
    /// overlap: a border drawn cell by cell becomes one line.
    /// </summary>
    public static List<Ruling> Merge(IEnumerable<Ruling> rulings, double tolerance = 1.5, double gap = 2.5)
    {
        var result = new List<Ruling>();
        foreach (var group in rulings.GroupBy(r => r.Horizontal))
        {
            var sorted = group.OrderBy(r => r.At).ToList();
            int i = 0;
            while (i < sorted.Count)
            {
                // One line: every ruling within tolerance of the first.
                int j = i;
                while (j < sorted.Count && sorted[j].At - sorted[i].At <= tolerance) j++;
                var same = sorted.Skip(i).Take(j - i).OrderBy(r => r.From).ToList();
                double at = same.Average(r => r.At);
                double from = same[0].From, to = same[0].To;
                foreach (var r in same.Skip(1))
                {
                    if (r.From <= to + gap) to = Math.Max(to, r.To);
                    else
                    {
                        result.Add(new Ruling(group.Key, at, from, to));
                        from = r.From; to = r.To;
                    }
                }
                result.Add(new Ruling(group.Key, at, from, to));
                i = j;
            }
        }
        return result;
    }
}
