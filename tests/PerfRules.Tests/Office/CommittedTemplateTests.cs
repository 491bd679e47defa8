using PerfRules.Model;
using PerfRules.Readers.Office.Writing;
using PerfRules.Tests.Golden;

namespace PerfRules.Tests.Office;

/// <summary>
/// The templates a clerk downloads (docs/templates) are what `perfrules template` writes with the
/// built-in code table (rewrite: PERFRULES_UPDATE_GOLDEN=1).
/// </summary>
public class CommittedTemplateTests
{
    [TestCase("project-targets.xlsx", SubmissionKind.ProjectTargets)]
    [TestCase("department-overall.xlsx", SubmissionKind.DepartmentOverall)]
    public void The_downloadable_template_is_what_the_template_command_writes(string name, SubmissionKind kind)
    {
        var made = OfficeWriter.Deterministic(TemplateWorkbook.Blank(kind, new TemplateOptions()));
        var path = Path.Combine(TestPaths.Repo, "docs", "templates", name);
        switch (GoldenFiles.Mode)
        {
            case GoldenMode.Refused:
                Assert.Fail($"PERFRULES_UPDATE_GOLDEN=1 is refused under CI: {name} was not rewritten.");
                return;
            case GoldenMode.Update:
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, made);
                Assert.Warn($"template {name} rewritten");
                return;
        }
        File.Exists(path).ShouldBeTrue($"{name} is missing (run with PERFRULES_UPDATE_GOLDEN=1)");
        OfficeFixtureTests.Entries(File.ReadAllBytes(path)).ShouldBe(OfficeFixtureTests.Entries(made), $"{name} is out of date: run with PERFRULES_UPDATE_GOLDEN=1");
        OfficePipeline.Read(File.ReadAllBytes(path), name).Single().Kind.ShouldBe(kind);
    }
}
