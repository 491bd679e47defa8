using System.Diagnostics;
using PerfRules.Reports;
using PerfRules.Runs;

namespace PerfRules.Benchmarks;

/// <summary>
/// `report-loop DIR [rounds] [format]`: checks a folder once as `audit` does (a spilled batch, two jobs), then writes
/// its report (sarif or json) to a null stream round after round: the report phase's CPU and wall time alone, and
/// how it settles once the JIT has tiered its code (the first round is the one a run pays). With `ab` after the format,
/// odd rounds write without the item writer's kept runs (<see cref="JsonItemWriter.Keep"/>): both ways in one process.
/// </summary>
internal static class ReportLoop
{
    public static int Run(string dir, int rounds, string format, bool ab = false)
    {
        var linter = new Linter(EngineFactory.Builtin());
        var report = linter.CheckAll([dir], new CheckOptions { Jobs = 2 });
        var audit = new LintReport { RuleSet = report.RuleSet, Documents = report.Documents, IsAudit = true, Jobs = report.Jobs };
        IReportFormatter formatter = format == "json" ? new JsonFormatter() : new SarifFormatter();
        Console.WriteLine($"{audit.Documents.Count} documents, {format}");
        for (var r = 0; r < rounds; r++)
        {
            GC.Collect();
            var without = ab && r % 2 == 1;
            JsonItemWriter.WithoutRunsForTests.Value = without;
            var counter = new CountingStream();
            var cpu = Environment.CpuUsage.TotalTime;
            var sw = Stopwatch.StartNew();
            formatter.Write(audit, counter);
            var wall = sw.Elapsed.TotalSeconds;
            var used = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            JsonItemWriter.WithoutRunsForTests.Value = false;
            Console.WriteLine($"round {r}{(without ? " (no kept runs)" : "")}: {counter.Length / 1e6:0.0} MB, CPU {used:0.000} s, wall {wall:0.000} s, {counter.Length / 1e6 / used:0} MB/s of CPU");
        }
        return 0;
    }

    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        private long _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override void WriteByte(byte value) => _length++;
    }
}
