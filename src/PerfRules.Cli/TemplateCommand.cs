using System.CommandLine;
using PerfRules.Files;
using PerfRules.Model;
using PerfRules.Readers.Office.Writing;

namespace PerfRules.Cli;

/// <summary>`perfrules template [--kind project-targets|department-overall] --output FILE.xlsx [--rules DIR] [--formulas]`.</summary>
internal static class TemplateCommand
{
    public const string ProjectTargets = "project-targets", DepartmentOverall = "department-overall";

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var kind = new Option<string>("--kind")
        {
            Description = "模板种类：project-targets（项目支出绩效目标表，默认）或 department-overall（部门整体预算绩效目标申报表）",
            DefaultValueFactory = _ => ProjectTargets,
        };
        kind.AcceptOnlyFromAmong(ProjectTargets, DepartmentOverall);
        var output = new Option<string>("--output") { Description = "要生成的模板文件（.xlsx）", Required = true };
        var formulas = new Option<bool>("--formulas") { Description = "“合计”行和单位行的金额写成求和公式，自动汇总各项目（仅项目支出表）" };
        var rules = new RuleOptions();
        var command = new Command("template", "生成空白的填报模板（Excel 工作簿）：每行一个指标，一级、二级指标可从下拉列表选择，附填表说明") { kind, output, formulas, rules.Rules };
        command.SetAction(r =>
        {
            var path = r.GetValue(output)!;
            if (!path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                stderr.WriteLine($"--output 应是 .xlsx 文件（模板是 Excel 工作簿），而不是“{path}”");
                return CliApp.CouldNotRun;
            }
            var which = r.GetValue(kind) == DepartmentOverall ? SubmissionKind.DepartmentOverall : SubmissionKind.ProjectTargets;
            if (which == SubmissionKind.DepartmentOverall && r.GetValue(formulas))
            {
                stderr.WriteLine("--formulas 只用于项目支出表（--kind project-targets）：部门整体申报表没有合计行和单位行");
                return CliApp.CouldNotRun;
            }
            var set = rules.LoadSet(r, stderr);
            if (set is null) return CliApp.CouldNotRun;
            var bytes = TemplateWorkbook.Blank(which, new TemplateOptions { Codes = set.Codes, Formulas = r.GetValue(formulas) });
            try
            {
                AtomicFile.Write(path, s => s.Write(bytes));
            }
            catch (OutputFileException e)
            {
                stderr.WriteLine(e.Message);
                return CliApp.CouldNotRun;
            }
            stdout.WriteLine($"已生成填报模板：{path}");
            stdout.WriteLine($"填好后运行 perfrules lint {Quoted(path)} 检查，按提示修改。");
            return CliApp.Ok;
        });
        command.Examples(
            ("perfrules template --output 项目支出绩效目标表.xlsx", Lang.T("生成项目支出绩效目标表的空白模板", "Write a blank project-targets template")),
            ("perfrules template --kind department-overall --output 部门整体绩效目标表.xlsx", Lang.T("生成部门整体绩效目标表的空白模板", "Write a blank department-overall template")));
        return command;
    }

    /// <summary>A path as typed in a shell: quoted when it has spaces.</summary>
    public static string Quoted(string path) => path.Contains(' ') ? $"\"{path}\"" : path;
}
