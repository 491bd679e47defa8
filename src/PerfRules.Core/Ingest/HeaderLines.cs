using System.Text.RegularExpressions;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>The title, department and column-heading lines that open (and repeat on) every page.</summary>
internal static partial class HeaderLines
{
    public const string ProjectTitle = "项目支出绩效目标表";
    public const string OverallTitle = "部门整体预算绩效目标申报表";

    /// <summary>
    /// Whether a line may be a header line at all: every one (title, 部门名称, 单位, column heading)
    /// starts, after white space, with 项, 部 or 单, or is a row of cells; most lines are data.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <param name="tabs">False when the text has no tab at all (<see cref="SourceText.HasTab"/>): the line is not searched for one.</param>
    public static bool MayBeHeader(ReadOnlySpan<char> line, bool tabs = true)
    {
        var t = TextChars.TrimStart(line);
        return t.Length > 0 && (t[0] is '项' or '部' or '单' || MayStateYear(t) || (tabs && line.Contains('\t')));
    }

    /// <summary>What a budget-year line or a title with a year starts with: 2025年…, 年度：…, 预算年度….</summary>
    private static bool MayStateYear(ReadOnlySpan<char> t) =>
        (t.Length > 5 && char.IsAsciiDigit(t[0]) && t[..Math.Min(t.Length, 8)].Contains('年'))
        || (t.StartsWith("年度", StringComparison.Ordinal) && !t.StartsWith("年度指标", StringComparison.Ordinal))
        || t.StartsWith("预算年度", StringComparison.Ordinal);

    /// <summary>项目支出绩效目标表…, also after a budget year (2025年项目支出绩效目标表, 2025年度…).</summary>
    public static bool IsProjectTitle(ReadOnlySpan<char> line) => SkipTitleYear(TextChars.TrimStart(line)).StartsWith(ProjectTitle, StringComparison.Ordinal);

    /// <summary>The text after a leading budget year (2025年, 2025 年度); the text itself when it has none.</summary>
    private static ReadOnlySpan<char> SkipTitleYear(ReadOnlySpan<char> t)
        => LeadingYear(t, out _, out var length) ? TextChars.TrimStart(t[length..]) : t;

    /// <summary>A year 2000–2099 written at the start of a text as 2025年 or 2025年度 (ASCII digits, spaces allowed before 年).</summary>
    private static bool LeadingYear(ReadOnlySpan<char> t, out int year, out int length)
    {
        year = 0; length = 0;
        if (t.Length < 5 || !char.IsAsciiDigit(t[0]) || !char.IsAsciiDigit(t[1]) || !char.IsAsciiDigit(t[2]) || !char.IsAsciiDigit(t[3])) return false;
        if (t.Length > 4 && char.IsAsciiDigit(t[4])) return false;
        int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
        int i = 4;
        while (i < t.Length && TextChars.IsSpace(t[i])) i++;
        if (i >= t.Length || t[i] != '年') return false;
        i++;
        if (i < t.Length && t[i] == '度') i++;
        if (y is < 2000 or > 2099) return false;
        year = y; length = i;
        return true;
    }

    [GeneratedRegex(@"^\s*(?:预算)?年度\s*[:：]?\s*(?<year>\d{4})\s*(?:年度?)?\s*$")]
    private static partial Regex YearLinePattern();

    /// <summary>
    /// The budget year a header states: a title opening with it (2025年项目支出绩效目标表,
    /// 2025年度部门整体预算绩效目标申报表), or a line or cells of its own (年度：2025, 预算年度 | 2025年).
    /// <paramref name="start"/> and <paramref name="length"/> place the year's text in the line.
    /// </summary>
    public static bool TryBudgetYear(string line, out int year, out int start, out int length)
    {
        year = 0; start = 0; length = 0;
        if (line.IndexOf('年') < 0) return false;
        var trimmed = TextChars.TrimStart(line.AsSpan());
        int lead = line.Length - trimmed.Length;
        if (LeadingYear(trimmed, out year, out length))
        {
            var rest = TextChars.TrimStart(trimmed[length..]);
            // The title may name the city or department between the year and the form's name (2025年广州市…申报表).
            int form = Math.Max(rest.IndexOf(ProjectTitle, StringComparison.Ordinal), rest.IndexOf(OverallTitle, StringComparison.Ordinal));
            if (form is >= 0 and <= 30) { start = lead; return true; }
            return false;
        }
        // A 年度 line or row: checked before the pattern, which copies the line (most lines with 年 are data).
        if (!MayStateYear(trimmed) || char.IsAsciiDigit(trimmed[0])) return false;
        var m = YearLinePattern().Match(line.Replace('\t', ' '));
        if (!m.Success) return false;
        year = int.Parse(m.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2099) return false;
        start = m.Groups["year"].Index;
        length = m.Groups["year"].Length;
        return true;
    }

    // The name may be empty (a form not filled in): then 单位：万元 after it is the unit, not the name.
    // The definition of MatchDepartment (HeaderLinesTests holds the two to each other); a page header repeats it,
    // and its Match, groups and captures cost more than the rest of reading the line.
    internal const string DepartmentPattern = @"^\s*部门名称\s*[:：]\s*(?<dept>(?!单位\s*[:：]).*?)(?:\s*单位\s*[:：]\s*(?<unit>\S+))?\s*$";

    // The definition of TryMoneyUnit's match (held to it by the same tests).
    internal const string MoneyUnitPattern = @"^\s*单位\s*[:：]\s*(?<unit>\S+)\s*$";

    /// <summary>
    /// <see cref="DepartmentPattern"/> matched as the regex engine matches it: the name's start tried from the last white space
    /// after the colon back to the first (where it would start with 单位：, the lookahead refuses it), its end from that start on
    /// (lazily, never past a line break), the 单位 part tried before white space alone. <paramref name="unitStart"/> is -1 when
    /// the unit group did not match.
    /// </summary>
    internal static bool MatchDepartment(string text, out string department, out int unitStart, out int unitEnd)
    {
        department = "";
        unitStart = unitEnd = -1;
        var at = SkipSpace(text, 0);
        if (!text.AsSpan(at).StartsWith("部门名称", StringComparison.Ordinal)) return false;
        at = SkipSpace(text, at + 4);
        if (at >= text.Length || text[at] is not (':' or '：')) return false;
        var first = at + 1;
        var last = SkipSpace(text, first);
        // Rest of the text from i is white space only (what \s*$ needs) when i is past its last other character.
        var lastSolid = text.Length - 1;
        while (lastSolid >= 0 && TextChars.IsSpace(text[lastSolid])) lastSolid--;
        for (var g = last; g >= first; g--)
        {
            if (UnitLabel(text, g) >= 0) continue; // (?!单位\s*[:：])
            for (var i = g; ; i++)
            {
                if (UnitTail(text, i, out var s, out var e)) { (department, unitStart, unitEnd) = (text[g..i], s, e); return true; }
                if (i > lastSolid) { department = text[g..i]; return true; }
                if (i >= text.Length || text[i] == '\n') break;
            }
        }
        return false;
    }

    /// <summary>\s*单位\s*[:：]\s*(\S+)\s*$ from <paramref name="at"/>: the unit's place.</summary>
    private static bool UnitTail(string text, int at, out int start, out int end)
    {
        start = end = -1;
        var colon = UnitLabel(text, SkipSpace(text, at));
        if (colon < 0) return false;
        var s = SkipSpace(text, colon + 1);
        var e = s;
        while (e < text.Length && !TextChars.IsSpace(text[e])) e++;
        if (e == s || SkipSpace(text, e) != text.Length) return false;
        (start, end) = (s, e);
        return true;
    }

    /// <summary>Where 单位\s*[:：] at <paramref name="at"/> ends (its colon's index), or -1.</summary>
    private static int UnitLabel(string text, int at)
    {
        if (!text.AsSpan(at).StartsWith("单位", StringComparison.Ordinal)) return -1;
        var colon = SkipSpace(text, at + 2);
        return colon < text.Length && text[colon] is ':' or '：' ? colon : -1;
    }

    private static int SkipSpace(string text, int at)
    {
        while (at < text.Length && TextChars.IsSpace(text[at])) at++;
        return at;
    }

    /// <summary>部门名称：X 单位：万元; in a grid also 部门名称 | X | 单位：万元 (label and name in cells of their own).</summary>
    public static bool TryDepartment(string line, out string department, out string? moneyUnit)
    {
        department = "";
        moneyUnit = null;
        if (!MayNameDepartment(line)) return false;
        var text = line.Replace('\t', ' ');
        var matched = MatchDepartment(text, out var dept, out var unitStart, out var unitEnd);
        department = matched ? CleanDepartment(dept) : "";
        moneyUnit = matched && unitStart >= 0 ? text[unitStart..unitEnd] : null;
        if (matched || !line.Contains('\t')) return matched;
        var cells = line.Split('\t').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (cells.Count < 2 || TabRow.Norm(cells[0]) != "部门名称") return false;
        // An empty name cell: the next cell (单位：万元) is not the department.
        int first = TryMoneyUnit(cells[1], out _) || TabRow.Norm(cells[1]) == "单位" ? 1 : 2;
        department = first == 2 ? CleanDepartment(cells[1]) : "";
        for (int i = first; i < cells.Count; i++)
        {
            if (TryMoneyUnit(cells[i], out var unit)) moneyUnit = unit;
            else if (TabRow.Norm(cells[i]) == "单位" && i + 1 < cells.Count) moneyUnit = cells[++i];
        }
        return department.Length > 0 || first == 1;
    }

    /// <summary>The department without the form's type suffix: 某某局（部门） → 某某局.</summary>
    public static string CleanDepartment(string name)
    {
        var n = NameText.Clean(name);
        foreach (var suffix in new[] { "（部门）", "(部门)" })
            if (n.EndsWith(suffix, StringComparison.Ordinal)) n = n[..^suffix.Length];
        return n;
    }

    /// <summary>What TryDepartment needs: 部门名称 in either form (the cell form allows spaces inside it), so 部 and 称.</summary>
    public static bool MayNameDepartment(ReadOnlySpan<char> line) => line.IndexOf('部') >= 0 && line.IndexOf('称') >= 0;

    /// <summary>What TryMoneyUnit needs: 单位.</summary>
    public static bool MayNameMoneyUnit(ReadOnlySpan<char> line) => line.Contains("单位", StringComparison.Ordinal);

    public static bool TryMoneyUnit(string line, out string unit)
    {
        unit = "";
        if (!MayNameMoneyUnit(line)) return false;
        var text = line.Replace('\t', ' ');
        // ^\s*单位\s*[:：]\s*(?<unit>\S+)\s*$ (MoneyUnitPattern), without a Match and its groups.
        var at = SkipSpace(text, 0);
        if (!UnitTail(text, at, out var start, out var end)) return false;
        unit = text[start..end];
        return true;
    }

    public static bool IsColumnHeadingStart(ReadOnlySpan<char> line) => TextChars.TrimStart(line).StartsWith("项目名称", StringComparison.Ordinal);

    /// <summary>The known column names of the heading; the source columns are those between 总计 and 绩效目标.</summary>
    private static readonly string[] KnownHeadings =
    {
        "项目名称（资金使用单位）", "项目名称(资金使用单位)", "项目名称", "资金使用单位", "总计", "合计", "财政拨款", "财政专户拨款", "其他资金",
        "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "上年结转", "政府性基金", "国有资本经营预算",
        "绩效目标", "绩效指标",
    };

    /// <summary>Whether a cell is one of the known column headings (项目名称, 总计, 财政拨款, 绩效目标, …).</summary>
    public static bool IsKnownHeading(string heading) => KnownHeadings.Contains(heading);

    /// <summary>
    /// Turns the words of a (possibly wrapped) heading into column names: pieces such as
    /// 财政专户 / 拨款 are joined until they make a known name.
    /// </summary>
    public static List<string> MergeHeadingWords(IEnumerable<string> words)
    {
        var list = words.Where(w => w.Length > 0).ToList();
        var result = new List<string>();
        for (int i = 0; i < list.Count; i++)
        {
            if (KnownHeadings.Contains(list[i])) { result.Add(list[i]); continue; }
            string joined = list[i];
            int j = i + 1;
            for (; j < list.Count && j <= i + 4; j++)
            {
                joined += list[j];
                if (KnownHeadings.Contains(joined)) break;
            }
            if (j < list.Count && j <= i + 4 && KnownHeadings.Contains(joined)) { result.Add(joined); i = j; }
            else result.Add(list[i]);
        }
        return result;
    }

    /// <summary>The amount columns (总计 and the sources) of a heading, in order.</summary>
    public static List<string> AmountColumns(IReadOnlyList<string> headings)
    {
        int first = headings.ToList().FindIndex(h => h is "总计" or "合计");
        if (first < 0) return new List<string>();
        var cols = new List<string>();
        for (int i = first; i < headings.Count && headings[i] is not ("绩效目标" or "绩效指标"); i++)
            cols.Add(i == first ? "总计" : headings[i]);
        return cols;
    }
}
