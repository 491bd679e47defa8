using PerfRules.Cli;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Tests.Office;
using PerfRules.Tests.Reports;

namespace PerfRules.Tests.Cli;

/// <summary>`perfrules template` and `perfrules convert`: what they write, and their Chinese errors with exit code 2.</summary>
public class TemplateAndConvertCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.RunPlain(args);

    /// <summary>No .NET exception text reaches the user.</summary>
    private static void NoExceptionText(string err)
    {
        err.ShouldNotContain("Exception");
        err.ShouldNotContain("   at ");
    }

    [Test]
    public void Template_writes_a_workbook_the_reader_reads_as_an_empty_table()
    {
        var dir = SeedReport.TempDir("template");
        var path = Path.Combine(dir, "填报模板.xlsx");
        var (code, output, err) = Run("template", "--output", path);
        code.ShouldBe(CliApp.Ok, err);
        output.ShouldContain("已生成填报模板");
        output.ShouldContain("perfrules lint");
        var doc = TestFormats.Reader().ReadFile(path).Documents.Single().Submission;
        doc.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        doc.Diagnostics.ShouldBeEmpty();
        Directory.GetFiles(dir).Select(Path.GetFileName).ShouldBe(new[] { "填报模板.xlsx" });   // no temporary file left

        (code, _, err) = Run("template", "--kind", "department-overall", "--output", Path.Combine(dir, "整体.xlsx"));
        code.ShouldBe(CliApp.Ok, err);
        TestFormats.Reader().ReadFile(Path.Combine(dir, "整体.xlsx")).Documents.Single().Submission.Kind.ShouldBe(SubmissionKind.DepartmentOverall);
    }

    [Test]
    public void Template_with_a_rule_set_that_extends_the_code_table_lists_its_codes()
    {
        var dir = SeedReport.TempDir("template-rules");
        var rules = Directory.CreateDirectory(Path.Combine(dir, "rules")).FullName;
        File.WriteAllText(Path.Combine(rules, "district.yaml"), """
            ruleset: district
            extends: core
            codes:
              level1:
                - code: 1
                  name: 产出指标
                  level2:
                    - { code: 15, name: 特色指标 }
            rules: []
            """);
        var path = Path.Combine(dir, "t.xlsx");
        var (code, _, err) = Run("template", "--rules", rules, "--output", path);
        code.ShouldBe(CliApp.Ok, err);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("xl/sharedStrings.xml")!.Open());
        var strings = reader.ReadToEnd();
        strings.ShouldContain("15-特色指标");
        strings.ShouldContain("11-数量指标");
    }

    [Test]
    public void Template_usage_errors_exit_2_with_a_Chinese_message()
    {
        var dir = SeedReport.TempDir("template-usage");
        var (code, _, err) = Run("template", "--output", Path.Combine(dir, "t.xls"));
        code.ShouldBe(CliApp.CouldNotRun);
        err.ShouldContain("--output 应是 .xlsx 文件");
        (code, _, err) = Run("template", "--kind", "department-overall", "--formulas", "--output", Path.Combine(dir, "t.xlsx"));
        code.ShouldBe(CliApp.CouldNotRun);
        err.ShouldContain("--formulas 只用于项目支出表");
        (code, _, err) = Run("template", "--output", Path.Combine(dir, "t.xlsx"), "--rules", Path.Combine(dir, "nowhere"));
        code.ShouldBe(CliApp.CouldNotRun);
        err.ShouldContain("找不到规则文件夹");
        (code, _, _) = Run("template");
        code.ShouldBe(CliApp.CouldNotRun);
        Directory.GetFiles(dir).ShouldBeEmpty();
    }

    [Test]
    public void Convert_one_seed_to_xlsx_yaml_and_json()
    {
        var dir = SeedReport.TempDir("convert-one");
        var xlsx = Path.Combine(dir, "000.xlsx");
        var (code, output, err) = Run("convert", TestPaths.Seed("000"), "--to", "xlsx", "--output", xlsx);
        code.ShouldBe(CliApp.Ok, err);
        output.ShouldContain($"已转换：{TestPaths.Seed("000")} → {xlsx}");
        err.ShouldContain("提示：");
        err.ShouldContain("未分列金额");
        var back = TestFormats.Reader().ReadFile(xlsx).Documents.Single().Submission;
        OfficeModel.Content(back).ShouldBe(OfficeModel.Content(Seeds.Read("000")));

        foreach (var to in new[] { "yaml", "json" })
        {
            var file = Path.Combine(dir, "002." + to);
            (code, _, err) = Run("convert", TestPaths.Seed("002"), "--to", to, "--output", file);
            code.ShouldBe(CliApp.Ok, err);
            err.ShouldBeEmpty();
            // The canonical form keeps everything, places included.
            var read = new SubmissionReader().ReadFile(file).Documents.Single().Submission;
            CanonicalWriter.ComparableJson(read).ShouldBe(CanonicalWriter.ComparableJson(Seeds.Read("002")));
        }
    }

    [Test]
    public void Convert_several_files_into_a_folder()
    {
        var dir = SeedReport.TempDir("convert-many");
        var output = Path.Combine(dir, "out");
        var (code, stdout, err) = Run("convert", TestPaths.Seeds, OfficeFixtures.PathOf("001.layout1.docx"), "--output", output);
        code.ShouldBe(CliApp.Ok, err);
        stdout.ShouldContain("共 6 个文件：6 个已转换");
        var written = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        written.Count.ShouldBe(6);
        written.ShouldContain("001.layout1.xlsx");
        foreach (var seed in Seeds.Prefixes)
        {
            var file = Directory.GetFiles(output, seed + "_*.xlsx").Single();
            OfficeModel.Content(TestFormats.Reader().ReadFile(file).Documents.Single().Submission).ShouldBe(OfficeModel.Content(Seeds.Read(seed)));
        }
    }

    [Test]
    public void Unreadable_inputs_are_named_in_Chinese_exit_2_and_the_readable_ones_are_still_converted()
    {
        var dir = SeedReport.TempDir("convert-bad");
        var notATable = Path.Combine(dir, "说明.txt");
        File.WriteAllText(notATable, "这不是绩效目标表。\n只是一段说明文字。\n");
        var missing = Path.Combine(dir, "不存在.xlsx");
        var doc = OfficeFixtures.PathOf("negative/word97.doc");
        var output = Path.Combine(dir, "out");
        var (code, stdout, err) = Run("convert", notATable, missing, doc, TestPaths.Seed("001"), "--output", output);
        code.ShouldBe(CliApp.CouldNotRun);
        err.ShouldContain($"“{notATable}”未转换：");
        err.ShouldContain($"“{missing}”未转换：文件不存在");
        err.ShouldContain($"“{doc}”未转换：Word 97-2003 文档（.doc）无法直接读取，请另存为 .docx 后再检查");
        NoExceptionText(err);
        stdout.ShouldContain("共 4 个文件：1 个已转换，3 个未能转换");
        Directory.GetFiles(output).Select(Path.GetFileName).ShouldBe(new[] { Path.GetFileNameWithoutExtension(TestPaths.Seed("001")) + ".xlsx" });
    }

    [Test]
    public void Convert_usage_errors_exit_2_and_write_nothing()
    {
        var dir = SeedReport.TempDir("convert-usage");
        var copy = Path.Combine(dir, "001.txt");
        File.Copy(TestPaths.Seed("001"), copy);
        var file = Path.Combine(dir, "a.xlsx");
        File.WriteAllText(file, "");
        (string[] Args, string Message)[] cases =
        {
            (new[] { copy, "--to", "yaml", "--output", Path.Combine(dir, "x.xlsx") }, "扩展名与 --to yaml 不符"),
            (new[] { copy, "--to", "json", "--output", copy }, "扩展名与 --to json 不符"),
            (new[] { copy, TestPaths.Seed("002"), "--output", file }, "转换多个文件时，--output 应是目录"),
            (new[] { copy, "--to", "pdf", "--output", Path.Combine(dir, "x.pdf") }, ""),
        };
        foreach (var (args, message) in cases)
        {
            var (code, _, err) = Run(new[] { "convert" }.Concat(args).ToArray());
            code.ShouldBe(CliApp.CouldNotRun, string.Join(" ", args));
            err.ShouldContain(message);
            NoExceptionText(err);
        }
        // Converting a file onto itself is refused, not a silent overwrite.
        var yaml = Path.Combine(dir, "t.yaml");
        File.WriteAllText(yaml, CanonicalWriter.ToYaml(Seeds.Read("001")));
        var (c, _, e) = Run("convert", yaml, "--to", "yaml", "--output", yaml);
        c.ShouldBe(CliApp.CouldNotRun);
        e.ShouldContain("就是输入文件");
        Directory.GetFiles(dir).Select(Path.GetFileName).Order().ShouldBe(new[] { "001.txt", "a.xlsx", "t.yaml" });
    }

    [Test]
    public void Converting_into_the_input_folder_never_overwrites_an_input()
    {
        var dir = SeedReport.TempDir("convert-same-folder");
        var a = Path.Combine(dir, "表.xlsx");
        File.Copy(OfficeFixtures.PathOf("004.layout2-merged.xlsx"), a);
        var b = Path.Combine(dir, "表.txt");
        File.Copy(TestPaths.Seed("004"), b);
        var before = File.ReadAllBytes(a);
        var (code, _, err) = Run("convert", a, b, "--output", dir);
        code.ShouldBe(CliApp.Ok, err);
        File.ReadAllBytes(a).ShouldBe(before);
        Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(new[] { "表-2.xlsx", "表-3.xlsx", "表.txt", "表.xlsx" });
    }
}
