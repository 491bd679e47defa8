using PerfRules.Model;
using PerfRules.Yaml;

namespace PerfRules.Readers.Office.Writing;

/// <summary>How a template workbook is written.</summary>
public sealed record TemplateOptions
{
    /// <summary>The code table the 一级指标/二级指标 drop-downs list (a rule set's, so a custom table gives a custom list).</summary>
    public CodeTable Codes { get; init; } = CodeTableYaml.Builtin;

    /// <summary>An empty project table: 合计 and a unit row sum the projects with formulas.</summary>
    public bool Formulas { get; init; }
}
