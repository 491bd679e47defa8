using PerfRules.Ingest;
using PerfRules.Runs;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Runs;

/// <summary>
/// One entrance for reading: the bytes of an input are decoded once, and everything after — the
/// text openers, the layout readers, snippets, the cross-document step — uses that text.
/// </summary>
public class ReadOnceTests
{
    /// <summary>A text opener that takes nothing and remembers every text it was offered.</summary>
    private sealed class Spy : ITextOpener
    {
        public List<SourceText> Offered { get; } = new();
        public string Format => "spy";
        public int Probe(SourceText text) { Offered.Add(text); return 0; }
        public OpenedFile Open(SourceText text, ReadOptions options) => throw new InvalidOperationException("never chosen");
    }

    [Test]
    public void A_text_file_is_decoded_once_and_the_text_openers_see_that_very_text()
    {
        var spy = new Spy();
        var contents = new SubmissionReader(null, InputFormats.Default().Add(spy)).Read(File.ReadAllBytes(Seeds.Path0("000")), "000.txt");
        var document = contents.Documents.ShouldHaveSingleItem();
        contents.Format.ShouldBe(InputContents.Text);
        spy.Offered.ShouldHaveSingleItem().ShouldBeSameAs(document.Source);
        document.Source.Text.ShouldBe(Seeds.Text("000").Text);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Cross_document_findings_quote_the_text_that_was_read_not_the_file_on_disk(bool keepSubmissions)
    {
        // Seed 002 is the overall table of seed 000's department: PR108 compares them and is filed on 002.
        var dir = Reports.SeedReport.TempDir("read-once");
        var paths = new[] { "000", "002" }.Select(p =>
        {
            var path = Path.Combine(dir, p + ".txt");
            File.Copy(Seeds.Path0(p), path);
            return path;
        }).ToList();
        // Each file is changed on disk as soon as it has been checked: a step that read it again would see this.
        var options = new CheckOptions { Jobs = 1, KeepSubmissions = keepSubmissions, OnFile = (path, _) => File.WriteAllText(path, "已改动\n") };
        var report = new Linter(RuleTestSupport.Builtin).CheckAll(paths, options);

        var overall = report.Documents.Single(d => d.File == paths[1]);
        var cross = overall.Findings.Where(f => f.RuleId == "PR108").ToList();
        cross.ShouldNotBeEmpty();
        var original = Seeds.Text("002");
        foreach (var f in cross)
        {
            f.Span.ShouldNotBeNull();
            overall.Snippet(f).ShouldBe(original[f.Span.StartLine]);
        }
        File.ReadAllText(paths[1]).ShouldBe("已改动\n");
    }
}
