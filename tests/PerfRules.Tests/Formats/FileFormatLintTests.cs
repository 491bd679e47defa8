using System.Text.Json;
using System.Text.RegularExpressions;
using PerfRules.Cli;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Cli;
using PerfRules.Tests.Office;
using PerfRules.Tests.Pdf;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Formats;

/// <summary>
/// Workbooks, Word files, CSV and PDFs through the command line, as users give them: `perfrules lint`,
/// `audit` and `parse` (the service: <see cref="Service.FileFormatEndpointTests"/>). Each file gives its seed's findings, and
/// every finding carries its place in the file (项目表!C12, 表1!B3, C12, p3:12:5), the same place the
/// reader's own map gives for it.
/// </summary>
public class FileFormatLintTests
{
    /// <summary>A file of each format, with the seed it was made from and the form its places take.</summary>
    public static readonly (string Path, string Seed, string Place)[] Files =
    {
        (OfficeFixtures.PathOf("001.layout1.xlsx"), "001", @"^.+![A-Z]+\d+$"),
        (OfficeFixtures.PathOf("libreoffice/003.layout1.xls"), "003", @"^.+![A-Z]+\d+$"),
        (OfficeFixtures.PathOf("004.layout2.docx"), "004", @"^(表\d+![A-Z]+\d+|段落\d+)$"),
        (OfficeFixtures.PathOf("001.tabular-gb18030.csv"), "001", @"^[A-Z]+\d+$"),
        (PdfFixtures.Seed("000"), "000", @"^p\d+:\d+:\d+$"),
        (PdfFixtures.Seed("002"), "002", @"^p\d+:\d+:\d+$"),
    };

    public static IEnumerable<TestCaseData> Cases =>
        Files.Select(f => new TestCaseData(f.Path, f.Seed, f.Place).SetArgDisplayNames(Path.GetFileName(f.Path)));

    /// <summary>The library's in-memory run over the same bytes (every format registered), kept whole: the expected places.</summary>
    private static DocumentResult InMemory(string path) =>
        new Linter(RuleTestSupport.Builtin, TestFormats.Reader()).CheckAll(new[] { path }, new CheckOptions { KeepSubmissions = true })
            .Documents.ShouldHaveSingleItem();

    /// <summary>The seed's findings as compared across formats: rule, severity, logical path, message (white space aside).</summary>
    /// <summary>
    /// What a file made from a seed must give: the seed's findings. A PDF prints unplaced figures in
    /// the form's columns (<see cref="PdfReading.ExpectedModel"/>); the office files hold the seed as is.
    /// </summary>
    internal static List<string> ExpectedFindings(string path, string seed) =>
        Comparable(RuleTestSupport.Builtin.Evaluate(path.EndsWith(".pdf", StringComparison.Ordinal) ? PdfReading.ExpectedModel(seed) : Seeds.Read(seed))
            .Select(f => (f.RuleId, f.Severity.Name(), f.Path, f.Message)));

    /// <summary>A document's own findings: without those of the cross-document rules (department and batch: a folder of one seed in several formats is the same projects in several documents).</summary>
    internal static IEnumerable<JsonElement> Own(IEnumerable<JsonElement> findings) =>
        findings.Where(f => RuleTestSupport.Builtin.RuleSet.Rules.Single(r => r.Id == f.GetProperty("ruleId").GetString()).Scope is not (RuleScope.Department or RuleScope.Batch));

    private static List<string> Comparable(IEnumerable<(string Rule, string Severity, string Path, string Message)> findings) =>
        findings.Select(f => $"{f.Rule} {f.Severity} {f.Path} {PdfReading.Squeeze(f.Message)}").Order(StringComparer.Ordinal).ToList();

    internal static List<JsonElement> JsonFindings(JsonElement document) => document.GetProperty("findings").EnumerateArray().ToList();

    internal static List<string> Comparable(IEnumerable<JsonElement> findings) => Comparable(findings.Select(f =>
        (f.GetProperty("ruleId").GetString()!, f.GetProperty("severity").GetString()!, f.GetProperty("path").GetString()!, f.GetProperty("message").GetString()!)));

    [TestCaseSource(nameof(Cases))]
    public void Lint_reads_the_file_and_every_finding_names_its_place(string path, string seed, string placeForm)
    {
        var (code, stdout, stderr) = CliRunner.Run("lint", path, "--format", "json", "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, stderr);
        var document = JsonDocument.Parse(stdout).RootElement.GetProperty("documents").EnumerateArray().ShouldHaveSingleItem();
        document.GetProperty("file").GetString().ShouldBe(path);
        var findings = JsonFindings(document);

        var expected = ExpectedFindings(path, seed);
        expected.ShouldNotBeEmpty();
        Comparable(findings).ShouldBe(expected);

        // Places: the form of the format, and what the reader's own map says for the same span.
        var library = InMemory(path);
        library.Submission.Places.ShouldNotBeNull();
        var withSpan = findings.Where(f => f.TryGetProperty("span", out _)).ToList();
        withSpan.ShouldNotBeEmpty();
        var places = library.Findings.Where(f => f.Span is not null).Select(f => library.Place(f)).ToList();
        withSpan.Select(f => f.TryGetProperty("place", out var p) ? p.GetString() : null).ShouldBe(places);
        foreach (var f in withSpan)
        {
            f.GetProperty("place").GetString()!.ShouldMatch(placeForm);
            f.GetProperty("location").EnumerateObject().ShouldNotBeEmpty();
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void The_text_report_puts_the_place_after_the_file_name(string path, string seed, string placeForm)
    {
        var (code, stdout, stderr) = CliRunner.Run("lint", path, "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, stderr);
        var library = InMemory(path);
        var lines = stdout.Split('\n');
        foreach (var f in library.Findings.Where(f => f.Span is not null))
        {
            var place = library.Place(f).ShouldNotBeNull();
            place.ShouldMatch(placeForm);
            lines.ShouldContain($"{path}:{place}: {f.Severity.Name()} {f.RuleId}: {f.Message}");
        }
    }

    [Test]
    public void Audit_of_a_folder_of_every_format_reads_each_file_and_keeps_the_places()
    {
        var dir = Reports.SeedReport.TempDir("formats-audit");
        foreach (var (path, _, _) in Files) File.Copy(path, Path.Combine(dir, Path.GetFileName(path)));
        var json = Path.Combine(dir, "report.json");
        var (code, _, stderr) = CliRunner.Run("audit", dir, "--format", "json", "--output", json, "--quiet", "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, stderr);
        var documents = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("documents").EnumerateArray().ToList();
        documents.Count.ShouldBe(Files.Length);
        foreach (var d in documents)
        {
            var (path, seed, placeForm) = Files.Single(f => Path.GetFileName(f.Path) == Path.GetFileName(d.GetProperty("file").GetString()));
            d.GetProperty("kind").GetString().ShouldNotBe("unknown", path);
            var findings = JsonFindings(d);
            findings.Where(f => f.TryGetProperty("span", out _)).ShouldAllBe(f => Regex.IsMatch(f.GetProperty("place").GetString()!, placeForm));
            // Cross-document findings join a department's home document; each document's own are its seed's.
            Comparable(Own(findings)).ShouldBe(ExpectedFindings(path, seed), path);
        }
    }

    [Test]
    public void Sarif_names_the_input_file_and_gives_the_place_as_properties()
    {
        var path = OfficeFixtures.PathOf("001.layout1.xlsx");
        var (code, stdout, stderr) = CliRunner.Run("lint", path, "--format", "sarif", "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, stderr);
        var results = JsonDocument.Parse(stdout).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.ShouldNotBeEmpty();
        var library = InMemory(path);
        foreach (var r in results)
        {
            var uri = r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            uri.ShouldEndWith("fixtures/office/001.layout1.xlsx");
            if (r.GetProperty("properties").TryGetProperty("place", out var place))
                library.Findings.Select(library.Place).ShouldContain(place.GetString());
        }
        results.Count(r => r.GetProperty("properties").TryGetProperty("sheet", out _)).ShouldBeGreaterThan(0);
    }

    [Test]
    public void Parse_reads_workbooks_word_files_and_pdfs_into_the_seed_models()
    {
        foreach (var (path, seed, _) in Files)
        {
            var (code, stdout, stderr) = CliRunner.RunPlain("parse", path, "--format", "json");
            code.ShouldBe(CliApp.Ok, stderr);
            var model = JsonDocument.Parse(stdout).RootElement;
            var expected = Seeds.Read(seed);
            model.GetProperty("kind").GetString().ShouldBe(JsonNamingPolicy.CamelCase.ConvertName(expected.Kind.ToString()), path);
            model.GetProperty("department").GetString().ShouldBe(expected.Department, path);
        }
    }
}
