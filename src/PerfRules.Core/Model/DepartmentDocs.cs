namespace PerfRules.Model;

/// <summary>
/// 部门: one department with every submission of it in one run (the target of cross-document
/// rules, scope <c>department</c>). Documents keep input order.
/// </summary>
public sealed class DepartmentDocs
{
    /// <summary>部门名称</summary>
    public string Name { get; }
    public IReadOnlyList<Submission> Documents { get; }
    private readonly IReadOnlyList<Submission>? _projectTables, _overallTables;

    public DepartmentDocs(string name, IEnumerable<Submission> documents)
    {
        Name = name;
        Documents = documents.ToList();
    }

    /// <summary>
    /// A department whose documents are read when a rule asks for them (a large batch's: a department
    /// of thousands of tables is not held in memory at once); which are project tables and which
    /// department-overall tables is known beforehand, so counting them reads nothing.
    /// </summary>
    internal DepartmentDocs(string name, IReadOnlyList<Submission> documents, IReadOnlyList<Submission> projectTables, IReadOnlyList<Submission> overallTables)
    {
        Name = name;
        Documents = documents;
        _projectTables = projectTables;
        _overallTables = overallTables;
    }

    /// <summary>项目支出绩效目标表 of the department.</summary>
    public IReadOnlyList<Submission> ProjectTables => _projectTables ?? Documents.Where(IsProjectTable).ToList();

    /// <summary>部门整体预算绩效目标申报表 of the department.</summary>
    public IReadOnlyList<Submission> OverallTables => _overallTables ?? Documents.Where(IsOverallTable).ToList();

    public static bool IsProjectTable(Submission d) => d.Kind == SubmissionKind.ProjectTargets;
    public static bool IsOverallTable(Submission d) => d.Kind == SubmissionKind.DepartmentOverall && d.Overall is not null;

    /// <summary>Groups submissions by 部门名称 (those without one are left out), in order of first appearance.</summary>
    public static List<DepartmentDocs> Group(IEnumerable<Submission> documents) =>
        documents.Where(d => !string.IsNullOrWhiteSpace(d.Department))
            .GroupBy(d => d.Department!.Trim(), StringComparer.Ordinal)
            .Select(g => new DepartmentDocs(g.Key, g))
            .ToList();
}
