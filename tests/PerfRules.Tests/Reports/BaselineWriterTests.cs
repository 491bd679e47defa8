using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Runs;

namespace PerfRules.Tests.Reports;

/// <summary>The baseline file is written entry by entry (a big run is never one string in memory) and reads back the same.</summary>
public class BaselineWriterTests
{
    [Test]
    public void The_written_file_reads_back_to_the_same_entries_and_keeps_the_file_shape()
    {
        var report = SeedReport.Report;
        var entries = Baseline.EntriesOf(report).ToList();
        entries.Count.ShouldBeGreaterThan(50);
        using var ms = new MemoryStream();
        Baseline.Write(ms, entries, "core 2026.1").ShouldBe(entries.Count);
        var json = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        json.ShouldEndWith("}\n");
        Baseline.Parse(json).Entries.ShouldBe(entries);
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("tool").GetString().ShouldBe(LintReport.ToolName);
        doc.RootElement.GetProperty("version").GetInt32().ShouldBe(Baseline.FormatVersion);
        doc.RootElement.GetProperty("ruleSet").GetString().ShouldBe("core 2026.1");
        doc.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(new[] { "tool", "version", "ruleSet", "findings" });
        // Chinese is written as is, not as \u escapes (people read and review this file).
        json.ShouldContain(entries.First(e => e.Message.Any(c => c > 0x4E00)).Message);
        new Baseline(entries).ToJson("core 2026.1").ShouldBe(json);
    }

    [Test]
    public void Entries_reach_the_stream_while_later_ones_are_not_made_yet()
    {
        var stream = new MemoryStream();
        var lengthsSeen = new List<long>();
        IEnumerable<BaselineEntry> Entries()
        {
            for (var i = 0; i < 5000; i++)
            {
                lengthsSeen.Add(stream.Length);
                yield return new BaselineEntry($"{i:x16}", "PR202", "部门甲.txt", $"项目“示例{i}”没有效益指标");
            }
        }
        Baseline.Write(stream, Entries()).ShouldBe(5000);
        // Bytes were handed on while entries were still being made: the writer does not hold them all.
        lengthsSeen[^1].ShouldBeGreaterThan(stream.Length / 2);
        Baseline.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray())).Entries.Count.ShouldBe(5000);
    }
}
