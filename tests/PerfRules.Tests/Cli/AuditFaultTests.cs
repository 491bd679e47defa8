using System.Diagnostics;
using System.Text.Json;
using PerfRules.Cli;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Cli;

/// <summary>
/// Audit over a hostile folder: special files, link loops, unlistable folders, files deleted during
/// the run. Every entry is reported, the run completes, the summary's counts add up. (Tests run as
/// root here, so the faults are ones that stop root too.)
/// </summary>
public class AuditFaultTests
{
    private static void MkFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        p.WaitForExit();
        p.ExitCode.ShouldBe(0);
    }

    private static string HostileFolder()
    {
        var dir = SeedReport.TempDir("hostile-audit");
        File.Copy(TestPaths.Seed("003"), Path.Combine(dir, "a-good.txt"));
        MkFifo(Path.Combine(dir, "b-fifo"));                                    // opening it would block forever
        File.CreateSymbolicLink(Path.Combine(dir, "c-dangling.txt"), Path.Combine(dir, "nowhere"));
        File.CreateSymbolicLink(Path.Combine(dir, "d-loop1"), Path.Combine(dir, "d-loop2"));
        File.CreateSymbolicLink(Path.Combine(dir, "d-loop2"), Path.Combine(dir, "d-loop1"));
        File.CreateSymbolicLink(Path.Combine(dir, "e-device"), "/dev/zero");    // never ends
        var sub = Directory.CreateDirectory(Path.Combine(dir, "f-sub")).FullName;
        File.Copy(TestPaths.Seed("001"), Path.Combine(sub, "g-good.txt"));
        Directory.CreateSymbolicLink(Path.Combine(sub, "h-up"), dir);          // a directory loop
        File.WriteAllText(Path.Combine(dir, "i-deleted.txt"), "项目支出绩效目标表\n");
        return dir;
    }

    private static readonly string[] Expected =
    {
        "a-good.txt", "b-fifo", "c-dangling.txt", "d-loop1", "d-loop2", "e-device", "f-sub/g-good.txt", "f-sub/h-up", "i-deleted.txt",
    };

    [Test, CancelAfter(60_000)]
    [Platform(Exclude = PlatformNames.Win, Reason = "mkfifo, /dev/zero and symbolic links are Unix")]
    public void Every_hostile_entry_is_reported_and_the_counts_add_up()
    {
        var dir = HostileFolder();
        var linter = new Linter(RuleTestSupport.Builtin);
        var inputs = InputExpansion.Expand(new[] { dir });
        inputs.Select(i => Path.GetRelativePath(dir, i.Path)).ShouldBe(Expected);
        inputs.Single(i => i.Path.EndsWith("h-up")).Problem!.ShouldContain("循环");

        // A file deleted between listing and reading.
        var report = linter.CheckAll(inputs, new CheckOptions
        {
            Jobs = 2,
            BeforeRead = p => { if (p.EndsWith("i-deleted.txt")) File.Delete(p); },
        });
        report.Documents.Count.ShouldBe(Expected.Length);
        string Reason(string name) => report.Documents.Single(d => d.File.EndsWith(name)).Submission.Diagnostics
            .ShouldHaveSingleItem().Message;
        Reason("b-fifo").ShouldContain("命名管道");
        Reason("c-dangling.txt").ShouldContain("不存在");
        Reason("d-loop1").ShouldContain("循环");
        Reason("e-device").ShouldContain("字符设备");
        Reason("h-up").ShouldContain("循环");
        Reason("i-deleted.txt").ShouldContain("文件不存在");
        foreach (var d in report.Documents.Where(d => d.Submission.Kind == SubmissionKind.Unknown))
            d.Findings.ShouldContain(f => f.RuleId == "PR001");

        var s = report.Summary;
        s.Files.ShouldBe(Expected.Length);
        s.Tables.ShouldBe(2);
        s.Unreadable.Count.ShouldBe(Expected.Length - 2);
        (s.Tables + s.Unreadable.Count).ShouldBe(s.Files);
        s.Totals.Total.ShouldBe(report.Documents.Sum(d => d.Findings.Count));
    }

    [Test, CancelAfter(60_000)]
    [Platform(Exclude = PlatformNames.Win, Reason = "mkfifo, /dev/zero and symbolic links are Unix")]
    public void The_audit_command_completes_over_the_hostile_folder()
    {
        var dir = HostileFolder();
        var json = Path.Combine(SeedReport.TempDir("hostile-audit-out"), "r.json");
        var (code, output, err) = CliRunner.Run("audit", dir, "--format", "json", "--output", json, "--fail-on", "never", "--quiet");
        code.ShouldBe(CliApp.Ok, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("documents").GetArrayLength().ShouldBe(Expected.Length);

        var (_, summary, _) = CliRunner.Run("audit", dir, "--fail-on", "never");
        summary.ShouldContain($"文件：共 {Expected.Length} 个（可识别的表 2 个，无法识别或读取 {Expected.Length - 2} 个）");
    }

    [Test]
    public void A_folder_that_cannot_be_listed_is_an_entry_of_its_own()
    {
        // A path through a regular file cannot be listed, even by root.
        var dir = SeedReport.TempDir("unlistable");
        var file = Path.Combine(dir, "plain.txt");
        File.WriteAllText(file, "x");
        var report = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Path.Combine(file, "inside") });
        report.Documents.ShouldHaveSingleItem().Findings.ShouldContain(f => f.RuleId == "PR001");
        // A folder named as a file (not expanded): reported, not crashed on.
        var r = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { new InputFile(dir) }, new CheckOptions());
        r.Documents.ShouldHaveSingleItem().Submission.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("目录");
    }
}
