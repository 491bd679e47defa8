using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// The documents of a batch whose findings, snippets, places and compact models are in a
/// <see cref="ResultSpill"/>. Per document it keeps only the name, a header shared by the documents
/// with the same kind, layout, department, money unit and encoding, the counts, the scope mask and
/// where the records are: about 100 bytes besides the name, so memory stays flat in the number of
/// documents. Worker threads <see cref="Store"/> each input's documents; <see cref="Seal"/> then
/// lays them out in input order. Each <see cref="DocumentResult"/> is made when asked for (a
/// header-only <see cref="Submission"/>, views that read the record back); a document given
/// cross-document findings has them in a record of their own (<see cref="Append"/>).
/// </summary>
internal sealed class SpilledDocuments : IReadOnlyList<DocumentResult>
{
    public struct Entry
    {
        public string File;
        /// <summary>The input file's path when it is not <see cref="File"/> (a document of a workbook: file.xlsx#项目表); else null.</summary>
        public string? Input;
        public DocumentHeader Header;
        /// <summary>
        /// The whole source map of a document whose text is kept (a possible department home: cross-document
        /// findings are filed there and need places too); null for the others, whose findings' places are recorded.
        /// </summary>
        public SourceMap? Map;
        /// <summary>
        /// Where the document's records are: its findings, then its compact model (<see cref="ModelLength"/> bytes, 0 when
        /// not written), then its text (<see cref="TextLength"/>), one after the other (<see cref="Store"/>), so only the
        /// first offset is kept (96 bytes an entry, not 120, with the places' kind in the shared header).
        /// </summary>
        public long Offset, AddedOffset;
        public readonly long ModelOffset => ModelLength == 0 ? 0 : Offset + Length;
        public readonly long TextOffset => TextLength == 0 ? 0 : Offset + Length + ModelLength;
        /// <summary><see cref="AddedLength"/>: the cross-document findings filed here and the lines they quote, a record of their own (<see cref="Append"/>); 0 when none.</summary>
        public int Length, ModelLength, TextLength, AddedLength, Findings, Snippets, ScopeMask;
        /// <summary>The findings by severity and whether a rule failed: totals and columns without reading the findings back.</summary>
        public int Errors, Warnings, Infos;
        public bool RuleFailure;
        /// <summary>Whether the model has a department-overall part (<see cref="DepartmentDocs.IsOverallTable"/> without reading the model).</summary>
        public bool Overall;
    }

    private readonly ResultSpill _spill;
    // Each input's documents as the workers store them, until Seal lays them out (then only their counts are kept:
    // the entries themselves, 96 bytes a document, are not held twice through the rest of the run).
    private Entry[]?[] _byInput;
    private int[] _countOf = Array.Empty<int>();
    private Entry[] _entries = Array.Empty<Entry>();
    private readonly Dictionary<DocumentHeader, DocumentHeader> _headers = new();

    public SpilledDocuments(ResultSpill spill, int inputs) { _spill = spill; _byInput = new Entry[]?[inputs]; }

    /// <summary>
    /// Writes one document's records (from worker threads): findings, snippets and places; the compact
    /// model when <paramref name="model"/> (the department rules read it); its whole text when
    /// <paramref name="text"/> (a department's home document: cross-document findings quote it).
    /// </summary>
    public Entry Store(CheckedDocument document, bool model, bool text)
    {
        var result = document.Result;
        var d = result.Submission;
        // The document's records one after the other in the thread's buffer, handed to the spill in one write
        // (one lock and one system call a document, not one per record).
        var w = SpillBinary.Scratch();
        ResultCodec.Write(w, result.Findings, result.Snippets, d.Places);
        var findingsLength = w.Length;
        var modelLength = 0;
        // The compact model, written from the model itself.
        if (model) { SubmissionCodec.Write(w, d, compact: true); modelLength = w.Length - findingsLength; }
        if (text) SpillBinary.WriteText(w, document.Source);
        var textLength = w.Length - findingsLength - modelLength;
        var at = _spill.Write(SpillBinary.Written(w)).Offset;
        (long Offset, int Length) record = (at, findingsLength);
        var compact = model ? (Offset: at + findingsLength, Length: modelLength) : default;
        var source = text ? (Offset: at + findingsLength + modelLength, Length: textLength) : default;
        var header = new DocumentHeader(d.Kind, d.Layout, d.Department, d.MoneyUnit, d.Encoding,
            d.SourceFile == result.File ? null : d.SourceFile, d.Kind == SubmissionKind.Unknown ? d.Diagnostics : null,
            d.Places?.Kind is { } k ? string.Intern(k) : null);
        // Most documents share a header (a run has few departments); unreadable ones keep their own.
        if (header.Diagnostics is null)
            lock (_headers)
                if (!_headers.TryAdd(header, header)) header = _headers[header];
        return new Entry
        {
            File = result.File, Input = result.InputPath == result.File ? null : result.InputPath, Header = header,
            Map = text ? document.Source.Places : null,
            Offset = record.Offset, Length = record.Length, ModelLength = compact.Length, TextLength = source.Length,
            Findings = result.Findings.Count, Snippets = result.Snippets.Count, ScopeMask = result.ScopeMask,
            Errors = result.Counts.Errors, Warnings = result.Counts.Warnings, Infos = result.Counts.Infos, RuleFailure = result.HasRuleFailure,
            Overall = d.Overall is not null,
        };
    }

    /// <summary>Records the documents of input <paramref name="input"/> (from worker threads, each input once).</summary>
    public void SetInput(int input, Entry[] documents) => _byInput[input] = documents;

    /// <summary>Lays the documents out in input order, once every input is set.</summary>
    public void Seal()
    {
        var count = 0;
        foreach (var e in _byInput) count += e?.Length ?? 0;
        _entries = new Entry[count];
        _countOf = new int[_byInput.Length];
        var k = 0;
        for (var i = 0; i < _byInput.Length; i++)
            if (_byInput[i] is { } e)
            {
                _countOf[i] = e.Length;
                foreach (var d in e) _entries[k++] = d;
            }
        _byInput = Array.Empty<Entry[]?>();
    }

    /// <summary>The summary's counts by rule made as these documents were stored and filed (set once all are).</summary>
    public RuleTally? Tally { get; set; }

    public int Count => _entries.Length;

    /// <summary>How many documents input <paramref name="input"/> gave (once sealed).</summary>
    public int CountOf(int input) => _countOf[input];

    public string FileAt(int index) => _entries[index].File;
    public string? DepartmentAt(int index) => _entries[index].Header.Department;
    /// <summary><paramref name="read"/> over document <paramref name="index"/>'s compact model, read into a pooled buffer.</summary>
    public T ModelAt<T>(int index, Func<ReadOnlySpan<byte>, T> read) => _spill.Read(_entries[index].ModelOffset, _entries[index].ModelLength, read);
    public int ModelLengthAt(int index) => _entries[index].ModelLength;
    public bool IsProjectTableAt(int index) => _entries[index].Header.Kind == SubmissionKind.ProjectTargets;
    public bool IsOverallTableAt(int index) => _entries[index].Header.Kind == SubmissionKind.DepartmentOverall && _entries[index].Overall;

    /// <summary>
    /// The lines of document <paramref name="index"/> that <paramref name="findings"/> quote (<see cref="Snippets.Of"/>),
    /// read from its kept text (none when its text was not kept).
    /// </summary>
    public Dictionary<int, string> SnippetsOf(int index, List<Finding> findings)
    {
        ref readonly var e = ref _entries[index];
        if (e.TextLength == 0) return new Dictionary<int, string>();
        return SpillBinary.TextLines(_spill, e.TextOffset, e.TextLength, (count, line) => Snippets.Of(findings, count, line));
    }

    /// <summary>
    /// Files cross-document findings under document <paramref name="index"/> (once): written as a record of their own,
    /// with the lines they quote (<paramref name="snippets"/>; those the document already has are not taken again),
    /// which the document's findings and snippets are read back with. The document's own record is not read or
    /// written again (a batch where every document gets such a finding, copies of one table each a PR109, would
    /// otherwise decode and encode every document once more).
    /// </summary>
    public void Append(int index, IReadOnlyList<Finding> findings, IReadOnlyDictionary<int, string> snippets)
    {
        ref var e = ref _entries[index];
        if (e.AddedLength != 0) throw new InvalidOperationException($"cross-document findings filed twice under {e.File}");
        // A batch finding filed as it was read back (on this thread: a document's are read and filed on one) is referred
        // to where the spill has it (PR109's long message and evidence, about 2 KB each, were written twice).
        var record = _spill.Write(ResultCodec.Encode(findings, snippets, stored: _spill.StoredAt));
        _spill.ForgetReadBack();
        var added = SeverityCounts.Of(findings);
        e.AddedOffset = record.Offset; e.AddedLength = record.Length;
        e.Findings += findings.Count;
        e.Errors += added.Errors; e.Warnings += added.Warnings; e.Infos += added.Infos;
        e.RuleFailure |= findings.Any(f => f.IsRuleFailure);
    }

    public DocumentResult this[int index]
    {
        get
        {
            ref readonly var e = ref _entries[index];
            var stored = new SpilledResult(_spill, (e.Offset, e.Length), (e.AddedOffset, e.AddedLength));
            var places = e.Map ?? (e.Header.PlacesKind is { } kind ? new SpilledPlaces(kind, stored) : null);
            return new DocumentResult
            {
                File = e.File, InputPath = e.Input ?? e.File, Submission = e.Header.Submission(e.File, places),
                Findings = new SpilledFindings(stored, e.Findings), Snippets = new SpilledSnippets(stored, e.AddedLength == 0 ? e.Snippets : null), ScopeMask = e.ScopeMask,
                Counts = new SeverityCounts(e.Errors, e.Warnings, e.Infos), HasRuleFailure = e.RuleFailure,
            };
        }
    }

    public IEnumerator<DocumentResult> GetEnumerator()
    {
        for (var k = 0; k < _entries.Length; k++) yield return this[k];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
