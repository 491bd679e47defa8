using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>
/// fixtures/cases/&lt;rule&gt;/: small realistic documents, each beside its expectation
/// (&lt;name&gt;.expect.yaml, so the document itself stays a plain input). A trip-* case names every
/// finding of its rule — line, column and message — so the count, place and text are all checked;
/// an ok-* case is a near miss that reads as a table (its kind, no PR001 or PR002) and gives no
/// finding of the rule. A case may be a folder of documents checked together in one run (rules
/// across the documents of a department). Every rule in rules/ must have both kinds of case: a
/// rule shipped without them fails <see cref="Every_rule_in_rules_has_a_tripping_case_and_a_near_miss"/>.
/// </summary>
public class CaseFileTests
{
    /// <summary>What a case must give; the format of the .expect.yaml files.</summary>
    public sealed class Expectation
    {
        /// <summary>The document's kind as read: projectTargets, departmentOverall or unknown.</summary>
        public string? Kind { get; set; }
        /// <summary>For a folder case: each document's kind, by file name.</summary>
        public Dictionary<string, string>? Kinds { get; set; }
        /// <summary>Limits other than the defaults, for the limit rules (PR006, PR007, PR008).</summary>
        public Limits? Options { get; set; }
        /// <summary>Every finding of the case's rule, in report order; empty for ok-* cases.</summary>
        public List<ExpectedFinding> Findings { get; set; } = [];
    }

    public sealed class Limits
    {
        public long? MaxFileSize { get; set; }
        public int? MaxLineLength { get; set; }
        public int? MaxFindingsPerDocument { get; set; }
    }

    public sealed class ExpectedFinding
    {
        /// <summary>For a folder case: the document the finding is on.</summary>
        public string? File { get; set; }
        /// <summary>The line the finding starts on; 0 when it is on the whole file (no line to point at).</summary>
        public int Line { get; set; }
        /// <summary>The column it starts at, when the place within the line matters.</summary>
        public int? Column { get; set; }
        /// <summary>The whole span (startLine:startColumn-endLine:endColumn), when its end matters too: the faulty part.</summary>
        public string? Span { get; set; }
        /// <summary>The related span (the whole indicator, row or project the faulty part is in), when the finding has one; "none" for none.</summary>
        public string? Related { get; set; }
        public string Message { get; set; } = "";
        /// <summary>What the finding says to change (the rule's fix, values filled in).</summary>
        public string? Fix { get; set; }
    }

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    private const string ExpectSuffix = ".expect.yaml";

    /// <summary>The case documents (or folders) of one rule folder, without their expectations.</summary>
    private static IEnumerable<string> CasesIn(string ruleDir) =>
        Directory.GetFileSystemEntries(ruleDir).Where(p => !p.EndsWith(ExpectSuffix, StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.GetDirectories(TestPaths.Cases).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(CasesIn)
            .Select(p => (Rule: Path.GetFileName(Path.GetDirectoryName(p)!), Name: Path.GetFileName(p)))
            .Select(c => new TestCaseData(c.Rule, c.Name).SetName($"{c.Rule}/{c.Name}"));

    public static Expectation ReadExpectation(string casePath)
    {
        var file = casePath + ExpectSuffix;
        File.Exists(file).ShouldBeTrue($"{Path.GetFileName(casePath)} has no {Path.GetFileName(file)} saying what it must give");
        return Yaml.Deserialize<Expectation>(File.ReadAllText(file)) ?? new Expectation();
    }

    private static Linter LinterFor(Limits? limits) => limits is null
        ? new Linter(RuleTestSupport.Builtin)
        : new Linter(
            RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Options with { MaxFindingsPerDocument = limits.MaxFindingsPerDocument ?? 1000 }),
            new SubmissionReader(new ReadOptions
            {
                MaxFileSize = limits.MaxFileSize ?? ReadOptions.DefaultMaxFileSize,
                MaxLineLength = limits.MaxLineLength ?? ReadOptions.DefaultMaxLineLength,
            }));

    private static string KindName(SubmissionKind kind) => kind switch
    {
        SubmissionKind.ProjectTargets => "projectTargets",
        SubmissionKind.DepartmentOverall => "departmentOverall",
        _ => "unknown",
    };

    [TestCaseSource(nameof(Cases))]
    public void Case_gives_exactly_what_its_expectation_names(string ruleId, string name)
    {
        var path = Path.Combine(TestPaths.Cases, ruleId, name);
        (name.StartsWith("trip-", StringComparison.Ordinal) || name.StartsWith("ok-", StringComparison.Ordinal))
            .ShouldBeTrue($"{ruleId}/{name}: a case is named trip-* or ok-*");
        var expect = ReadExpectation(path);
        var folder = Directory.Exists(path);
        var report = LinterFor(expect.Options).CheckAll(new[] { path });
        string Doc(DocumentResult d) => folder ? Path.GetFileName(d.File) : name;

        // The kind it reads as.
        var kinds = report.Documents.ToDictionary(Doc, d => KindName(d.Submission.Kind));
        if (folder) kinds.ShouldBe(expect.Kinds ?? throw new AssertionException($"{ruleId}/{name}: a folder case names its documents' kinds"), ignoreOrder: true);
        else kinds[name].ShouldBe(expect.Kind ?? throw new AssertionException($"{ruleId}/{name}: the expectation names no kind"), $"{ruleId}/{name} reads as");

        var all = report.Documents.SelectMany(d => d.Findings.Select(f => (Doc: Doc(d), Finding: f))).ToList();
        all.Select(x => x.Finding).ShouldNotContain(f => f.IsRuleFailure, $"{ruleId}/{name}: a rule failed");
        if (name.StartsWith("ok-", StringComparison.Ordinal))
        {
            // A near miss is a table: read as one, nothing left unplaced.
            kinds.Values.ShouldNotContain("unknown", $"{ruleId}/{name} must read as a table");
            all.Where(x => x.Finding.RuleId is "PR001" or "PR002").Select(x => $"{x.Finding.RuleId} {x.Finding.Message}")
                .ShouldBeEmpty($"{ruleId}/{name} must read as a table");
            expect.Findings.ShouldBeEmpty($"{ruleId}/{name}: a near miss expects no finding of {ruleId}");
        }
        else
        {
            expect.Findings.ShouldNotBeEmpty($"{ruleId}/{name}: a tripping case names the findings it trips");
            expect.Findings.Where(e => string.IsNullOrEmpty(e.Fix)).ShouldBeEmpty($"{ruleId}/{name}: a tripping case names each finding's fix");
        }

        // Exactly the expected findings of the rule: how many, where, what they say and what they say to change.
        static string Show(string? file, int line, int? column, string? span, string? related, string message, string? fix) =>
            $"{(file is null ? "" : file + ":")}{line}:{(column is null ? "" : column + ":")}{(span is null ? "" : " [" + span + "]")}{(related is null ? "" : " related " + related)} {message}\n    修改建议：{fix}";
        var actual = all.Where(x => x.Finding.RuleId == ruleId)
            .Select(x => (x.Doc, x.Finding))
            .ToList();
        actual.Select((x, i) =>
        {
            var e = i < expect.Findings.Count ? expect.Findings[i] : null;
            var f = x.Finding;
            return Show(folder ? x.Doc : null, f.Span?.StartLine ?? 0, e?.Column is null ? null : f.Span?.StartColumn,
                e?.Span is null ? null : f.Span?.ToString(), e?.Related is null ? null : f.Related?.ToString() ?? "none", f.Message, f.Fix);
        }).ShouldBe(expect.Findings.Select(e => Show(e.File, e.Line, e.Column, e.Span, e.Related, e.Message, e.Fix)),
            $"{ruleId}/{name}: the findings of {ruleId} (file:line:column: [span] related span, message, fix)");
    }

    /// <summary>The rule ids defined in rules/ (the built-in set is compiled from the same files).</summary>
    private static List<string> RuleIds()
    {
        var fromFolder = RuleSetLoader.LoadFolder(TestPaths.Rules).Rules.Select(r => r.Id).ToList();
        fromFolder.ShouldBe(RuleTestSupport.Builtin.RuleSet.Rules.Select(r => r.Id), ignoreOrder: true,
            "rules/ and the built-in rule set differ: rebuild");
        return fromFolder;
    }

    [Test]
    public void Every_rule_in_rules_has_a_tripping_case_and_a_near_miss()
    {
        var missing = new List<string>();
        foreach (var id in RuleIds().Order(StringComparer.Ordinal))
        {
            var dir = Path.Combine(TestPaths.Cases, id);
            var cases = Directory.Exists(dir) ? CasesIn(dir).Select(Path.GetFileName).ToList() : [];
            if (!cases.Any(c => c!.StartsWith("trip-", StringComparison.Ordinal))) missing.Add($"{id}: no trip-* case");
            if (!cases.Any(c => c!.StartsWith("ok-", StringComparison.Ordinal))) missing.Add($"{id}: no ok-* case");
        }
        missing.ShouldBeEmpty("every rule needs fixtures/cases/<id>/trip-* and ok-* documents, each with a .expect.yaml");
    }

    [Test]
    public void Every_case_folder_is_a_rule_and_every_expectation_has_its_document()
    {
        var ids = RuleIds();
        foreach (var dir in Directory.GetDirectories(TestPaths.Cases))
        {
            ids.ShouldContain(Path.GetFileName(dir), $"fixtures/cases/{Path.GetFileName(dir)} names no rule in rules/");
            foreach (var expect in Directory.GetFiles(dir, "*" + ExpectSuffix))
                Path.Exists(expect[..^ExpectSuffix.Length]).ShouldBeTrue($"{expect} has no case beside it");
        }
    }
}
