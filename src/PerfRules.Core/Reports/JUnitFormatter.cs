using System.Xml;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// JUnit XML for CI dashboards: one testsuite per document, one testcase per rule that applies to
/// it (a rule in force whose scope has objects in the document, or that found something there).
/// Errors and warnings are failures; info findings go to the testcase's system-out; a rule that
/// threw is an error.
/// </summary>
public sealed class JUnitFormatter : IReportFormatter
{
    public string Name => "junit";
    public string Extension => "xml";

    public void Write(LintReport report, TextWriter output)
    {
        // The totals come first: one pass for them, then one that writes (a spilled batch is read back
        // a document at a time, twice, instead of holding every document's cases).
        int tests = 0, failures = 0, errors = 0;
        foreach (var d in report.Documents)
            foreach (var c in Cases(report.RuleSet, d))
            {
                tests++;
                if (c.Broken) errors++;
                else if (c.Failing.Count > 0) failures++;
            }
        output.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, NewLineChars = "\n", CloseOutput = false };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", $"{LintReport.ToolName} {report.RuleSet.Name} {report.RuleSet.Version}");
        w.WriteAttributeString("tests", tests.ToString());
        w.WriteAttributeString("failures", failures.ToString());
        w.WriteAttributeString("errors", errors.ToString());
        foreach (var doc in report.Documents)
        {
            var cases = Cases(report.RuleSet, doc);
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", Clean(doc.File));
            w.WriteAttributeString("package", Clean(AuditSummary.DepartmentOf(doc)));
            w.WriteAttributeString("tests", cases.Count.ToString());
            w.WriteAttributeString("failures", cases.Count(c => c.Failing.Count > 0 && !c.Broken).ToString());
            w.WriteAttributeString("errors", cases.Count(c => c.Broken).ToString());
            w.WriteAttributeString("skipped", "0");
            w.WriteStartElement("properties");
            Property(w, "department", AuditSummary.DepartmentOf(doc));
            Property(w, "kind", AuditSummary.KindName(doc.Submission.Kind));
            Property(w, "ruleSet", $"{report.RuleSet.Name} {report.RuleSet.Version}");
            w.WriteEndElement();
            foreach (var c in cases)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", Clean(doc.File));
                w.WriteAttributeString("name", $"{c.Rule.Id} {c.Rule.Title}");
                if (c.Failing.Count > 0)
                {
                    w.WriteStartElement(c.Broken ? "error" : "failure");
                    w.WriteAttributeString("type", c.Failing.Max(f => f.Severity).Name());
                    w.WriteAttributeString("message", Clean(c.Failing.Count == 1 ? c.Failing[0].Message : $"{c.Failing.Count} 条：{c.Failing[0].Message} …"));
                    w.WriteString(Clean(string.Join("\n", c.Failing.Select(f => Line(doc, f)))));
                    w.WriteEndElement();
                }
                if (c.Notes.Count > 0)
                {
                    w.WriteStartElement("system-out");
                    w.WriteString(Clean(string.Join("\n", c.Notes.Select(f => Line(doc, f)))));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.Flush();
        output.Write('\n');
    }

    private sealed record Case(Rule Rule, List<Finding> Failing, List<Finding> Notes, bool Broken);

    private static List<Case> Cases(RuleSet set, DocumentResult doc)
    {
        var cases = new List<Case>();
        // The findings by rule, in the document's order, in one pass over them.
        var byRule = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        foreach (var f in doc.Findings)
        {
            if (!byRule.TryGetValue(f.RuleId, out var list)) byRule[f.RuleId] = list = new List<Finding>();
            list.Add(f);
        }
        foreach (var rule in set.Rules)
        {
            var found = byRule.TryGetValue(rule.Id, out var hit) ? hit : new List<Finding>();
            if (found.Count == 0 && !Applies(rule, doc)) continue;
            var failing = found.Where(f => f.Severity >= Severity.Warning).ToList();
            var notes = found.Where(f => f.Severity < Severity.Warning).ToList();
            cases.Add(new Case(rule, failing, notes, found.Any(f => f.IsRuleFailure)));
        }
        return cases;
    }

    private static bool Applies(Rule rule, DocumentResult doc) =>
        rule.Severity != Severity.Off && rule.Scope switch
        {
            RuleScope.Diagnostic or RuleScope.Document => true,
            RuleScope.Department or RuleScope.Batch => false,
            _ => doc.HasObjects(rule.Scope),
        };

    /// <summary>As the text report writes it: the place in the file (项目表!C12, p3:12:5) or line:column.</summary>
    private static string Line(DocumentResult doc, Finding f) =>
        $"{doc.File}:{doc.At(f)}: {f.Severity.Name()} {f.RuleId}: {f.Message}" + (f.Path.Length > 0 ? $" [{f.Path}]" : "");

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", Clean(value));
        w.WriteEndElement();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters from damaged input).</summary>
    public static string Clean(string s)
    {
        if (s.All(XmlConvert.IsXmlChar)) return s;
        var sb = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i])) sb.Append(s[i]);
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i])) { sb.Append(s[i]).Append(s[i + 1]); i++; }
            else sb.Append('\uFFFD');
        }
        return sb.ToString();
    }
}
