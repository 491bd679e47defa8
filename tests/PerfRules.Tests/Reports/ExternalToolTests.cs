using System.Diagnostics;
using System.Text.Json;
using PerfRules.Reports;

namespace PerfRules.Tests.Reports;

/// <summary>
/// The SARIF report through the official SARIF Multitool; when missing, it is installed by
/// tests/tools/install-deps.sh (run by <see cref="ExternalTools"/> the first time a test needs it).
/// The HTML report in a real headless browser: <see cref="HtmlReportBrowserTests"/>.
/// </summary>
public class ExternalToolTests
{
    private static (int Code, string Out, string Err) Exec(string file, IEnumerable<string> args, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(true); Assert.Fail($"{file} did not finish in {timeoutMs} ms"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static List<JsonElement> MultitoolProblems(string sarifFile, string dir)
    {
        var output = Path.Combine(dir, Path.GetFileNameWithoutExtension(sarifFile) + ".validation.sarif");
        var (code, stdout, stderr) = Exec(ExternalTools.Multitool(), new[] { "validate", sarifFile, "--output", output });
        File.Exists(output).ShouldBeTrue($"multitool wrote no log (exit {code}): {stdout}{stderr}");
        using var log = JsonDocument.Parse(File.ReadAllText(output));
        return log.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.TryGetProperty("results", out var rs) ? rs.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(e => e.Clone())
            .ToList();
    }

    private static string Level(JsonElement result) => result.TryGetProperty("level", out var l) ? l.GetString()! : "warning";

    [Test]
    public void Sarif_of_the_seeds_passes_the_official_multitool_validation()
    {
        var dir = SeedReport.TempDir("sarif");
        var good = Path.Combine(dir, "seeds.sarif");
        ReportFormats.WriteFile(new SarifFormatter { BaseDirectory = TestPaths.Repo }, SeedReport.Report, good);
        var problems = MultitoolProblems(good, dir);
        problems.Where(p => Level(p) is "error" or "warning")
            .Select(p => p.GetProperty("ruleId").GetString() + ": " + p.GetProperty("message").ToString())
            .ShouldBeEmpty();

        // The validator does find problems when there are some (so the check above is not vacuous).
        var bad = Path.Combine(dir, "broken.sarif");
        File.WriteAllText(bad, File.ReadAllText(good).Replace("\"startLine\": ", "\"startLine\": -"));
        MultitoolProblems(bad, dir).ShouldContain(p => Level(p) == "error");
    }

    [Test]
    public void Sarif_of_workbooks_word_files_csv_and_pdfs_passes_the_official_multitool_validation()
    {
        // Their regions are cells (row, column number), whole lines of a CSV file, or lines of the rebuilt text.
        var dir = SeedReport.TempDir("sarif-formats");
        var paths = Formats.FileFormatLintTests.Files.Select(f => f.Path).ToList();
        var report = new PerfRules.Runs.Linter(Rules.RuleTestSupport.Builtin, TestFormats.Reader()).CheckAll(paths, new PerfRules.Runs.CheckOptions { Jobs = 2 });
        var file = Path.Combine(dir, "formats.sarif");
        ReportFormats.WriteFile(new SarifFormatter { BaseDirectory = TestPaths.Repo }, report, file);
        var text = File.ReadAllText(file);
        text.ShouldContain("\"sheet\"");
        text.ShouldContain("\"page\"");
        MultitoolProblems(file, dir).Where(p => Level(p) is "error" or "warning")
            .Select(p => p.GetProperty("ruleId").GetString() + ": " + p.GetProperty("message").ToString())
            .ShouldBeEmpty();
    }
}
