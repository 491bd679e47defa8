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
    public static bool MayBeHeader(ReadOnlySpan<char> line)
    {
        var t = TextChars.TrimStart(line);
        return t.Length > 0 && (t[0] is '项' or '部' or '单' || line.Contains('\t'));
    }

    public static bool IsProjectTitle(ReadOnlySpan<char> line) => TextChars.TrimStart(line).StartsWith(ProjectTitle, StringComparison.Ordinal);

    // The name may be empty (a form not filled in): then 单位：万元 after it is the unit, not the name.
    [GeneratedRegex(@"^\s*部门名称\s*[:：]\s*(?<dept>(?!单位\s*[:：]).*?)(?:\s*单位\s*[:：]\s*(?<unit>\S+))?\s*$")]
    private static partial Regex DepartmentPattern();

    [GeneratedRegex(@"^\s*单位\s*[:：]\s*(?<unit>\S+)\s*$")]
    private static partial Regex MoneyUnitPattern();

    /// <summary>部门名称：X 单位：万元; in a grid also 部门名称 | X | 单位：万元 (label and name in cells of their own).</summary>
    public static bool TryDepartment(string line, out string department, out string? moneyUnit)
    {
        department = "";
        moneyUnit = null;
        if (!MayNameDepartment(line)) return false;
        var m = DepartmentPattern().Match(line.Replace('\t', ' '));
        department = m.Success ? CleanDepartment(m.Groups["dept"].Value) : "";
        moneyUnit = m.Success && m.Groups["unit"].Success ? m.Groups["unit"].Value : null;
        if (m.Success || !line.Contains('\t')) return m.Success;
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
        var m = MoneyUnitPattern().Match(line.Replace('\t', ' '));
        unit = m.Success ? m.Groups["unit"].Value : "";
        return m.Success;
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
