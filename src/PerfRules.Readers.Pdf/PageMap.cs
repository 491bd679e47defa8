using PerfRules.Model;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// Where each line of a PDF's rebuilt text came from: for every character, the page, the text line
/// of that page (counted from the top, 1-based) and the character's place in that line. A table row
/// is one rebuilt line but several lines of the page (its cells wrap), so the place is kept per
/// character, not per line. Text reports write it as p3:12:5 (page 3, line 12, character 5).
/// </summary>
public sealed class PageMap : SourceMap
{
    /// <summary>A character's place; Page 0 for a separator the rebuilding put in (a tab between cells).</summary>
    public readonly record struct Origin(int Page, int Line, int Column);

    private readonly List<int> _linePages = new();
    private readonly List<Origin[]> _origins = new();

    public override string Kind => "page";

    /// <summary>Number of rebuilt lines.</summary>
    public int LineCount => _origins.Count;

    internal void Add(int page, List<Origin> origins)
    {
        _linePages.Add(page);
        _origins.Add(origins.ToArray());
    }

    /// <summary>The place of a 1-based line and column of the rebuilt text (a separator takes the next character's place).</summary>
    public Origin Locate(int line, int column)
    {
        if (line < 1 || line > _origins.Count) return new Origin(_linePages.Count > 0 ? _linePages[^1] : 1, 1, 1);
        var chars = _origins[line - 1];
        int i = Math.Clamp(column - 1, 0, Math.Max(0, chars.Length - 1));
        for (int k = i; k < chars.Length; k++)
            if (chars[k].Page > 0) return chars[k];
        for (int k = i - 1; k >= 0; k--)
            if (chars[k].Page > 0) return chars[k];
        return new Origin(_linePages[line - 1], 1, 1);
    }

    /// <summary>The page a 1-based line of the rebuilt text starts on.</summary>
    public int PageOf(int line) => Locate(line, 1).Page;

    public override string Format(SourceSpan span)
    {
        var o = Locate(span.StartLine, span.StartColumn);
        return $"p{o.Page}:{o.Line}:{o.Column}";
    }

    public override IReadOnlyList<KeyValuePair<string, string>> Describe(SourceSpan span)
    {
        var o = Locate(span.StartLine, span.StartColumn);
        var list = new List<KeyValuePair<string, string>>
        {
            new("page", o.Page.ToString()),
            new("pageLine", o.Line.ToString()),
            new("pageColumn", o.Column.ToString()),
        };
        var end = Locate(span.EndLine, span.EndColumn);
        if (end.Page != o.Page) list.Add(new("endPage", end.Page.ToString()));
        return list;
    }
}
