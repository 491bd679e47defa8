using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PerfRules.Files;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Perf;

/// <summary>
/// How a batch's results are read back for its reports (issue 17): the summary's pass that reads only each
/// finding's rule id, severity and title, the reports' pipeline (renderers and the copy to the file), the
/// early write-back of a report file. Each is held to what the plain way gives.
/// </summary>
public class ReportReadBackTests
{
    private static string Batch => Path.Combine(TestPaths.Fixtures, "batch");

    /// <summary>The seeds and the batch fixture (whose cross-document findings are a second record under a document), as spilled batches.</summary>
    private static IEnumerable<TestCaseData> Spilled()
    {
        yield return new TestCaseData("seeds");
        yield return new TestCaseData("batch");
    }

    private static LintReport Audit(string name) => name == "seeds"
        ? SeedReport.Report
        : new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Batch }, new CheckOptions { Jobs = 2 }).Documents, IsAudit = true };

    [TestCaseSource(nameof(Spilled))]
    public void The_summary_pass_reads_each_findings_rule_severity_and_title_as_decoding_gives_them(string name)
    {
        var report = Audit(name);
        var spilled = 0;
        foreach (var d in report.Documents)
        {
            if (d.Findings is not SpilledFindings s) continue;
            spilled++;
            var tallied = new List<(string, Severity, string)>();
            s.Tally((id, severity, title) => tallied.Add((id.ToString(), severity, title.ToString())));
            tallied.ShouldBe(d.Findings.Select(f => (f.RuleId, f.Severity, f.Title)).ToList(), d.File);
        }
        spilled.ShouldBe(report.Documents.Count, "every document of a batch is spilled");
        report.Documents.Sum(d => d.Findings.Count).ShouldBeGreaterThan(0);
    }

    [TestCaseSource(nameof(Spilled))]
    public void The_summary_of_a_spilled_batch_is_that_of_its_findings_in_memory(string name)
    {
        var report = Audit(name);
        var held = new LintReport
        {
            RuleSet = report.RuleSet, IsAudit = true,
            Documents = report.Documents.Select(d => new DocumentResult
            {
                File = d.File, InputPath = d.InputPath, Submission = d.Submission, Findings = d.Findings.ToList(), ScopeMask = d.ScopeMask,
            }).ToList(),
        };
        var a = AuditSummary.Of(report);
        ShouldBeTheSame(a, AuditSummary.Of(held));
        a.ByRule.Count.ShouldBeGreaterThan(1);
    }

    [TestCaseSource(nameof(Spilled))]
    public void Findings_read_in_place_are_the_decoded_findings_and_the_reports_are_those_of_the_findings_in_memory(string name)
    {
        var report = Audit(name);
        var viewed = 0;
        foreach (var d in report.Documents)
        {
            var s = (SpilledFindings)d.Findings;
            var decoded = d.Findings.ToList();
            var k = 0;
            s.Each((ref FindingView v) =>
            {
                var f = decoded[k++];
                (v.RuleId.ToString(), v.Severity, v.Message.ToString(), v.HasFix ? v.Fix.ToString() : null, v.Title.ToString(), v.File.ToString())
                    .ShouldBe((f.RuleId, f.Severity, f.Message, f.Fix, f.Title, f.File), d.File);
                (v.Span, v.Related, v.HasDepartment ? v.Department.ToString() : null, v.HasUnit ? v.Unit.ToString() : null, v.HasProject ? v.Project.ToString() : null)
                    .ShouldBe((f.Span, f.Related, f.Department, f.Unit, f.Project), d.File);
                (v.IndicatorSeq, v.Path.ToString(), v.RuleSet.ToString(), v.RuleSetVersion.ToString(), v.Fingerprint.ToString(), v.IsRuleFailure)
                    .ShouldBe((f.IndicatorSeq, f.Path, f.RuleSet, f.RuleSetVersion, f.Fingerprint, f.IsRuleFailure), d.File);
                var evidence = new List<Evidence>();
                while (v.NextEvidence(out var n, out var value)) evidence.Add(new Evidence(n.ToString(), value.ToString()));
                evidence.ShouldBe(f.Evidence, d.File);
                FindingView.IsNull(v.Message).ShouldBeFalse();
            });
            k.ShouldBe(decoded.Count, d.File);
            viewed += k;
        }
        viewed.ShouldBeGreaterThan(0);
        FindingView.IsNull(default).ShouldBeTrue();
        FindingView.IsNull("").ShouldBeFalse();

        // The reports of the spilled documents (read in place) and of the same findings held in memory: the same bytes.
        var fresh = Audit(name);
        var held = Held(fresh, jobs: 2);
        var spilled = Audit(name);
        spilled = new LintReport { RuleSet = spilled.RuleSet, Documents = spilled.Documents, IsAudit = true, Jobs = 2 };
        // The findings decoded above are kept only weakly: collected, the spilled report reads them in place.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (IReportFormatter format in new IReportFormatter[] { new SarifFormatter(), new JsonFormatter() })
        {
            using var a = new MemoryStream();
            using var b = new MemoryStream();
            format.Write(held, a);
            format.Write(spilled, b);
            b.ToArray().ShouldBe(a.ToArray(), format.Name);
        }
    }

    // The summary sorts by comparison (no LINQ sorts by int keys: generic code JIT-compiled in every run); its orders are LINQ's.
    [TestCaseSource(nameof(Spilled))]
    public void The_summarys_orders_are_by_counts_then_the_sets_order_then_the_name(string name)
    {
        var report = Audit(name);
        var order = report.RuleSet.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        foreach (var a in new[] { AuditSummary.Of(report), AuditSummary.Of(new LintReport { RuleSet = report.RuleSet, IsAudit = true, Documents = report.Documents.ToList() }) })
        {
            a.ByRule.Count.ShouldBeGreaterThan(1);
            a.ByRule.ShouldBe(a.ByRule.Reverse().OrderByDescending(r => r.Severity).ThenByDescending(r => r.Findings)
                .ThenBy(r => order.TryGetValue(r.RuleId, out var i) ? i : int.MaxValue).ThenBy(r => r.RuleId, StringComparer.Ordinal).ToList());
            a.ByDepartment.ShouldBe(a.ByDepartment.Reverse().OrderByDescending(d => d.Counts.Errors).ThenByDescending(d => d.Counts.Warnings)
                .ThenByDescending(d => d.Counts.Infos).ThenBy(d => d.Department, StringComparer.Ordinal).ToList());
            a.ByDepartment.Sum(d => d.Documents).ShouldBe(report.Documents.Count);
        }
    }

    // The same findings as a fresh audit's, held in memory (not read in place from the spill).
    private static LintReport Held(LintReport fresh, int jobs) => new()
    {
        RuleSet = fresh.RuleSet, IsAudit = true, Jobs = jobs,
        Documents = fresh.Documents.Select(d => new DocumentResult
        {
            File = d.File, InputPath = d.InputPath, Submission = d.Submission, Findings = d.Findings.ToList(), Snippets = d.Snippets.ToDictionary(),
            ScopeMask = d.ScopeMask,
        }).ToList(),
    };

    private static void ShouldBeTheSame(AuditSummary a, AuditSummary b)
    {
        a.Files.ShouldBe(b.Files);
        a.Tables.ShouldBe(b.Tables);
        a.Totals.ShouldBe(b.Totals);
        a.DocumentsWithFindings.ShouldBe(b.DocumentsWithFindings);
        a.ByRule.ShouldBe(b.ByRule);
        a.ByDepartment.ShouldBe(b.ByDepartment);
        a.WorstDocuments.ShouldBe(b.WorstDocuments);
        a.Unreadable.ShouldBe(b.Unreadable);
    }

    [TestCaseSource(nameof(Spilled))]
    public void The_summary_made_while_storing_and_filing_is_the_one_read_back_from_the_findings(string name)
    {
        var report = Audit(name);
        RuleTally.Of(report.Documents).ShouldNotBeNull("a batch tallies its findings as it stores and files them");
        // The same documents in another list: the summary reads their findings back from the spill.
        var read = new LintReport { RuleSet = report.RuleSet, IsAudit = true, Documents = report.Documents.ToList() };
        RuleTally.Of(read.Documents).ShouldBeNull();
        var a = AuditSummary.Of(report);
        ShouldBeTheSame(a, AuditSummary.Of(read));
        a.ByRule.Count.ShouldBeGreaterThan(1);
        if (name == "batch") a.ByRule.ShouldContain(r => r.RuleId == "PR108", "the batch fixture's cross-document finding is filed and tallied");
    }

    [Test]
    public void A_tally_gives_a_rule_outside_the_set_its_first_findings_title_and_is_not_used_when_a_rule_is_stored_and_filed()
    {
        var f = new Finding
        {
            RuleId = "XX999", Severity = Severity.Info, Message = "m", Title = "后来的", File = "a.txt", Path = "",
            RuleSet = "r", RuleSetVersion = "1", Fingerprint = "fp",
        };
        var rules = RuleTestSupport.Builtin.RuleSet;
        var tally = new RuleTally(rules);
        tally.Stored([f, f with { Severity = Severity.Warning, Title = "同一文档" }], order: 7);
        tally.Stored([f with { Title = "最先的" }], order: 3);
        tally.Stored([f with { RuleId = "PR101", Severity = Severity.Error }], order: 1);
        using var spill = new ResultSpill();
        var docs = new SpilledDocuments(spill, 0) { Tally = tally };
        RuleTally.Of(docs).ShouldBe(tally);
        var counted = new Dictionary<string, AuditSummary.RuleCount>();
        var titles = rules.Rules.ToDictionary(r => r.Id, r => r.Title);
        tally.AddTo(counted, titles.GetAlternateLookup<ReadOnlySpan<char>>());
        static (string, Severity, int, int, int) Line(AuditSummary.RuleCount c) => (c.Title, c.Severity, c.Findings, c.Documents, c.LastDoc);
        Line(counted["XX999"]).ShouldBe(("最先的", Severity.Warning, 3, 2, -1));
        Line(counted["PR101"]).ShouldBe((titles["PR101"], Severity.Error, 1, 1, -1));

        // A department rule's finding stored with its document (it is only ever filed): the tally no longer holds.
        var department = rules.Rules.First(r => r.Scope == RuleScope.Department).Id;
        tally.Stored([f with { RuleId = department }], order: 9);
        RuleTally.Of(docs).ShouldBeNull();
    }

    [Test]
    public void A_finding_of_a_rule_outside_the_rule_set_is_tallied_under_its_own_title()
    {
        var f = new Finding
        {
            RuleId = "XX999", Severity = Severity.Warning, Message = "m", Title = "外来规则", File = "a.txt", Path = "",
            RuleSet = "r", RuleSetVersion = "1", Fingerprint = "fp",
        };
        var seen = new List<(string, Severity, string)>();
        ResultCodec.Tally(ResultCodec.Encode(new[] { f, f with { RuleId = "PR101", Severity = Severity.Error, Fix = "改" } }, new Dictionary<int, string>()),
            (id, s, t) => seen.Add((id.ToString(), s, t.ToString())));
        seen.ShouldBe(new List<(string, Severity, string)> { ("XX999", Severity.Warning, "外来规则"), ("PR101", Severity.Error, "外来规则") });
    }

    [Test]
    public void The_summary_pass_allocates_nothing()
    {
        var record = ResultCodec.Encode(RuleTestSupport.Builtin.Evaluate(Seeds.Read("000")), new Dictionary<int, string>());
        var tallied = 0;
        ResultCodec.Tallied each = (id, severity, title) => tallied += id.Length + title.Length + (int)severity;
        ResultCodec.Tally(record, each);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ResultCodec.Tally(record, each);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        tallied.ShouldBeGreaterThan(0);
    }

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static List<DocumentResult> Documents(int count) => Enumerable.Range(0, count).Select(k => new DocumentResult
    {
        File = $"{k:D3}.txt", Submission = SeedReport.Report.Documents[0].Submission,
        Findings = SeedReport.Report.Documents.First(d => d.Findings.Count > 0).Findings.Take(1 + k % 3).ToList(),
    }).ToList();

    private static void Items(Stream output, IReadOnlyList<DocumentResult> docs, int threads, Action<JsonItemWriter, DocumentResult> render)
    {
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartArray();
        ParallelJsonItems.Write(w, output, Options, docs, threads, render);
        w.WriteEndArray();
    }

    [TestCase(2)]
    [TestCase(4)]
    public void A_renderers_failure_is_thrown_as_itself_after_the_chunks_before_it_and_nothing_waits_forever(int threads)
    {
        var docs = Documents(200);
        using var output = new MemoryStream();
        var e = Should.Throw<IOException>(() => Items(output, docs, threads, (x, d) =>
        {
            if (d.File == "150.txt") throw new IOException("临时文件被截断");
            x.WriteStartObject();
            x.WriteString(FileName, d.File);
            x.WriteEndObject();
        }));
        e.Message.ShouldBe("临时文件被截断");
        // Documents are rendered four to a chunk, in order: everything before the failing chunk was written.
        var text = Encoding.UTF8.GetString(output.ToArray());
        text.ShouldContain("\"148.txt\"");
        text.ShouldNotContain("\"149.txt\"");
    }

    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");

    /// <summary>A file that fails after some bytes (a full disk).</summary>
    private sealed class Failing(long after) : Stream
    {
        private long _written;
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > after) throw new IOException("No space left on device", 28);
            _written += buffer.Length;
        }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Test]
    public void An_output_that_fails_stops_the_renderers_and_its_failure_is_thrown()
    {
        var docs = Documents(400);
        var rendered = 0;
        using var output = new Failing(20_000);
        Should.Throw<IOException>(() => Items(output, docs, 2, (x, d) =>
        {
            Interlocked.Increment(ref rendered);
            foreach (var f in d.Findings) JsonFormatter.WriteFinding(x, f, d);
        })).HResult.ShouldBe(28);
        // The renderers stop within their ring of chunks (two per renderer, four documents each) after the failure.
        rendered.ShouldBeLessThan(100);
    }

    [TestCaseSource(nameof(Spilled))]
    public void Reports_whose_runs_are_kept_and_copied_are_the_bytes_of_every_call_made(string name)
    {
        // The SARIF and JSON of a spilled batch and of the same findings held in memory, on two threads and on one
        // (the first document through the main writer), with the runs kept against writers that make every call.
        var spilled = Audit(name);
        var fresh = Audit(name);
        var held = Held(fresh, jobs: 1);
        foreach (var report in new[] { new LintReport { RuleSet = spilled.RuleSet, Documents = spilled.Documents, IsAudit = true, Jobs = 2 }, held })
            foreach (IReportFormatter format in new IReportFormatter[] { new SarifFormatter(), new JsonFormatter() })
            {
                using var kept = new MemoryStream();
                format.Write(report, kept);
                using var made = new MemoryStream();
                JsonItemWriter.WithoutRunsForTests.Value = true;
                try { format.Write(report, made); }
                finally { JsonItemWriter.WithoutRunsForTests.Value = false; }
                kept.Length.ShouldBeGreaterThan(1000);
                kept.ToArray().ShouldBe(made.ToArray(), $"{format.Name} {report.Jobs}");
            }
    }

    [Test]
    public void A_run_is_kept_once_and_only_after_a_replay_that_did_not_copy_it()
    {
        var items = new JsonItemWriter(Options);
        Should.Throw<InvalidOperationException>(() => items.Keep());
        items.Replay(5).ShouldBeFalse();
        items.WriteStartObject();
        items.Keep();
        Should.Throw<InvalidOperationException>(() => items.Keep());
        var first = items.Written.ToArray();
        // In the state it was written in, copied; one left unkept when the writer is reset is not kept.
        items.Reset(0);
        items.Replay(5).ShouldBeTrue();
        items.Written.ToArray().ShouldBe(first);
        items.Replay(6).ShouldBeFalse();
        items.Reset(0);
        Should.Throw<InvalidOperationException>(() => items.Keep());
    }

    [Test]
    public void A_run_kept_is_copied_only_into_the_state_and_for_the_key_it_was_written_in()
    {
        // One id at several depths, after an opening, after a value and after a property name, and one id with two keys
        // in turn: each time the bytes the JSON writer gives for the calls.
        var ids = new List<bool>();
        SameAsTheJsonWriter((w, json, items, name) =>
        {
            var e = JsonEncodedText.Encode("evidence", Options.Encoder);
            string[] texts = ["甲", "乙\n"];
            void Run(int id, object? key, Action<JsonItemWriter> calls)
            {
                var replayed = items.Replay(id, key);
                ids.Add(replayed);
                if (replayed) return;
                calls(items);
                items.Keep();
            }
            for (var k = 0; k < 6; k++)
            {
                // After the object's opening (k = 0), then after a value; its name then a value.
                Run(0, null, x => { x.WriteStartObject(e); x.WritePropertyName(name); });
                json.WriteStartObject(e); json.WritePropertyName(name);
                items.WriteStringValue("值" + k); json.WriteStringValue("值" + k);
                // Two keys in turn under one id.
                var key = texts[k % 2];
                Run(1, key, x => { x.WriteString(name, key); x.WriteEndObject(); });
                json.WriteString(name, key); json.WriteEndObject();
                // One id after an array's opening, after a value, two levels deeper, and after a property name.
                void Object()
                {
                    Run(2, null, x => { x.WriteStartObject(); x.WriteNumber(name, 7); x.WriteEndObject(); });
                    json.WriteStartObject(); json.WriteNumber(name, 7); json.WriteEndObject();
                }
                json.WriteStartArray(e); items.WriteStartArray(e);
                Object();
                Object();
                json.WriteStartObject(); items.WriteStartObject();
                json.WriteStartArray(e); items.WriteStartArray(e);
                Object();
                json.WriteEndArray(); items.WriteEndArray();
                json.WriteEndObject(); items.WriteEndObject();
                json.WriteEndArray(); items.WriteEndArray();
                json.WritePropertyName(name); items.WritePropertyName(name);
                Object();
            }
        });
        // Runs met again in the state they were kept in were copied (14 of 36: two keys in turn, or one id at two depths
        // after an opening, are written each time, since a run is kept once per id and token).
        ids.Count(r => r).ShouldBe(14);
        ids[0].ShouldBeFalse();
    }

    [Test]
    public void A_message_and_its_fix_written_in_parts_are_the_bytes_of_the_joined_string()
    {
        // Line breaks, quotes, tabs, characters outside the plane, and lone surrogates at either side of a join.
        string[] parts = ["达成率", "“引号”\t\"x\"", "a\ud83d\ude00b", "尾\ud800", "\udc00首", "\u2028\u0001", ""];
        var name = JsonEncodedText.Encode("text", Options.Encoder);
        foreach (var message in parts)
            foreach (var fix in parts)
            {
                var items = new JsonItemWriter(Options);
                items.Reset(1);
                items.WriteStartObject();
                items.WriteString(name, message, "\n修改建议：", fix);
                items.WriteEndObject();
                Rendered(items).ShouldBe(Written(1, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("text", $"{message}\n修改建议：{fix}");
                    w.WriteEndObject();
                }), $"{message} / {fix}");
            }
    }

    [Test]
    public void The_item_writer_gives_the_bytes_of_the_json_writer()
    {
        // Every call the reports make, at several depths, with strings to escape (names too), empty objects and
        // arrays, nulls, negative and large numbers.
        string?[] texts = ["", "达成率≥90%", "<b>&'</b>", "“引号”\t\"x\"\\", "a\ud83d\ude00b", "尾\ud800", "\udc00首", "\u2028\u0001\u007f\u0085", "\ufeff零宽\u200b", null];
        var n = JsonEncodedText.Encode("名称", Options.Encoder);
        var e = JsonEncodedText.Encode("evidence", Options.Encoder);
        var v = JsonEncodedText.Encode("值<b>", Options.Encoder);
        // Past 61 the items go deeper than the writer's one-copy separators (64 levels).
        foreach (var depth in new[] { 1, 2, 5, 61, 62, 63, 64, 70 })
            foreach (var text in texts)
            {
                var items = new JsonItemWriter(Options);
                items.Reset(depth);
                using var bytes = new MemoryStream();
                using (var json = new Utf8JsonWriter(bytes, Options))
                {
                    for (var k = 0; k < depth; k++) json.WriteStartArray();
                    json.Flush();
                    var from = (int)bytes.Length;
                    var w = new Both(json, items);
                    w.StartObject();
                    w.String(n, text);
                    w.String(n, v);
                    // Small numbers are written by hand: each number of digits, its bounds, and the others.
                    foreach (var number in new long[] { -12, 0, 9, 10, 99, 100, 999, 1000, 9999, 10_000, -1, long.MinValue, long.MaxValue })
                        w.Number(n, number);
                    w.Boolean(n, true);
                    w.StartObject(e);
                    w.EndObject();
                    w.StartArray(e);
                    w.StartObject();
                    w.String(text ?? "null", text);
                    w.StartArray(e);
                    w.EndArray();
                    w.EndObject();
                    w.StartObject();
                    w.EndObject();
                    w.EndArray();
                    w.StartObject(e);
                    w.String("a\"b", "c");
                    w.EndObject();
                    w.EndObject();
                    w.StartObject();
                    w.EndObject();
                    json.Flush();
                    Rendered(items).ShouldBe(Encoding.UTF8.GetString(bytes.ToArray().AsSpan(from)), $"{depth} {text}");
                }
            }
    }

    [Test]
    public void The_item_writer_writes_every_character_as_the_json_writer_does()
    {
        // Each UTF-16 code unit alone between two letters (a surrogate alone too), as a value and as a name.
        SameAsTheJsonWriter((w, json, items, name) =>
        {
            for (var c = 0; c <= char.MaxValue; c++)
            {
                var text = "a" + (char)c + "b";
                w.String(name, text);
                if (c % 7 == 0) w.String(text, "v");
            }
        });
    }

    [Test]
    public void Runs_of_ascii_taken_eight_at_a_time_keep_the_json_writers_bytes()
    {
        // Each ASCII character (and a few others) at each place of a printable run, the run's length around the eight a
        // step takes, its end at the string's end or before Chinese text; a span read in place and a null span too.
        SameAsTheJsonWriter((w, json, items, name) =>
        {
            var odd = Enumerable.Range(0, 0x80).Select(c => (char)c).Concat(['\u0085', '\u00e9', '中', '\u2028', '\ud83d']).ToArray();
            foreach (var length in new[] { 7, 8, 9, 15, 16, 17, 24 })
                for (var at = 0; at < length; at++)
                    foreach (var c in odd)
                    {
                        var run = new string('x', length).ToCharArray();
                        run[at] = c;
                        foreach (var text in new[] { new string(run), new string(run) + "中文", "中" + new string(run) + "0123456789abcdef" })
                        {
                            w.String(name, text);
                            json.WriteString(name, text);
                            items.WriteString(name, text.AsSpan());
                        }
                    }
            json.WriteNull(name);
            items.WriteString(name, default(ReadOnlySpan<char>));
        });
    }

    [Test]
    public void Long_strings_full_of_escapes_grow_the_buffer_and_keep_the_json_writers_bytes()
    {
        // ASCII escapes (up to six bytes each for one character) written inline: strings long enough to outgrow the
        // item writer's 64 KB buffer in the middle of a string, after plain text and before a fallback to the writer.
        string[] texts =
        [
            new string('\u0001', 40_000),
            "达成率".PadRight(30_000, '\n') + new string('"', 20_000),
            string.Concat(Enumerable.Repeat("行\t“x”\\\r\n", 9_000)),
            string.Concat(Enumerable.Repeat("\n\u001f", 9_000)) + "\ud800尾",
        ];
        var name = JsonEncodedText.Encode("text", Options.Encoder);
        foreach (var text in texts)
        {
            var items = new JsonItemWriter(Options);
            items.Reset(1);
            items.WriteStartObject();
            items.WriteString(name, new string('x', 60_000));
            items.WriteString(name, text);
            items.WriteEndObject();
            Rendered(items).ShouldBe(Written(1, w =>
            {
                w.WriteStartObject();
                w.WriteString("text", new string('x', 60_000));
                w.WriteString("text", text);
                w.WriteEndObject();
            }), text[..20]);
        }
    }

    /// <summary>The same calls on the JSON writer and on the item writer.</summary>
    /// <summary>Writes an object at depth two through both writers (<paramref name="write"/> may call either alone too)
    /// and checks that their bytes are the same.</summary>
    private static void SameAsTheJsonWriter(Action<Both, Utf8JsonWriter, JsonItemWriter, JsonEncodedText> write)
    {
        var items = new JsonItemWriter(Options);
        items.Reset(2);
        using var bytes = new MemoryStream();
        using var json = new Utf8JsonWriter(bytes, Options);
        json.WriteStartArray();
        json.WriteStartArray();
        json.Flush();
        var from = (int)bytes.Length;
        var w = new Both(json, items);
        var name = JsonEncodedText.Encode("t");
        w.StartObject();
        write(w, json, items, name);
        w.EndObject();
        json.Flush();
        Rendered(items).ShouldBe(Encoding.UTF8.GetString(bytes.ToArray().AsSpan(from)));
    }

    private sealed class Both(Utf8JsonWriter a, JsonItemWriter b)
    {
        public void StartObject() { a.WriteStartObject(); b.WriteStartObject(); }
        public void StartObject(JsonEncodedText name) { a.WriteStartObject(name); b.WriteStartObject(name); }
        public void StartArray(JsonEncodedText name) { a.WriteStartArray(name); b.WriteStartArray(name); }
        public void EndObject() { a.WriteEndObject(); b.WriteEndObject(); }
        public void EndArray() { a.WriteEndArray(); b.WriteEndArray(); }
        public void String(JsonEncodedText name, string? value) { a.WriteString(name, value); b.WriteString(name, value); }
        public void String(JsonEncodedText name, JsonEncodedText value) { a.WriteString(name, value); b.WriteString(name, value); }
        public void String(string name, string? value) { a.WriteString(name, value); b.WriteString(name, value); }
        public void Number(JsonEncodedText name, long value) { a.WriteNumber(name, value); b.WriteNumber(name, value); }
        public void Boolean(JsonEncodedText name, bool value) { a.WriteBoolean(name, value); b.WriteBoolean(name, value); }
    }

    /// <summary>What a <see cref="Utf8JsonWriter"/> writes for <paramref name="calls"/> as items of an array at <paramref name="depth"/>.</summary>
    private static string Written(int depth, Action<Utf8JsonWriter> calls)
    {
        using var bytes = new MemoryStream();
        using var w = new Utf8JsonWriter(bytes, Options);
        for (var k = 0; k < depth; k++) w.WriteStartArray();
        w.Flush();
        var from = (int)bytes.Length;
        calls(w);
        w.Flush();
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray().AsSpan(from));
    }

    private static string Rendered(JsonItemWriter items) => System.Text.Encoding.UTF8.GetString(items.Written);

    [Test]
    public void A_file_written_with_early_write_back_has_every_byte_in_order_and_a_zip_seeking_back_is_unchanged()
    {
        var dir = SeedReport.TempDir("writeback");
        var big = new byte[EarlyWriteback.Step * 2 + 12345];
        new Random(7).NextBytes(big);
        var path = Path.Combine(dir, "big.bin");
        AtomicFile.Write(path, s =>
        {
            for (var at = 0; at < big.Length; at += 70_000) s.Write(big.AsSpan(at, Math.Min(70_000, big.Length - at)));
        });
        SameBytes(File.ReadAllBytes(path), big);

        // A zip writer on a seekable stream goes back to each entry's header: the same bytes through the file as in memory.
        // The entries' times are fixed: the clock's (two-second steps in a zip) made the two zips differ now and then.
        void Zip(Stream s)
        {
            using var zip = new System.IO.Compression.ZipArchive(s, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
            foreach (var name in new[] { "a", "b" })
            {
                var made = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression);
                made.LastWriteTime = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero);
                using var entry = made.Open();
                entry.Write(big);
            }
        }
        using var memory = new MemoryStream();
        Zip(memory);
        var zipPath = Path.Combine(dir, "big.zip");
        AtomicFile.Write(zipPath, Zip);
        SameBytes(File.ReadAllBytes(zipPath), memory.ToArray());
    }

    // Where two large byte arrays first differ: Shouldly's message would list all 16 MB of both, about 300 million
    // characters, more than the test platform can send, and the whole run was aborted instead of this test failing.
    private static void SameBytes(byte[] got, byte[] expected)
    {
        var at = got.AsSpan().CommonPrefixLength(expected);
        if (at < got.Length || got.Length != expected.Length)
            Assert.Fail($"{got.Length} bytes against {expected.Length} expected; the first difference at byte {at}");
    }
}
