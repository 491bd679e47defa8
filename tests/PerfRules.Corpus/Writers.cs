using System.Globalization;
using System.Text;

namespace PerfRules.Corpus;

/// <summary>Writes a generated document in its layout, the way the seeds of that layout look.</summary>
public static class Writers
{
    private const string ProjectTitle = "项目支出绩效目标表（含转移支付项目）";

    public static string Write(GenDocument doc, Rng rng) => doc.Layout switch
    {
        CorpusLayout.Inline => Inline(doc, rng),
        CorpusLayout.Tabular => Tabular(doc, rng),
        _ => Overall(doc, rng),
    };

    private static string Fmt(decimal v) => v.ToString("#,##0.00", CultureInfo.InvariantCulture);

    // ---- inline (seeds 000, 003, 004) ----------------------------------------------------------

    private static string Inline(GenDocument doc, Rng rng)
    {
        var sb = new StringBuilder();
        // 004 separates most lines with blank lines.
        bool airy = rng.Chance(0.2);
        string nl = airy ? "\n\n" : "\n";
        void PageHeader()
        {
            sb.Append('\n').Append(ProjectTitle).Append('\n');
            sb.Append("部门名称：").Append(doc.Department).Append(" 单位：万元\n\n");
            sb.Append("项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n\n");
        }
        PageHeader();
        sb.Append("合计 ").Append(Figures(doc.GrandTotal)).Append("\n\n");
        foreach (var unit in doc.Units)
        {
            sb.Append(unit.Name).Append(' ').Append(Figures(unit.Amounts)).Append("\n\n");
            for (int p = 0; p < unit.Projects.Count; p++)
            {
                var project = unit.Projects[p];
                if (p > 0 && rng.Chance(0.15)) { sb.Append("\n\n"); PageHeader(); }
                // A long name wraps, its amounts on a line of their own (003: 驻京政务服务及外事业务保 / 障).
                if (project.Name.Length >= 10 && project.Name.IndexOfAny(new[] { '，', ',' }) < 0 && rng.Chance(0.25))
                {
                    int cut = rng.Between(4, project.Name.Length - 2);
                    sb.Append("    ").Append(project.Name[..cut]).Append('\n').Append(project.Name[cut..]).Append("\n\n");
                    sb.Append(Figures(project.Amounts)).Append("\n\n");
                }
                else sb.Append("    ").Append(project.Name).Append(' ').Append(Figures(project.Amounts)).Append('\n');
                AppendWrapped(sb, project.Goal, rng, 22, 26, nl);
                sb.Append('\n');
                AppendWrapped(sb, IndicatorRun(project.Indicators, ":", rng), rng, 28, 36, nl);
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>总计 then the source figures that are not empty: empty columns vanish in this layout.</summary>
    private static string Figures(GenAmounts a)
    {
        var parts = new List<string> { Fmt(a.Total), Fmt(a.Fiscal) };
        if (a.Other != 0) parts.Add(Fmt(a.Other));
        return string.Join(' ', parts);
    }

    /// <summary>1、1-产出指标；11-数量指标；名称；实施周期指标值:10个；年度指标值:10个。2、…</summary>
    private static string IndicatorRun(IEnumerable<GenIndicator> indicators, string colon, Rng rng)
    {
        var sb = new StringBuilder();
        foreach (var i in indicators)
        {
            var l2 = rng.Chance(0.7) && i.L2Name.EndsWith("指标", StringComparison.Ordinal) ? i.L2Name[..^2] : i.L2Name;
            sb.Append(i.Seq).Append('、').Append(i.L1Code).Append('-').Append(i.L1Name).Append('；')
              .Append(i.L2Code).Append('-').Append(l2).Append('；').Append(i.Name).Append('；')
              .Append("实施周期指标值").Append(colon).Append(i.Cycle).Append('；')
              .Append("年度指标值").Append(colon).Append(i.Annual).Append('。');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Breaks text into lines of random width, anywhere (even inside a word or a number), as the PDF
    /// extraction does; only never leaves a line that is a bare figure, which would read as an amount row.
    /// </summary>
    private static void AppendWrapped(StringBuilder sb, string text, Rng rng, int min, int max, string nl)
    {
        for (int i = 0; i < text.Length;)
        {
            int width = Math.Min(rng.Between(min, max), text.Length - i);
            while (i + width < text.Length && (LooksLikeFigure(text.AsSpan(i, width)) || char.IsDigit(text[i + width]))) width++;
            var line = text.AsSpan(i, width);
            sb.Append(line).Append(nl);
            i += width;
        }
    }

    private static bool LooksLikeFigure(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!(char.IsDigit(c) || c is '.' or ',' or '-' or '%' or '≥' or '≤')) return false;
        return true;
    }

    // ---- tabular (seed 001) ----------------------------------------------------------------------

    private static string Tabular(GenDocument doc, Rng rng)
    {
        var sb = new StringBuilder();
        sb.Append("\n\n").Append(ProjectTitle).Append("\n\n");
        sb.Append("部门名称：").Append(doc.Department).Append(rng.Chance(0.5) ? "（部门）" : "").Append("\n\n");
        sb.Append("项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\n");
        sb.Append("合计\t").Append(Cells(doc.GrandTotal)).Append('\t').Append('\n');
        var projects = new List<GenProject>();
        foreach (var unit in doc.Units)
        {
            sb.Append(unit.Name).Append('\t').Append(Cells(unit.Amounts)).Append('\t').Append('\n');
            foreach (var p in unit.Projects)
            {
                if (rng.Chance(0.1)) sb.Append('\n');
                sb.Append(p.Name).Append('\t').Append(Cells(p.Amounts)).Append('\t').Append(p.Goal).Append('\n');
                projects.Add(p);
            }
        }
        sb.Append("-----------------------------\t-----------\t-----------\t--\t--\t---\n\n");
        sb.Append("单位：万元\n\n绩效指标\n\n");
        foreach (var p in projects)
        {
            var run = IndicatorRun(p.Indicators, "：", rng);
            if (rng.Chance(0.3)) AppendWrapped(sb, run, rng, 60, 140, "\n");
            else sb.Append(run).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Cells(GenAmounts a) =>
        $"{Fmt(a.Total)}\t{(a.Fiscal != 0 ? Fmt(a.Fiscal) : "")}\t\t{(a.Other != 0 ? Fmt(a.Other) : "")}";

    // ---- department overall (seed 002) ----------------------------------------------------------

    private static string Overall(GenDocument doc, Rng rng)
    {
        var o = doc.Overall!;
        var sb = new StringBuilder();
        sb.Append("\n\n部门整体预算绩效目标申报表\n\n");
        sb.Append("部门名称\t").Append(doc.Department).Append("\t\t\t\n");
        sb.Append("预算整体情况\t部门预算支出\t预算金额（万元）\t收入来源\t预算金额（万元）\n");
        sb.Append("\t基本支出\t").Append(Fmt(o.Basic)).Append("\t财政拨款\t").Append(Fmt(o.Fiscal)).Append('\n');
        sb.Append("\t项目支出\t").Append(Fmt(o.ProjectSpending)).Append("\t其他资金\t").Append(Fmt(o.OtherIncome)).Append('\n');
        sb.Append("\t事业发展性支出\t预算金额（万元）\t按预算级次划分\t预算金额（万元）\n");
        sb.Append("\t财政专项资金\t0.00\t市本级使用资金\t").Append(Fmt(o.Local)).Append('\n');
        sb.Append("\t其他事业发展性支出\t0.00\t拟用于对下转移支付资金\t").Append(Fmt(o.Transfer)).Append('\n');
        sb.Append("总体绩效目标\t<p>").Append(o.Goals).Append("</p>\t\t\t\n");
        sb.Append("年度重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标（概述）\n");
        foreach (var t in o.Tasks)
            sb.Append('\t').Append(t.Name).Append('\t').Append(t.Content).Append('\t').Append(Fmt(t.Funds)).Append('\t').Append(t.Outcome).Append('\n');
        sb.Append("其他需完成的任务（可选填）\t\t\t\t\t\n");
        sb.Append("绩效指标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值\n");
        // A row gives only the cells that change: an empty 一级/二级 cell means "same as above".
        string? l1 = null, l2 = null;
        foreach (var i in o.Indicators)
        {
            sb.Append('\t').Append(i.L1Name != l1 ? i.L1Name : "").Append('\t').Append(i.L2Name != l2 || i.L1Name != l1 ? i.L2Name : "")
              .Append('\t').Append(i.Name).Append('\t').Append(i.Cycle).Append('\t').Append(i.Annual).Append('\n');
            (l1, l2) = (i.L1Name, i.L2Name);
        }
        if (rng.Chance(0.5))
            sb.Append("成本指标\t经济成本指标\t\t\t\t\n\t社会成本指标\t\t\t\t\n\t生态环境成本指标\t\t\t\t\n");
        return sb.ToString();
    }
}
