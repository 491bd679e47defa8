using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// The fill-in template (填报模板) and conversion into it: an .xlsx in layout 2 (one row per
/// indicator) for the project table, or the department-overall form as a sheet — frozen heading,
/// column widths, 万元 number formats, 一级指标/二级指标 drop-downs from the code table, a 填表说明
/// sheet and the 指标代码 sheet the lists come from. The readers read it back like any workbook.
/// </summary>
public static class TemplateWorkbook
{
    /// <summary>An empty template of one kind of table (<see cref="SubmissionKind.ProjectTargets"/> or <see cref="SubmissionKind.DepartmentOverall"/>).</summary>
    public static byte[] Blank(SubmissionKind kind, TemplateOptions options)
    {
        var table = kind switch
        {
            SubmissionKind.ProjectTargets => ProjectSheet.Blank(ProjectSheet.SheetName, options.Formulas),
            SubmissionKind.DepartmentOverall => OverallSheet.Blank(OverallSheet.SheetName, options.Codes),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no template for this kind of table"),
        };
        bool project = kind == SubmissionKind.ProjectTargets;
        var codes = new CodeListSheet(options.Codes, coded: project, named: !project);
        var sheets = new[] { table, InstructionsSheet.Build(project, !project, options.Formulas && project, unplaced: false), codes.Sheet };
        return WorkbookWriter.Write(sheets, codes.Names, recalculate: options.Formulas && project);
    }

    /// <summary>
    /// Tables read from any document, one sheet each, in the template's layout. The result is read
    /// back and compared with the tables: any difference, and any problem reading it, is a note.
    /// </summary>
    public static WorkbookConversion Convert(IReadOnlyList<Submission> tables, TemplateOptions options)
    {
        if (tables.Count == 0) throw new ArgumentException("nothing to convert", nameof(tables));
        var notes = new List<string>();
        var sheets = new List<SheetDraft>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in tables)
        {
            var draft = s.Kind switch
            {
                SubmissionKind.ProjectTargets => ProjectSheet.From(s, SheetName(ProjectSheet.SheetName, used), notes),
                SubmissionKind.DepartmentOverall => OverallSheet.From(s, SheetName(OverallSheet.SheetName, used), notes),
                _ => throw new ArgumentException("a table that could not be read cannot be converted", nameof(tables)),
            };
            sheets.Add(draft);
        }
        bool project = tables.Any(t => t.Kind == SubmissionKind.ProjectTargets), overall = tables.Any(t => t.Kind == SubmissionKind.DepartmentOverall);
        bool unplaced = tables.Any(t => t.GrandTotal?.Amounts.Unplaced.Count > 0 || t.Units.Any(u => u.Amounts.Unplaced.Count > 0 || u.Projects.Any(p => p.Amounts.Unplaced.Count > 0)));
        var codes = new CodeListSheet(options.Codes, coded: project, named: overall);
        sheets.Add(InstructionsSheet.Build(project, overall, formulas: false, unplaced));
        sheets.Add(codes.Sheet);
        var bytes = WorkbookWriter.Write(sheets, codes.Names, recalculate: false);
        notes.AddRange(ReadBack(bytes, tables, options.Codes));
        return new WorkbookConversion(bytes, notes.Distinct().ToList());
    }

    /// <summary>What reading the written workbook back gives that the tables did not have.</summary>
    private static IEnumerable<string> ReadBack(byte[] bytes, IReadOnlyList<Submission> tables, CodeTable codes)
    {
        var reader = new SubmissionReader(new ReadOptions { Codes = codes, MaxFileSize = 0 }, InputFormats.TextLayouts().AddOffice());
        var documents = reader.Read(bytes, "convert.xlsx").Documents;
        if (documents.Count != tables.Count)
        {
            yield return $"转换结果读回时得到 {documents.Count} 张表，原文件有 {tables.Count} 张";
            yield break;
        }
        for (int k = 0; k < tables.Count; k++)
        {
            var back = documents[k].Submission;
            foreach (var d in back.Diagnostics)
                yield return $"转换结果读回时：{d.Message}{(d.Text is { Length: > 0 } t ? $"（{t}）" : "")}";
            if (ModelComparison.FirstDifference(tables[k], back) is { } difference)
                yield return $"转换结果读回后与原文件的内容不完全相同：{difference}";
        }
    }

    private static string SheetName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (int n = 2; !used.Add(candidate); n++) candidate = name + n;
        return candidate;
    }
}
