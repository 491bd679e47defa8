using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Engines.NRules;

/// <summary>A department's documents: <see cref="DocumentFact"/> by 部门名称.</summary>
public sealed class DepartmentGroups : KeyGroups<DocumentFact, string>
{
    protected override string KeyOf(DocumentFact fact) => fact.Department;
}
