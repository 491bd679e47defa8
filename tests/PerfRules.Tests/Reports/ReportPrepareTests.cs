using PerfRules.Reports;
using Shouldly;

namespace PerfRules.Tests.Reports;

/// <summary>
/// <see cref="IReportFormatter.Prepare"/>: the JSON and SARIF writers' head start (their code compiled on another thread
/// while a run checks its documents) changes nothing they write, and a failing one changes nothing either.
/// </summary>
public class ReportPrepareTests
{
    [TestCase("json")]
    [TestCase("sarif")]
    [TestCase("text")]
    public void Prepared_or_not_a_format_writes_the_same_bytes(string name)
    {
        var format = ReportFormats.Default().Find(name)!;
        var report = SeedReport.Report;
        var before = ReportFormats.Render(format, report);
        format.Prepare();
        format.Prepare(); // twice: nothing is kept that a second call or a later write would trip on
        ReportFormats.Render(format, report).ShouldBe(before);
    }

    [Test]
    public void Preparing_in_the_background_survives_a_format_that_fails()
    {
        var failing = new Failing();
        ReportFormats.PrepareInBackground([failing, ReportFormats.Default().Find("json")!, failing]);
        failing.Called.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        ReportFormats.PrepareInBackground([]); // nothing to do: no thread
    }

    private sealed class Failing : IReportFormatter
    {
        public ManualResetEventSlim Called { get; } = new();
        public string Name => "failing";
        public string Extension => "txt";
        public void Write(PerfRules.Runs.LintReport report, TextWriter output) => throw new NotSupportedException();
        public void Prepare()
        {
            Called.Set();
            throw new InvalidOperationException("a warm-up that fails");
        }
    }
}
