using PerfRules.Files;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// The report formats a host offers, registered like Serilog's sinks. <see cref="Default"/> has the
/// core's own (text, json, sarif, summary, html, junit, github); a plug-in project adds its formats
/// with an extension method of its own: <code>ReportFormats.Default().AddOffice()</code> (csv, xlsx).
/// Register everything before the first use; a registry is read-only after that.
/// </summary>
public sealed class ReportFormats
{
    private readonly List<IReportFormatter> _formats = new();

    /// <summary>Nothing registered.</summary>
    public static ReportFormats Empty() => new();

    /// <summary>The core's formats, which need no library beyond .NET.</summary>
    public static ReportFormats Default() => new ReportFormats()
        .Add(new TextFormatter())
        .Add(new JsonFormatter())
        .Add(new SarifFormatter())
        .Add(new SummaryFormatter())
        .Add(new HtmlFormatter())
        .Add(new JUnitFormatter())
        .Add(new GitHubFormatter());

    /// <summary>Adds a format; its name must be new (names are what users pass to --format).</summary>
    public ReportFormats Add(IReportFormatter formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (Find(formatter.Name) is not null) throw new ArgumentException($"report format '{formatter.Name}' is already registered", nameof(formatter));
        _formats.Add(formatter);
        return this;
    }

    /// <summary>The formats in registration order.</summary>
    public IReadOnlyList<IReportFormatter> All => _formats;

    public IReadOnlyList<string> Names => _formats.Select(f => f.Name).ToList();

    public IReportFormatter? Find(string name) =>
        _formats.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string Render(IReportFormatter formatter, LintReport report)
    {
        var w = new StringWriter { NewLine = "\n" };
        formatter.Write(report, w);
        return w.ToString();
    }

    /// <summary>
    /// Runs each format's <see cref="IReportFormatter.Prepare"/> on a background thread, for a host that will write
    /// them at the end of a run: the JSON and SARIF writers' code is compiled fully optimised at first call
    /// (<see cref="JsonItemWriter"/>), some 50 ms of one core that a run of a few documents paid at its end, serially,
    /// after everything else. A failure there changes nothing (the write compiles what it needs itself).
    /// <paramref name="after"/>: a thread to wait for first (the host's other head start, more urgent than this one).
    /// </summary>
    public static void PrepareInBackground(IEnumerable<IReportFormatter> formatters, Thread? after = null)
    {
        var list = formatters.Distinct().ToArray();
        if (list.Length == 0) return;
        var thread = new Thread(() =>
        {
            after?.Join();
            foreach (var f in list)
            {
                try { f.Prepare(); }
                catch (Exception) { /* only a head start: the write does it again if it must */ }
            }
        }, 256 * 1024) { IsBackground = true, Name = "perfrules report warm-up" };
        thread.Start();
    }

    /// <summary>
    /// Writes a report to a file (creating its folder), as bytes for binary formats, atomically
    /// (<see cref="AtomicFile"/>): a failure or a kill leaves the old file as it was.
    /// </summary>
    public static void WriteFile(IReportFormatter formatter, LintReport report, string path) =>
        AtomicFile.Write(path, stream => formatter.Write(report, stream));
}
