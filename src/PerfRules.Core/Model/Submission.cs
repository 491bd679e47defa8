namespace PerfRules.Model;

/// <summary>
/// One table as submitted (绩效目标表): the whole model of one input file, with the
/// reading problems met on the way.
/// </summary>
public sealed class Submission
{
    public SubmissionKind Kind { get; set; }
    /// <summary>inline, tabular, overall, yaml, json or unknown.</summary>
    public string Layout { get; set; } = "unknown";
    /// <summary>部门名称</summary>
    public string? Department { get; set; }
    /// <summary>
    /// 预算年度: the budget year where the table states it (a title such as 2025年部门整体预算绩效目标申报表,
    /// or a 年度：2025 line or cell); null where it does not. Cross-document rules compare it.
    /// </summary>
    public int? BudgetYear { get; set; }
    /// <summary>Where the budget year is written.</summary>
    public SourceSpan? BudgetYearSpan { get; set; }
    /// <summary>单位 (money unit), e.g. 万元.</summary>
    public string? MoneyUnit { get; set; }
    public string SourceFile { get; set; } = "";
    /// <summary>The encoding the bytes were decoded with (utf-8, utf-16le, gb18030, …).</summary>
    public string? Encoding { get; set; }
    /// <summary>Where the text's lines came from when the file is a PDF, workbook or Word file; null for text.</summary>
    public SourceMap? Places { get; set; }
    /// <summary>Amount columns the header names, in order (总计 first).</summary>
    public List<string> Columns { get; set; } = new();

    /// <summary>合计 row (project tables).</summary>
    public AmountRow? GrandTotal { get; set; }
    /// <summary>资金使用单位 (project tables).</summary>
    public List<FundingUnit> Units { get; set; } = new();

    /// <summary>The department-overall declaration, for that kind.</summary>
    public DepartmentOverall? Overall { get; set; }

    /// <summary>Lines recognised as layout, not data: titles, repeated page headers, column heads, rulers.</summary>
    public List<SourceSpan> Furniture { get; set; } = new();

    /// <summary>Reading problems (PR001, PR002, PR004).</summary>
    public List<Diagnostic> Diagnostics { get; set; } = new();

    public IEnumerable<Project> Projects => Units.SelectMany(u => u.Projects);

    /// <summary>Every indicator of the document, project ones and department-overall ones.</summary>
    public IEnumerable<Indicator> AllIndicators =>
        Projects.SelectMany(p => p.Indicators).Concat(Overall?.Indicators ?? Enumerable.Empty<Indicator>());
}
