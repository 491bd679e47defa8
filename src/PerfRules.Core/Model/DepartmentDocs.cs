namespace PerfRules.Model;

/// <summary>
/// 部门: one department with every submission of it in one run (the target of cross-document
/// rules, scope <c>department</c>). Documents keep input order.
/// </summary>
public sealed class DepartmentDocs
{
    /// <summary>部门名称</summary>
    public string Name { get; }
    public List<Submission> Documents { get; }

    public DepartmentDocs(string name, IEnumerable<Submission> documents)
    {
        Name = name;
        Documents = documents.ToList();
    }

    /// <summary>项目支出绩效目标表 of the department.</summary>
    public List<Submission> ProjectTables => Documents.Where(d => d.Kind == SubmissionKind.ProjectTargets).ToList();

    /// <summary>部门整体预算绩效目标申报表 of the department.</summary>
    public List<Submission> OverallTables => Documents.Where(d => d.Kind == SubmissionKind.DepartmentOverall && d.Overall is not null).ToList();

    /// <summary>Groups submissions by 部门名称 (those without one are left out), in order of first appearance.</summary>
    public static List<DepartmentDocs> Group(IEnumerable<Submission> documents) =>
        documents.Where(d => !string.IsNullOrWhiteSpace(d.Department))
            .GroupBy(d => d.Department!.Trim(), StringComparer.Ordinal)
            .Select(g => new DepartmentDocs(g.Key, g))
            .ToList();
}
