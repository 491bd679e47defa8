using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfRules.Ingest;
using Shouldly;

namespace PerfRules.Tests.Ingest;

/// <summary>
/// The department and money-unit lines are matched without the regex engine: held here to the patterns they
/// replace (the same match, the same name and unit), on lines built from the pieces those patterns care about.
/// </summary>
public class HeaderLinesTests
{
    private static readonly Regex Department = new(HeaderLines.DepartmentPattern);
    private static readonly Regex MoneyUnit = new(HeaderLines.MoneyUnitPattern);

    // Pieces the patterns look for, their near misses, and white space of every kind \s knows (tab, line breaks, U+0085, U+3000).
    private static readonly string[] Pieces =
    [
        "部门名称", "部门名", "单位", "单", "位", ":", "：", "；", " ", "  ", "\t", "\n", "\r", "\r\n", "\u3000", "\u0085", "\u00A0",
        "某某局", "（部门）", "万元", "元", "x", "部", "称", "名称：", "单位：", "单位 ：", "单位:万元", "\n单位：元",
    ];

    private static string RandomLine(Random random, bool opening)
    {
        var sb = new StringBuilder();
        if (opening)
        {
            if (random.Next(3) == 0) sb.Append(Pieces[random.Next(Pieces.Length)]);
            sb.Append(random.Next(4) == 0 ? "部门 名称" : "部门名称");
            if (random.Next(5) != 0) sb.Append(random.Next(2) == 0 ? "：" : ":");
        }
        var n = random.Next(0, 9);
        for (var k = 0; k < n; k++) sb.Append(Pieces[random.Next(Pieces.Length)]);
        return sb.ToString();
    }

    [Test]
    public void Department_lines_match_as_the_pattern_does()
    {
        var random = new Random(17);
        var matched = 0;
        for (var round = 0; round < 60_000; round++)
        {
            var line = RandomLine(random, opening: round % 5 != 0);
            var m = Department.Match(line);
            var ok = HeaderLines.MatchDepartment(line, out var dept, out var unitStart, out var unitEnd);
            ok.ShouldBe(m.Success, Show(line));
            if (!ok) continue;
            matched++;
            dept.ShouldBe(m.Groups["dept"].Value, Show(line));
            (unitStart >= 0).ShouldBe(m.Groups["unit"].Success, Show(line));
            if (unitStart >= 0) line[unitStart..unitEnd].ShouldBe(m.Groups["unit"].Value, Show(line));
        }
        matched.ShouldBeGreaterThan(10_000);
    }

    [Test]
    public void TryDepartment_gives_what_the_pattern_gave()
    {
        // The whole method as it was (the pattern over the line with its tabs as spaces, then the cells), against the one now.
        static (bool, string, string?) Old(string line)
        {
            if (!HeaderLines.MayNameDepartment(line)) return (false, "", null);
            var m = Department.Match(line.Replace('\t', ' '));
            var department = m.Success ? HeaderLines.CleanDepartment(m.Groups["dept"].Value) : "";
            var moneyUnit = m.Success && m.Groups["unit"].Success ? m.Groups["unit"].Value : null;
            if (m.Success || !line.Contains('\t')) return (m.Success, department, moneyUnit);
            return (HeaderLines.TryDepartment(line, out var d, out var u), d, u); // the cells' part is unchanged
        }
        var random = new Random(23);
        foreach (var line in new[] { "部门名称：某某局（部门） 单位：万元", "部门名称： 单位：万元", "部门名称：单位：万元", "  部门名称\t某某局\t单位：元", "部门名称：" })
            Check(line);
        for (var round = 0; round < 20_000; round++) Check(RandomLine(random, opening: true));

        void Check(string line)
        {
            var ok = HeaderLines.TryDepartment(line, out var dept, out var unit);
            (ok, dept, unit).ShouldBe(Old(line), Show(line));
        }
    }

    [Test]
    public void Money_unit_lines_match_as_the_pattern_does()
    {
        var random = new Random(29);
        var matched = 0;
        for (var round = 0; round < 40_000; round++)
        {
            var sb = new StringBuilder();
            if (random.Next(4) != 0) sb.Append(Pieces[random.Next(Pieces.Length)]);
            if (random.Next(3) != 0) sb.Append("单位");
            var n = random.Next(0, 6);
            for (var k = 0; k < n; k++) sb.Append(Pieces[random.Next(Pieces.Length)]);
            var line = sb.ToString();
            var m = MoneyUnit.Match(line.Replace('\t', ' '));
            HeaderLines.TryMoneyUnit(line, out var unit).ShouldBe(m.Success, Show(line));
            unit.ShouldBe(m.Success ? m.Groups["unit"].Value : "", Show(line));
            if (m.Success) matched++;
        }
        matched.ShouldBeGreaterThan(2_000);
    }

    private static string Show(string line) =>
        string.Concat(line.Select(c => c < ' ' || c is '\u0085' or '\u00A0' or '\u3000' ? $"\\u{(int)c:X4}" : c.ToString()));
}
