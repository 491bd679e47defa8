using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// One letter of a page in reading coordinates (points, y growing downwards from the top of the
/// page), with its text after radical unification, and where it sits among the page's text lines.
/// </summary>
internal sealed class Glyph
{
    public required string Text { get; init; }
    /// <summary>1-based page number.</summary>
    public int Page { get; init; }
    public double Left { get; init; }
    public double Right { get; init; }
    /// <summary>The baseline's distance from the top of the page.</summary>
    public double Baseline { get; init; }
    /// <summary>The font's size on the page (points): the scale for every tolerance.</summary>
    public double Size { get; init; }
    /// <summary>The font gave no usable Unicode for the glyph (no ToUnicode map): a box or a private-use character.</summary>
    public bool Damaged { get; init; }
    public bool IsSpace => Text == " ";
    public double CenterX => (Left + Right) / 2;
    /// <summary>The middle of the letter's body: a little above the baseline.</summary>
    public double CenterY => Baseline - Size * 0.35;
    /// <summary>1-based line of the page (top to bottom) and column within it, set when the page's lines are known.</summary>
    public int PageLine { get; set; }
    public int PageColumn { get; set; }
}

/// <summary>The letters of a page as glyphs, and the page's text lines.</summary>
internal static class PageGlyphs
{
    /// <summary>
    /// The page's letters as glyphs in reading coordinates; rotated pages are turned upright first.
    /// Letters whose text is one of <paramref name="unmapped"/> (codes the font could not map) are damaged.
    /// </summary>
    public static List<Glyph> Read(Page page, IReadOnlySet<string>? unmapped = null)
    {
        var letters = page.Letters;
        var glyphs = new List<Glyph>(letters.Count);
        var turn = PageTurn.Of(page);
        foreach (var l in letters)
            glyphs.Add(Make(page.Number, turn, l.Value, l.StartBaseLine, l.EndBaseLine, l.PointSize, l.BoundingBox.Height, l.Width, unmapped));
        return glyphs;
    }

    /// <summary>
    /// One letter as a glyph, from what PdfPig's letter (or <see cref="FastPage"/>, which reproduces
    /// it) says: its text, baseline ends, point size, and its box height and width for the rare
    /// letter without a size or an advance.
    /// </summary>
    public static Glyph Make(int page, PageTurn turn, string? value, PdfPoint start, PdfPoint end, double pointSize,
        double boxHeight, double width, IReadOnlySet<string>? unmapped)
    {
        value ??= "";
        bool damaged = IsDamaged(value) || (unmapped is { Count: > 0 } && value != " " && unmapped.Contains(value));
        var text = damaged ? "\uFFFD" : CjkText.Unify(value);
        // Whitespace of any kind is one space; tabs would split cells in the rebuilt lines.
        if (!damaged && text.Length > 0 && AllWhite(text)) text = " ";
        var (x0, y0) = turn.Apply(start.X, start.Y);
        var (x1, _) = turn.Apply(end.X, end.Y);
        double size = pointSize > 0.5 ? pointSize : Math.Max(1, boxHeight);
        if (x1 <= x0) x1 = x0 + Math.Max(width, size * 0.5);
        return new Glyph { Page = page, Text = text, Left = x0, Right = x1, Baseline = y0, Size = size, Damaged = damaged };
    }

    private static bool AllWhite(string s)
    {
        foreach (var c in s)
            if (!char.IsWhiteSpace(c)) return false;
        return true;
    }

    /// <summary>
    /// A letter whose font gave no real character: nothing, the replacement character, a
    /// private-use code point (what fonts without a ToUnicode map usually yield) or a control character.
    /// </summary>
    public static bool IsDamaged(string value)
    {
        if (value.Length == 0) return true;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\uFFFD' || (c < ' ' && c != '\t' && c != '\n' && c != '\r') || c is >= '\u007F' and <= '\u009F' || c is >= '\uE000' and <= '\uF8FF') return true;
            // Supplementary private-use planes (U+F0000..U+10FFFF) start with the high surrogates DB80..DBFF.
            if (c is >= '\uDB80' and <= '\uDBFF') return true;
        }
        return false;
    }

    /// <summary>
    /// Groups glyphs into text lines, top to bottom, each left to right. A glyph joins a line whose
    /// baseline is within a third of its size.
    /// </summary>
    public static List<List<Glyph>> Lines(List<Glyph> glyphs)
    {
        // By baseline, then left; glyphs at the same place keep their order (a stable sort).
        var sorted = new (double Baseline, double Left, int Index, Glyph Glyph)[glyphs.Count];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = (glyphs[i].Baseline, glyphs[i].Left, i, glyphs[i]);
        Array.Sort(sorted, static (a, b) =>
        {
            int c = a.Baseline.CompareTo(b.Baseline);
            if (c == 0) c = a.Left.CompareTo(b.Left);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        var lines = new List<List<Glyph>>();
        List<Glyph>? current = null;
        double baseline = 0, size = 0;
        foreach (var (_, _, _, g) in sorted)
        {
            if (current is null || g.Baseline - baseline > Math.Min(size, g.Size) * 0.33)
            {
                current = new List<Glyph>();
                lines.Add(current);
                baseline = g.Baseline;
                size = g.Size;
            }
            current.Add(g);
        }
        foreach (var line in lines) line.Sort((a, b) => a.Left.CompareTo(b.Left));
        return lines;
    }

    /// <summary>Numbers every glyph by its line on the page and its place in that line.</summary>
    public static void NumberLines(List<Glyph> glyphs)
    {
        int n = 0;
        foreach (var line in Lines(glyphs))
        {
            n++;
            int col = 0;
            foreach (var g in line)
            {
                g.PageLine = n;
                g.PageColumn = ++col;
            }
        }
    }

    /// <summary>
    /// Whether a space must be put between two neighbouring glyphs of a line that has none: a gap
    /// wider than a quarter of the type size (writers that position words instead of drawing spaces).
    /// </summary>
    public static bool GapBetween(Glyph a, Glyph b) =>
        !a.IsSpace && !b.IsSpace && b.Left - a.Right > Math.Max(a.Size, b.Size) * 0.25;
}

/// <summary>Turns a rotated page's coordinates upright (PDF y grows upwards; ours downwards).</summary>
internal readonly record struct PageTurn(int Degrees, double Width, double Height)
{
    public static PageTurn Of(Page page)
    {
        var box = page.CropBox.Bounds;
        int degrees = ((page.Rotation.Value % 360) + 360) % 360;
        return new PageTurn(degrees, box.Width, box.Height) { Left = box.Left, Bottom = box.Bottom };
    }

    public double Left { get; init; }
    public double Bottom { get; init; }

    /// <summary>A point of PDF user space as (x, y-from-top) of the page as displayed.</summary>
    public (double X, double Y) Apply(double x, double y)
    {
        x -= Left;
        y -= Bottom;
        return Degrees switch
        {
            90 => (y, x),
            180 => (Width - x, y),
            270 => (Height - y, Width - x),
            _ => (x, Height - y),
        };
    }
}
