using System.Runtime.CompilerServices;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// What the JSON and SARIF reports' <see cref="IReportFormatter.Prepare"/> run: a finding with every field, rendered by
/// the format's own code into a writer that is then dropped, and a spilled record of it read back as a batch's report
/// reads one. Their code is compiled at first call (fully optimised, <see cref="JsonItemWriter"/>'s remarks): about
/// 50 ms of one core for the 47 methods a JSON report of ten documents compiled at its end, serially.
/// </summary>
internal static class ReportWarmup
{
    /// <summary>A finding as a report sees one: a fix, spans, names, an indicator, evidence, and texts to escape.</summary>
    public static Finding Sample { get; } = new()
    {
        RuleId = "PR000", Severity = Severity.Warning, Message = "样例“名称”：\"1\"\t", Fix = "修改建议", Title = "样例",
        File = "样例.txt", Span = new SourceSpan(2, 1, 2, 4), Related = new SourceSpan(1, 1, 3, 5), Department = "部门", Unit = "单位",
        Project = "项目", IndicatorSeq = 1, Path = "部门 › 单位 › 项目", Evidence = [new Evidence("值", "1")], RuleSet = "core",
        RuleSetVersion = "1", Fingerprint = "0123456789abcdef",
    };

    /// <summary>A document holding <see cref="Sample"/>, with the lines it quotes.</summary>
    public static DocumentResult Document { get; } = new()
    {
        File = "样例.txt", Submission = new Submission { Kind = SubmissionKind.Unknown, Department = "部门" }, Findings = [Sample],
        Snippets = new Dictionary<int, string> { [1] = "一", [2] = "二 two", [3] = "三" },
    };

    /// <summary>
    /// <see cref="Sample"/> spilled as a batch's document record and read back in place (<see cref="ResultCodec.DecodeTail"/>,
    /// <see cref="ResultCodec.ReadView"/>), each view given to <paramref name="visit"/> (the format's writer); and the
    /// reader a batch report runs them from compiled without running it (it needs a spill).
    /// </summary>
    public static void ReadSpilled(FindingVisitor visit)
    {
        var record = ResultCodec.Encode(Document.Findings, Document.Snippets);
        ResultCodec.DecodeTail(record);
        var r = new SpillReader(record);
        for (var n = r.Count(); n > 0; n--)
            if (ResultCodec.ReadView(ref r, out var f, out _)) visit(ref f);
        if (typeof(SpilledResult).GetMethod("Each", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance,
                [typeof(ReadOnlySpan<byte>), typeof(FindingVisitor)]) is { } each)
            RuntimeHelpers.PrepareMethod(each.MethodHandle);
    }
}
