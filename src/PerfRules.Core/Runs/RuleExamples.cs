using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Runs;

/// <summary>
/// Runs a rule's examples as tests: a valid example must give no finding of that rule, an invalid
/// one at least one (a rule that throws never counts as finding). The examples are canonical YAML
/// submissions; the caller supplies the reader, <c>read(yamlText, name)</c>.
/// </summary>
public static class RuleExamples
{
    /// <summary>Every example of every rule in the set, in rule order.</summary>
    public static IEnumerable<RuleExampleCase> Cases(RuleSet set)
    {
        foreach (var r in set.Rules)
        {
            for (var i = 0; i < r.ValidExamples.Count; i++) yield return new RuleExampleCase(set.Name, r.Id, true, i);
            for (var i = 0; i < r.InvalidExamples.Count; i++) yield return new RuleExampleCase(set.Name, r.Id, false, i);
        }
    }

    /// <summary>The built-in set's examples (no compilation needed to list them).</summary>
    public static IEnumerable<RuleExampleCase> BuiltinCases() => Cases(RuleSetLoader.LoadBuiltin());

    public static RuleExample Example(RuleSet set, RuleExampleCase c)
    {
        var rule = set.Find(c.RuleId) ?? throw new ArgumentException($"规则集 {set.Name} 中没有规则 {c.RuleId}");
        var list = c.Valid ? rule.ValidExamples : rule.InvalidExamples;
        return list[c.Index];
    }

    /// <summary>Runs an example read with the canonical YAML reader.</summary>
    public static RuleExampleResult Run(CompiledRuleSet compiled, RuleExampleCase c)
        => Run(compiled, c, (text, name) => Ingest.CanonicalReader.Parse(text, name));

    public static RuleExampleResult Run(CompiledRuleSet compiled, RuleExampleCase c, Func<string, string, Submission> read)
    {
        var example = Example(compiled.RuleSet, c);
        IReadOnlyList<Finding> findings;
        if (compiled.RuleSet.Find(c.RuleId)?.Scope is RuleScope.Department or RuleScope.Batch)
        {
            // A cross-document rule's example is a YAML list of submissions (one run).
            var docs = ReadList(example.Text, c.Name);
            if (docs is null)
                return new RuleExampleResult(c, false, $"{c.Name}（{example.File}:{example.Line}）：department、batch 作用域规则的示例应是提交文档的列表", Array.Empty<Finding>());
            findings = compiled.EvaluateRule(docs, c.RuleId);
        }
        else findings = compiled.EvaluateRule(read(example.Text, c.Name), c.RuleId);
        var failures = findings.Where(f => f.IsRuleFailure).ToList();
        var real = findings.Where(f => !f.IsRuleFailure).ToList();
        var at = $"{example.File}:{example.Line}";
        if (failures.Count > 0)
            return new RuleExampleResult(c, false, $"{c.Name}（{at}）：规则执行失败：{failures[0].Message}", findings);
        if (c.Valid && real.Count > 0)
            return new RuleExampleResult(c, false, $"{c.Name}（{at}）：正确的示例不应有结果，却得到：{real[0].Message}", findings);
        if (!c.Valid && real.Count == 0)
            return new RuleExampleResult(c, false, $"{c.Name}（{at}）：错误的示例应至少有一个结果，却没有", findings);
        return new RuleExampleResult(c, true, "", findings);
    }

    /// <summary>Reads a YAML sequence of canonical submissions, named name#1, name#2, …; null when the text is not a sequence.</summary>
    public static IReadOnlyList<Submission>? ReadList(string text, string name)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            if (!parser.TryConsume<SequenceStart>(out _)) return null;
            var docs = new List<Submission>();
            while (!parser.TryConsume<SequenceEnd>(out _))
                docs.Add(Ingest.CanonicalReader.ReadNode(parser, $"{name}#{docs.Count + 1}"));
            return docs;
        }
        catch (YamlException)
        {
            return null;
        }
    }
}
