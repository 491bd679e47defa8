using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// The inline layout (seeds 000, 003, 004): amount rows `名称 总计 来源…`, each project followed by
/// its goal text and its run-together indicators; lines wrap anywhere; the page header repeats.
/// </summary>
public sealed class InlineReader : IDocumentReader
{
    public string Layout => "inline";

    public int Detect(SourceText source)
    {
        bool title = false, heading = false, rows = false, tabs = source.HasTab;
        for (int i = 1; i <= source.LineCount; i++)
        {
            var line = source.Chars(i);
            if (HeaderLines.IsProjectTitle(line)) title = true;
            else if (HeaderLines.IsColumnHeadingStart(line) && !(tabs && line.Contains('\t'))) heading = true;
            else if (!rows && !(tabs && line.Contains('\t')) && AmountLine.TryRead(line) is not null) rows = true;
            if (title && heading) break;   // the highest score: the rest cannot change it
        }
        return title && heading ? 80 : (title || heading) && rows ? 60 : 0;
    }

    public Submission Read(SourceText source, ReadOptions options)
    {
        var ctx = new ReadContext(source, options, SubmissionKind.ProjectTargets, Layout);
        var sub = ctx.Submission;
        int n = source.LineCount;
        var furniture = ReadHeaders(ctx);
        if (sub.Columns.Count == 0) sub.Columns.AddRange(ColumnNames.Standard);

        var amountLines = new AmountLine?[n + 2];
        for (int line = 1; line <= n; line++)
            if (!furniture[line] && !source.IsBlank(line)) amountLines[line] = AmountLine.TryRead(source.Chars(line), sub.MoneyUnit);
        bool usesIndent = UsesIndent(source, furniture, amountLines);

        FundingUnit? unit = null;
        Project? project = null;
        // Everything after a project row up to the next row: its goal, then its indicators. They are
        // split on the joined text, because a line break may fall anywhere, even inside 1、1-产出指标.
        // One block, emptied after each project: its buffers serve the whole document.
        var body = TextBlock.Pooled();

        void CloseProject()
        {
            if (project is null) return;
            int split = body.IsEmpty ? -1 : IndicatorText.FirstHead(body.Chars, options.Codes);
            int goalStart = 0, goalEnd = split < 0 ? body.Length : split;
            body.Trim(ref goalStart, ref goalEnd);
            if (goalEnd > goalStart)
            {
                project.Goal = body.Substring(goalStart, goalEnd);
                project.GoalSpan = body.Span(goalStart, goalEnd);
            }
            int from = split < 0 ? body.Length : split, to = body.Length;
            body.Trim(ref from, ref to);
            if (to > from)
            {
                project.IndicatorsSpan = body.Span(from, to);
                project.Indicators = IndicatorText.Parse(body, from, to, ctx);
            }
            project = null;
            body.Clear();
        }

        for (int line = 1; line <= n; line++)
        {
            if (furniture[line] || source.IsBlank(line)) continue;
            var row = amountLines[line];
            int firstLine = line;
            string? name = null;
            int indent = 0;

            if (row is { AmountsOnly: false })
            {
                name = row.Name;
                indent = row.Indent;
            }
            else if (row is null)
            {
                var wrapped = TryWrappedName(source, furniture, amountLines, line, usesIndent, options.Codes);
                if (wrapped is not null)
                {
                    (name, indent, line) = wrapped.Value;
                    row = amountLines[line];
                }
            }

            if (row is not null && name is not null)
            {
                CloseProject();
                var span = source.Range(firstLine, line);
                var amounts = row.ToAmounts(sub.Columns, source.Chars(line), line);
                row.Report(ctx, sub.Columns, source.Chars(line), line);
                if (name is "合计" or "总计")
                {
                    ctx.GrandTotal(name, amounts, span);
                    continue;
                }
                if (IsUnitRow(name, indent, line, usesIndent, sub.Department, source, furniture, amountLines))
                {
                    unit = ctx.AddUnit(name, amounts, span);
                    continue;
                }
                project = ctx.AddProject(ref unit, name, amounts, span);
                continue;
            }

            if (row is not null && project is null)
            {
                ctx.Unplaced(line, "只有金额而没有项目或单位名称");
                continue;
            }
            if (project is null)
            {
                ctx.Unplaced(line, unit is null ? "表头之后、第一个金额行之前的文字不属于任何行" : "单位行之后、第一个项目之前的文字不属于任何项目");
                continue;
            }
            body.Append(source, line);
        }
        CloseProject();
        body.Release();
        return sub;
    }

    private static bool IsIndented(ReadOnlySpan<char> line) => line.Length > 0 && TextChars.IsSpace(line[0]);

    /// <summary>Marks title, department, money-unit and column-heading lines (on every page) as furniture.</summary>
    private static bool[] ReadHeaders(ReadContext ctx)
    {
        var source = ctx.Source;
        var sub = ctx.Submission;
        var furniture = new bool[source.LineCount + 2];
        bool tabs = source.HasTab;
        string? departmentLine = null;
        (string Name, string? Money) department = default;
        for (int line = 1; line <= source.LineCount; line++)
        {
            if (source.IsBlank(line) || !HeaderLines.MayBeHeader(source.Chars(line), tabs)) continue;
            var s = source[line];
            if (HeaderLines.IsProjectTitle(s)) { Mark(line); ctx.TakeBudgetYear(line, s); continue; }
            if (ctx.TakeBudgetYear(line, s)) { Mark(line); continue; }
            // The page header repeats the same 部门名称 line on every page: its pattern runs once.
            bool isDepartment = s == departmentLine;
            string? dept;
            string? money;
            if (isDepartment) (dept, money) = department;
            else if (isDepartment = HeaderLines.TryDepartment(s, out dept, out money)) (departmentLine, department) = (s, (dept, money));
            if (isDepartment)
            {
                furniture[line] = true;
                ctx.Department(line, dept!, money);
                continue;
            }
            if (HeaderLines.TryMoneyUnit(s, out var unit)) { Mark(line); sub.MoneyUnit ??= unit; continue; }
            if (HeaderLines.IsColumnHeadingStart(s))
            {
                // The columns are taken from the first heading; the page headings after it are only
                // marked (the words were split and thrown away on every page).
                var words = sub.Columns.Count == 0 ? new List<string>(s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : null;
                Mark(line);
                // A heading wrapped over short lines (财政专户 / 拨款 / …) runs until 绩效指标.
                int next = line + 1, taken = 0;
                while (!s.Contains("绩效指标") && next <= source.LineCount && taken < 12)
                {
                    if (source.IsBlank(next)) { next++; continue; }
                    var t = source[next].Trim();
                    if (t.Length > 12 || t.Any(char.IsDigit) || AmountLine.TryRead(t) is not null) break;
                    words?.AddRange(t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                    Mark(next);
                    line = next;
                    taken++;
                    if (t.Contains("绩效指标")) break;
                    next++;
                }
                if (words is not null) sub.Columns.AddRange(HeaderLines.AmountColumns(HeaderLines.MergeHeadingWords(words)));
            }
        }
        return furniture;

        void Mark(int line)
        {
            furniture[line] = true;
            ctx.Furniture(line);
        }
    }

    /// <summary>
    /// The layout indents projects under their unit when rows come both indented and not. A wrapped
    /// project name counts by its first line, the one above its amounts-only line.
    /// </summary>
    private static bool UsesIndent(SourceText source, bool[] furniture, AmountLine?[] rows)
    {
        bool indented = false, flush = false;
        for (int line = 1; line < rows.Length; line++)
        {
            var r = rows[line];
            if (r is null || r.Name is "合计" or "总计") continue;
            if (!r.AmountsOnly)
            {
                if (r.Indent > 0) indented = true; else flush = true;
                continue;
            }
            // The name block above the amounts: up to three non-blank lines; its first line carries the indent.
            int first = 0;
            for (int up = line - 1, seen = 0; up >= 1 && seen < 3; up--)
            {
                if (furniture[up] || source.IsBlank(up)) continue;
                if (rows[up] is not null) break;
                first = up;
                seen++;
                if (IsIndented(source.Chars(up))) break;
            }
            if (first > 0 && IsIndented(source.Chars(first))) indented = true;
        }
        return indented && flush;
    }

    /// <summary>
    /// A project name wrapped over up to three lines, with its amounts on the line after
    /// (`我市组团赴外省市参加经贸暨` / `博览会工作经费` / `25.00 25.00`). Returns the joined name,
    /// its indentation and the line of the amounts.
    /// </summary>
    private static (string Name, int Indent, int AmountLine)? TryWrappedName(
        SourceText source, bool[] furniture, AmountLine?[] rows, int start, bool usesIndent, CodeTable codes)
    {
        var first = source.Chars(start);
        if (usesIndent && !IsIndented(first)) return null;
        var parts = new List<string>();
        for (int line = start; line <= source.LineCount; line++)
        {
            if (furniture[line] || source.IsBlank(line)) continue;
            var row = rows[line];
            if (row is not null)
            {
                if (parts.Count == 0) return null;
                if (row.AmountsOnly) return (NameText.Clean(string.Concat(parts)), LeadingSpace(source.Chars(start)), line);
                // The last piece of the name may share the line with the amounts.
                if (usesIndent && row.Indent == 0) return (NameText.Clean(string.Concat(parts) + row.Name), LeadingSpace(source.Chars(start)), line);
                return null;
            }
            if (parts.Count == 3 || !IsNameLike(source.Chars(line), codes)) return null;
            parts.Add(TextChars.Trim(source.Chars(line)).ToString());
        }
        return null;
    }

    private static int LeadingSpace(ReadOnlySpan<char> s) => s.Length - TextChars.TrimStart(s).Length;

    private static readonly char[] Punctuation = ['；', ';', '。', ':', '：', '，', ','];

    private static bool IsNameLike(ReadOnlySpan<char> line, CodeTable codes)
    {
        var t = TextChars.Trim(line);
        return t.Length is > 0 and <= 40
            && t.IndexOfAny(Punctuation) < 0
            && !IndicatorText.StartsBlock(t, codes);
    }

    /// <summary>
    /// A unit row (资金使用单位) versus a project row: by indentation where the layout indents
    /// projects; otherwise a unit is the row directly followed by another amount row.
    /// </summary>
    private static bool IsUnitRow(string name, int indent, int line, bool usesIndent, string? department,
        SourceText source, bool[] furniture, AmountLine?[] rows)
    {
        if (usesIndent) return indent == 0;
        if (department is not null && name == department) return true;
        for (int next = line + 1; next <= source.LineCount; next++)
        {
            if (furniture[next] || source.IsBlank(next)) continue;
            return rows[next] is { AmountsOnly: false };
        }
        return false;
    }
}
