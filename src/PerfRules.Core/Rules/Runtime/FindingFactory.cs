using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Every finding of a compiled rule set is made here: one object per finding, its place and path
/// taken from the target, its fingerprint from rule, file name, path and evidence (no line numbers).
/// </summary>
internal sealed class FindingFactory(RuleSet ruleSet, RuleEngineOptions options)
{
    /// <summary>A rule's assert failed on the target.</summary>
    public Finding Make(Rule rule, RuleTarget t, RuleOutcome outcome)
    {
        var evidence = new Evidence[rule.Lets.Count];
        for (var k = 0; k < evidence.Length; k++)
            evidence[k] = new Evidence(rule.Lets[k].Name, k < outcome.Evidence.Count ? outcome.Evidence[k] : "");
        var extra = t.Diagnostic is { } d ? d.Text ?? d.Message : null;
        // A rule's `at` names the faulty part; the object's own span stays with the finding as its related span.
        var related = outcome.At is not null && t.Span is { } whole && !whole.Equals(outcome.At) ? whole : null;
        return New(rule.Id, rule.Severity == Severity.Off ? rule.DeclaredSeverity : rule.Severity, rule.Title,
            rule.Message.Render(outcome.Holes), t, outcome.At ?? t.Span, evidence,
            Finding.ComputeFingerprint(rule.Id, t.Doc.SourceFile, t.Path, evidence, extra),
            fix: rule.Fix?.Render(outcome.Holes, rule.Message.HoleCount), related: related);
    }

    /// <summary>A rule threw on the target, or went past its limits: an error finding of that rule.</summary>
    public Finding Failure(Rule rule, RuleTarget t, Exception e)
    {
        var where = t.Path.Length > 0 ? t.Path : Path.GetFileName(t.Doc.SourceFile);
        var evidence = new[] { new Evidence("exception", e.GetType().FullName ?? e.GetType().Name) };
        var why = e is RuleLimitExceededException b
            ? (b.IsTime ? $"{e.Message}（每个文档 {options.TimeBudget.TotalSeconds:0.###} 秒）" : e.Message) + "，已停止该规则在本文档上的检查"
            : e.GetType().Name;
        return New(rule.Id, Severity.Error, rule.Title, $"规则 {rule.Id} 在 {where} 上执行失败：{why}", t, t.Span, evidence,
            Finding.ComputeFingerprint(rule.Id, t.Doc.SourceFile, t.Path, evidence), failure: true);
    }

    public Finding New(string ruleId, Severity severity, string title, string message, RuleTarget t, SourceSpan? span,
        IReadOnlyList<Evidence> evidence, string fingerprint, bool failure = false, string? fix = null, SourceSpan? related = null) => new()
    {
        Related = related,
        RuleId = ruleId,
        Severity = severity,
        Message = message,
        Fix = fix,
        Title = title,
        File = t.Doc.SourceFile,
        Span = span,
        Department = t.Doc.Department,
        Unit = t.Unit?.Name,
        Project = t.Project?.Name,
        IndicatorSeq = t.Indicator?.Seq,
        Path = t.Path,
        Evidence = evidence,
        RuleSet = ruleSet.Name,
        RuleSetVersion = ruleSet.Version,
        Fingerprint = fingerprint,
        IsRuleFailure = failure,
    };
}
