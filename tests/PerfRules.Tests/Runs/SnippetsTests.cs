using NUnit.Framework;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;
using Shouldly;

namespace PerfRules.Tests.Runs;

/// <summary>The lines reports quote, worked out without a union span and into a table sized at once: the same lines, in the same order.</summary>
public class SnippetsTests
{
    // The definition before: the lines of span.Union(related), then the window around the span.
    private static (int First, int Last)? OldLines(SourceSpan span, SourceSpan? related)
    {
        var whole = related is { } r ? span.Union(r) : span;
        int first = whole.StartLine, last = whole.EndLine;
        if (last - first + 1 <= Snippets.MaxLines) return (first, last);
        first = span.StartLine;
        last = Math.Min(span.EndLine, first + Snippets.MaxLines - 1);
        while (last - first + 1 < Snippets.MaxLines && (first > whole.StartLine || last < whole.EndLine))
        {
            if (first > whole.StartLine) first--;
            if (last - first + 1 < Snippets.MaxLines && last < whole.EndLine) last++;
        }
        return (first, last);
    }

    private static SourceSpan RandomSpan(Random random, int lines)
    {
        int a = random.Next(1, lines + 1), b = random.Next(1, lines + 1);
        if (a > b) (a, b) = (b, a);
        int c = random.Next(1, 40), d = random.Next(1, 40);
        if (a == b && c > d) (c, d) = (d, c);
        return new SourceSpan(a, c, b, d);
    }

    [Test]
    public void A_findings_lines_are_those_of_its_spans_union()
    {
        var random = new Random(5);
        for (var round = 0; round < 20_000; round++)
        {
            var lines = round % 3 == 0 ? 8 : 200;
            var span = RandomSpan(random, lines);
            var related = random.Next(3) == 0 ? null : RandomSpan(random, lines);
            Snippets.Lines(span, related).ShouldBe(OldLines(span, related), $"{span} / {related}");
        }
    }

    [Test]
    public void The_quoted_lines_come_in_the_order_they_are_first_quoted()
    {
        // Reports write the table in its order: sized at once, it must hold the same lines in the same order as one grown.
        var random = new Random(9);
        for (var round = 0; round < 300; round++)
        {
            var lineCount = random.Next(1, round % 5 == 0 ? 3000 : 120);
            var text = string.Join("\n", Enumerable.Range(1, lineCount).Select(l => l % 17 == 0 ? new string('长', 1200) : $"第 {l} 行"));
            var source = new SourceText("t.txt", text, "utf-8");
            var findings = Enumerable.Range(0, random.Next(0, 90)).Select(_ => new Finding
            {
                RuleId = "PR001", Severity = Severity.Warning, Message = "m",
                Span = random.Next(8) == 0 ? null : RandomSpan(random, lineCount + 3),
                Related = random.Next(2) == 0 ? null : RandomSpan(random, lineCount + 3),
            }).ToList();
            var grown = new Dictionary<int, string>();
            foreach (var f in findings)
            {
                if (f.Span is not { } s || OldLines(s, f.Related) is not var (first, last)) continue;
                for (var l = Math.Max(first, 1); l <= Math.Min(last, lineCount); l++)
                    if (!grown.ContainsKey(l))
                        grown[l] = source[l].Length <= Snippets.MaxSnippet ? source[l] : source[l][..Snippets.MaxSnippet] + "…";
            }
            var made = Snippets.Of(findings, source);
            made.ToList().ShouldBe(grown.ToList());
        }
    }
}
