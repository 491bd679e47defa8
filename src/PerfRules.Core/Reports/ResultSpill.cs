using System.Runtime.InteropServices;
using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Reports;

/// <summary>
/// Where a batch run puts each document's findings, snippets and compact model once its own rules
/// have run: an unlinked temporary file, so memory does not grow with the number of documents.
/// Records are read back on demand (<see cref="SpilledFindings"/>). Strings are stored as UTF-16
/// code units, so damaged text (lone surrogates) comes back exactly as it went in.
/// </summary>
internal sealed class ResultSpill : IDisposable
{
    private readonly FileStream _file;
    private readonly object _gate = new();
    private long _end;

    public ResultSpill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"perfrules-{Environment.ProcessId}-{Guid.NewGuid():N}.spill");
        if (OperatingSystem.IsWindows())
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        else
        {
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
            File.Delete(path); // the open handle keeps the data; nothing is left behind whatever happens to the process
        }
    }

    public (long Offset, int Length) Write(byte[] record)
    {
        lock (_gate)
        {
            var at = _end;
            try
            {
                RandomAccess.Write(_file.SafeFileHandle, record, at);
            }
            // A full temporary folder (or EFBIG, which .NET reports as ArgumentOutOfRangeException) is the
            // machine's problem, not a bug: say where, in Chinese.
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                throw new IOException($"无法写入临时文件（位于 {Path.GetTempPath()}）：{AtomicFile.Reason(e)}", e);
            }
            _end += record.Length;
            return (at, record.Length);
        }
    }

    public byte[] Read(long offset, int length)
    {
        var bytes = new byte[length];
        var done = 0;
        while (done < length)
        {
            var n = RandomAccess.Read(_file.SafeFileHandle, bytes.AsSpan(done), offset + done);
            if (n <= 0) throw new IOException("临时文件被截断");
            done += n;
        }
        return bytes;
    }

    public void Dispose() => _file.Dispose();

    // ---- records ----

    public static byte[] EncodeResult(IReadOnlyList<Finding> findings, IReadOnlyDictionary<int, string> snippets)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(findings.Count);
        foreach (var f in findings)
        {
            Str(w, f.RuleId); w.Write((int)f.Severity); Str(w, f.Message); Str(w, f.Fix); Str(w, f.Title); Str(w, f.File);
            Span(w, f.Span); Str(w, f.Department); Str(w, f.Unit); Str(w, f.Project);
            w.Write(f.IndicatorSeq.HasValue); w.Write(f.IndicatorSeq ?? 0);
            Str(w, f.Path);
            w.Write(f.Evidence.Count);
            foreach (var e in f.Evidence) { Str(w, e.Name); Str(w, e.Value); }
            Str(w, f.RuleSet); Str(w, f.RuleSetVersion); Str(w, f.Fingerprint); w.Write(f.IsRuleFailure);
        }
        w.Write(snippets.Count);
        foreach (var (line, text) in snippets) { w.Write(line); Str(w, text); }
        w.Flush();
        return ms.ToArray();
    }

    public static (List<Finding> Findings, Dictionary<int, string> Snippets) DecodeResult(byte[] record)
    {
        using var r = new BinaryReader(new MemoryStream(record));
        var n = r.ReadInt32();
        var findings = new List<Finding>(n);
        for (var k = 0; k < n; k++)
        {
            var ruleId = Str(r)!; var severity = (Severity)r.ReadInt32(); var message = Str(r)!; var fix = Str(r); var title = Str(r)!; var file = Str(r)!;
            var span = Span(r); var dept = Str(r); var unit = Str(r); var project = Str(r);
            var hasSeq = r.ReadBoolean(); var seq = r.ReadInt32();
            var path = Str(r)!;
            var evidence = new Evidence[r.ReadInt32()];
            for (var e = 0; e < evidence.Length; e++) evidence[e] = new Evidence(Str(r)!, Str(r)!);
            findings.Add(new Finding
            {
                RuleId = ruleId, Severity = severity, Message = message, Fix = fix, Title = title, File = file, Span = span,
                Department = dept, Unit = unit, Project = project, IndicatorSeq = hasSeq ? seq : null, Path = path,
                Evidence = evidence.ToList(), RuleSet = Str(r)!, RuleSetVersion = Str(r)!, Fingerprint = Str(r)!, IsRuleFailure = r.ReadBoolean(),
            });
        }
        var m = r.ReadInt32();
        var snippets = new Dictionary<int, string>(m);
        for (var k = 0; k < m; k++) { var line = r.ReadInt32(); snippets[line] = Str(r)!; }
        return (findings, snippets);
    }

    /// <summary>A compact submission (<see cref="SubmissionCompaction.Compact"/>): what department rules read.</summary>
    public static byte[] EncodeSubmission(Submission d)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write((int)d.Kind); Str(w, d.Layout); Str(w, d.Department); Str(w, d.MoneyUnit); Str(w, d.SourceFile); Str(w, d.Encoding);
        w.Write(d.Columns.Count);
        foreach (var c in d.Columns) Str(w, c);
        w.Write(d.GrandTotal is not null);
        if (d.GrandTotal is { } g) { Str(w, g.Name); Amounts(w, g.Amounts); Span(w, g.Span); }
        w.Write(d.Units.Count);
        foreach (var u in d.Units)
        {
            Str(w, u.Name); Amounts(w, u.Amounts); Span(w, u.Span); w.Write(u.Implicit);
            w.Write(u.Projects.Count);
            foreach (var p in u.Projects) { Str(w, p.Name); Amounts(w, p.Amounts); Span(w, p.Span); }
        }
        w.Write(d.Overall is not null);
        if (d.Overall is { } o)
        {
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
            {
                w.Write(list.Count);
                foreach (var a in list) { Str(w, a.Name); Dec(w, a.Value); Str(w, a.Text); Span(w, a.Span); }
            }
            w.Write(o.KeyTasks.Count);
            foreach (var t in o.KeyTasks) { Str(w, t.Name); Dec(w, t.Funds); Span(w, t.Span); }
        }
        w.Write(d.Diagnostics.Count);
        foreach (var x in d.Diagnostics) { Str(w, x.RuleId); Str(w, x.Message); Span(w, x.Span); Str(w, x.Text); }
        w.Flush();
        return ms.ToArray();
    }

    public static Submission DecodeSubmission(byte[] record)
    {
        using var r = new BinaryReader(new MemoryStream(record));
        var d = new Submission
        {
            Kind = (SubmissionKind)r.ReadInt32(), Layout = Str(r)!, Department = Str(r), MoneyUnit = Str(r), SourceFile = Str(r)!, Encoding = Str(r),
        };
        for (int k = 0, n = r.ReadInt32(); k < n; k++) d.Columns.Add(Str(r)!);
        if (r.ReadBoolean()) d.GrandTotal = new AmountRow { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r) };
        for (int k = 0, n = r.ReadInt32(); k < n; k++)
        {
            var u = new FundingUnit { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r), Implicit = r.ReadBoolean() };
            for (int j = 0, m = r.ReadInt32(); j < m; j++) u.Projects.Add(new Project { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r) });
            d.Units.Add(u);
        }
        if (r.ReadBoolean())
        {
            var o = new DepartmentOverall();
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
                for (int k = 0, n = r.ReadInt32(); k < n; k++)
                    list.Add(new NamedAmount { Name = Str(r)!, Value = Dec(r), Text = Str(r)!, Span = Span(r) });
            for (int k = 0, n = r.ReadInt32(); k < n; k++) o.KeyTasks.Add(new KeyTask { Name = Str(r)!, Funds = Dec(r), Span = Span(r) });
            d.Overall = o;
        }
        for (int k = 0, n = r.ReadInt32(); k < n; k++) d.Diagnostics.Add(new Diagnostic(Str(r)!, Str(r)!, Span(r), Str(r)));
        return d;
    }

    private static void Amounts(BinaryWriter w, Amounts a)
    {
        Dec(w, a.Total); w.Write(a.Decimals);
        w.Write(a.Sources.Count);
        foreach (var s in a.Sources) { Str(w, s.Column); w.Write(s.Value); }
        w.Write(a.Unplaced.Count);
        foreach (var v in a.Unplaced) w.Write(v);
    }

    private static Amounts Amounts(BinaryReader r)
    {
        var a = new Amounts { Total = Dec(r), Decimals = r.ReadInt32() };
        for (int k = 0, n = r.ReadInt32(); k < n; k++) a.Sources.Add(new ColumnAmount(Str(r)!, r.ReadDecimal()));
        for (int k = 0, n = r.ReadInt32(); k < n; k++) a.Unplaced.Add(r.ReadDecimal());
        return a;
    }

    private static void Dec(BinaryWriter w, decimal? v) { w.Write(v.HasValue); w.Write(v ?? 0m); }
    private static decimal? Dec(BinaryReader r) { var has = r.ReadBoolean(); var v = r.ReadDecimal(); return has ? v : null; }

    private static void Span(BinaryWriter w, SourceSpan? s)
    {
        w.Write(s is not null);
        if (s is null) return;
        w.Write(s.StartLine); w.Write(s.StartColumn); w.Write(s.EndLine); w.Write(s.EndColumn);
    }

    private static SourceSpan? Span(BinaryReader r) =>
        r.ReadBoolean() ? new SourceSpan(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) : null;

    // UTF-16 code units as they are: -1 for null.
    private static void Str(BinaryWriter w, string? s)
    {
        if (s is null) { w.Write(-1); return; }
        w.Write(s.Length);
        w.Write(MemoryMarshal.AsBytes(s.AsSpan()));
    }

    private static string? Str(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0) return null;
        var bytes = r.ReadBytes(n * 2);
        return new string(MemoryMarshal.Cast<byte, char>(bytes));
    }
}

/// <summary>One document's findings and snippets in a <see cref="ResultSpill"/>, read when asked for (and kept while memory allows).</summary>
internal sealed class SpilledResult
{
    private readonly ResultSpill _spill;
    private readonly long _offset;
    private readonly int _length;
    // Made on first read: most documents are read back by the summary only.
    private WeakReference<Tuple<List<Finding>, Dictionary<int, string>>>? _cache;

    public SpilledResult(ResultSpill spill, (long Offset, int Length) at) { _spill = spill; (_offset, _length) = at; }

    public (List<Finding> Findings, Dictionary<int, string> Snippets) Load()
    {
        if (_cache is not null && _cache.TryGetTarget(out var hit)) return (hit.Item1, hit.Item2);
        var (f, s) = ResultSpill.DecodeResult(_spill.Read(_offset, _length));
        var loaded = Tuple.Create(f, s);
        if (_cache is null) _cache = new WeakReference<Tuple<List<Finding>, Dictionary<int, string>>>(loaded);
        else _cache.SetTarget(loaded);
        return (f, s);
    }
}

internal sealed class SpilledFindings : IReadOnlyList<Finding>
{
    private readonly SpilledResult _result;
    public SpilledFindings(SpilledResult result, int count) { _result = result; Count = count; }
    public int Count { get; }
    public Finding this[int index] => _result.Load().Findings[index];
    public IEnumerator<Finding> GetEnumerator() => _result.Load().Findings.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

internal sealed class SpilledSnippets : IReadOnlyDictionary<int, string>
{
    private readonly SpilledResult _result;
    public SpilledSnippets(SpilledResult result, int count) { _result = result; Count = count; }
    private Dictionary<int, string> D => _result.Load().Snippets;
    public int Count { get; }
    public string this[int key] => D[key];
    public IEnumerable<int> Keys => D.Keys;
    public IEnumerable<string> Values => D.Values;
    public bool ContainsKey(int key) => Count > 0 && D.ContainsKey(key);
    public bool TryGetValue(int key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        if (Count == 0) { value = null; return false; }
        return D.TryGetValue(key, out value);
    }
    public IEnumerator<KeyValuePair<int, string>> GetEnumerator() => D.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The documents of a batch whose findings, snippets and compact models are in a
/// <see cref="ResultSpill"/>. Per document it keeps only the path, a header shared by the documents
/// with the same kind, layout, department, money unit and encoding, the counts, the scope mask and
/// where the records are: about 60 bytes besides the path, so memory stays flat in the number of
/// documents. Each <see cref="DocumentResult"/> is made when asked for (a header-only
/// <see cref="Submission"/>, views that read the record back); cross-document findings replace a
/// few of them with documents held in memory.
/// </summary>
internal sealed class SpilledDocuments : IReadOnlyList<DocumentResult>
{
    private struct Entry
    {
        public string File;
        public DocumentHeader Header;
        public long Offset, ModelOffset;
        public int Length, ModelLength, Findings, Snippets, ScopeMask;
    }

    private readonly ResultSpill _spill;
    private readonly Entry[] _entries;
    private readonly Dictionary<DocumentHeader, DocumentHeader> _headers = new();
    private Dictionary<int, DocumentResult>? _replaced;

    public SpilledDocuments(ResultSpill spill, int count) { _spill = spill; _entries = new Entry[count]; }

    public int Count => _entries.Length;

    /// <summary>Records document <paramref name="index"/> (from worker threads, each index once).</summary>
    public void Set(int index, DocumentResult result, (long Offset, int Length) record, (long Offset, int Length) model, int scopeMask)
    {
        var d = result.Submission;
        var header = new DocumentHeader(d.Kind, d.Layout, d.Department, d.MoneyUnit, d.Encoding,
            d.SourceFile == result.File ? null : d.SourceFile, d.Kind == SubmissionKind.Unknown ? d.Diagnostics : null);
        // Most documents share a header (a run has few departments); unreadable ones keep their own.
        if (header.Diagnostics is null)
            lock (_headers)
                if (!_headers.TryAdd(header, header)) header = _headers[header];
        _entries[index] = new Entry
        {
            File = result.File, Header = header, Offset = record.Offset, Length = record.Length,
            ModelOffset = model.Offset, ModelLength = model.Length,
            Findings = result.Findings.Count, Snippets = result.Snippets.Count, ScopeMask = scopeMask,
        };
    }

    public string FileAt(int index) => _entries[index].File;
    public string? DepartmentAt(int index) => _entries[index].Header.Department;
    public byte[] ModelAt(int index) => _spill.Read(_entries[index].ModelOffset, _entries[index].ModelLength);

    /// <summary>Puts a document held in memory in place of document <paramref name="index"/>.</summary>
    public void Replace(int index, DocumentResult document) => (_replaced ??= new())[index] = document;

    public DocumentResult this[int index]
    {
        get
        {
            if (_replaced is not null && _replaced.TryGetValue(index, out var r)) return r;
            ref readonly var e = ref _entries[index];
            var stored = new SpilledResult(_spill, (e.Offset, e.Length));
            return new DocumentResult
            {
                File = e.File, Submission = e.Header.Submission(e.File),
                Findings = new SpilledFindings(stored, e.Findings), Snippets = new SpilledSnippets(stored, e.Snippets), ScopeMask = e.ScopeMask,
            };
        }
    }

    public IEnumerator<DocumentResult> GetEnumerator()
    {
        for (var k = 0; k < _entries.Length; k++) yield return this[k];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// What a report reads of a spilled document's model: kind, layout, department, money unit,
/// encoding; the file when it differs from the path; the reading problems of an unreadable file.
/// </summary>
internal sealed record DocumentHeader(SubmissionKind Kind, string Layout, string? Department, string? MoneyUnit, string? Encoding,
    string? SourceFile, List<Diagnostic>? Diagnostics)
{
    public Submission Submission(string file) => new()
    {
        Kind = Kind, Layout = Layout, Department = Department, MoneyUnit = MoneyUnit, SourceFile = SourceFile ?? file,
        Encoding = Encoding, Diagnostics = Diagnostics ?? new List<Diagnostic>(0),
    };
}
