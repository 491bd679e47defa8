using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// The test oracle of <see cref="SubmissionCodec.Write"/> with <c>compact</c>, which writes this copy
/// from the model itself (the run no longer makes the copy). What a batch run keeps of each document once its own rules have run: the header, the amounts and
/// the indicators' names and values that the department-scope rules and the reports read, without
/// goal and task texts, layout lines or reading problems. A batch of 10,000 documents then holds a few KB per document
/// instead of the whole model (see docs/performance-history.md).
/// </summary>
internal static class SubmissionCompaction
{
    /// <summary>
    /// A copy of <paramref name="doc"/> with: kind, layout, department, budget year, money unit, file,
    /// encoding, columns; 合计; units and their projects with names, amounts and spans and their
    /// indicators (number, levels, name, values and their spans: PR515 compares them across tables),
    /// no goals; the department-overall amount lists (支出, 收入, 发展, 预算层级), key tasks' names and
    /// funds (no texts) and indicators. Diagnostics are kept only for a document that was not read as a
    /// table (the summary gives the reason). Amount objects are shared with the original, not copied.
    /// </summary>
    public static Submission Compact(Submission doc)
    {
        var copy = new Submission
        {
            Kind = doc.Kind, Layout = doc.Layout, Department = doc.Department, MoneyUnit = doc.MoneyUnit,
            BudgetYear = doc.BudgetYear, BudgetYearSpan = doc.BudgetYearSpan,
            SourceFile = doc.SourceFile, Encoding = doc.Encoding, Columns = doc.Columns, GrandTotal = doc.GrandTotal,
            Furniture = new List<SourceSpan>(0),
            Diagnostics = doc.Kind == SubmissionKind.Unknown ? doc.Diagnostics : new List<Diagnostic>(0),
        };
        copy.Units = new List<FundingUnit>(doc.Units.Count);
        foreach (var u in doc.Units)
        {
            var unit = new FundingUnit { Name = u.Name, Amounts = u.Amounts, Span = u.Span, Implicit = u.Implicit, Projects = new List<Project>(u.Projects.Count) };
            foreach (var p in u.Projects)
                unit.Projects.Add(new Project { Name = p.Name, Amounts = p.Amounts, Span = p.Span, Indicators = p.Indicators });
            copy.Units.Add(unit);
        }
        if (doc.Overall is { } o)
        {
            copy.Overall = new DepartmentOverall
            {
                Expenditure = o.Expenditure, Income = o.Income, Development = o.Development, BudgetLevels = o.BudgetLevels,
                KeyTasks = o.KeyTasks.Select(t => new KeyTask { Name = t.Name, Funds = t.Funds, Span = t.Span, FundsSpan = t.FundsSpan }).ToList(),
                Indicators = o.Indicators, EmptyCategories = new List<IndicatorCategory>(0),
            };
        }
        return copy;
    }
}
