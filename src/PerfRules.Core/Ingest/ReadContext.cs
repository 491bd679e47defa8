using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>State shared by the readers while they build one Submission.</summary>
internal sealed class ReadContext
{
    public SourceText Source { get; }
    public Submission Submission { get; }
    public CodeTable Codes { get; }

    public ReadContext(SourceText source, ReadOptions options, SubmissionKind kind, string layout)
    {
        Source = source;
        Codes = options.Codes;
        Submission = new Submission { Kind = kind, Layout = layout, SourceFile = source.Path, Encoding = source.EncodingName, Places = source.Places };
    }

    /// <summary>A short text as a string shared by every equal text (<see cref="TextPool"/>).</summary>
    public string Text(ReadOnlySpan<char> text) => _pool.Get(text);

    // The thread's pool, looked up once per document (a thread-static read is not free).
    private readonly TextPool _pool = TextPool.Current;

    /// <summary>
    /// A value text read once per document: the value as parsed (never changed while it is kept here),
    /// what its name check needs, and whether a place already holds that very object.
    /// </summary>
    private struct KnownValue
    {
        public TargetValue Value;
        public TargetValueParser.MeasureText? Measure;
        public bool Lent;
    }

    private Dictionary<string, KnownValue>? _values;
    // Made once: getting the lookup checks the comparer's type each time.
    private Dictionary<string, KnownValue>.AlternateLookup<ReadOnlySpan<char>> _valuesBySpan;

    /// <summary>
    /// A target value read from its text. A document repeats its values (80 distinct texts among
    /// the 364 values of seed 000): each text is read once per document, and copied for its other
    /// places, where only what the indicator's name changes is worked out again. The value has no
    /// span; the caller sets it.
    /// </summary>
    public TargetValue Value(string text, string indicatorName) => Value(text.AsSpan(), text, indicatorName);

    /// <inheritdoc cref="Value(string, string)"/>
    public TargetValue Value(ReadOnlySpan<char> text, string indicatorName) => Value(text, null, indicatorName);

    private TargetValue Value(ReadOnlySpan<char> span, string? text, string indicatorName)
    {
        if (_values is null)
        {
            // Sized by the document (seed 000: 80 distinct values in 623 lines), so it rarely grows; at
            // least 24 (seed 001: 19 in 27 lines, 003: 20 in 107), where one per 8 lines grew it on both.
            _values = new Dictionary<string, KnownValue>(Math.Clamp(Source.LineCount / 8, 24, 256), StringComparer.Ordinal);
            _valuesBySpan = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        }
        // Looked up by the characters, so a repeated text is not made into a string again.
        ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_valuesBySpan, span);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref known))
        {
            text ??= Text(span);
            var (parsed, cleaned) = TargetValueParser.ParseUnnamed(text);
            // What the name changes is worked out here once as far as it does not depend on the name.
            var measure = TargetValueParser.Measure(parsed, cleaned);
            var firstReason = TargetValueParser.NameReason(measure, indicatorName);
            // The first place the name leaves unchanged takes the parsed value itself (a copy each
            // was a TargetValue more per distinct text); copies for the others are made from it,
            // their span left out, so it must stay as parsed: one the name changes is a copy.
            _values[text] = new KnownValue { Value = parsed, Measure = measure, Lent = firstReason is null };
            return firstReason is null ? parsed : TargetValueParser.NotATarget(parsed.CopyWithoutSpan(), firstReason);
        }
        var reason = TargetValueParser.NameReason(known.Measure, indicatorName);
        if (reason is null && !known.Lent)
        {
            known.Lent = true;
            return known.Value;
        }
        var value = known.Value.CopyWithoutSpan();
        return reason is null ? value : TargetValueParser.NotATarget(value, reason);
    }

    private Dictionary<(string Text, bool Level1, string? Parent), CodeName>? _levels;

    /// <summary>A level cell of a grid (1-产出指标, 产出指标 or 1), read once per distinct cell.</summary>
    public CodeName Level(string text, bool level1, string? parentName)
    {
        _levels ??= new();
        var key = (text, level1, level1 ? null : parentName);
        if (!_levels.TryGetValue(key, out var known))
            _levels[key] = known = IndicatorRowsReader.Level(text, Codes, level1, parentName);
        return known;
    }

    /// <summary>A level's code and name, one instance per distinct pair.</summary>
    public CodeName Code(int? code, ReadOnlySpan<char> name)
    {
        // A document's indicators run through few levels (seed 000: 3 level-1 and 8 level-2 pairs),
        // the level-2 ones in turn: the last eight answers are tried before the pool (the last two
        // missed on most level-2 cells, and the pool hashes the name twice).
        var recent = _recentCodes;
        for (int i = 0; i < recent.Length; i++)
        {
            var known = recent[i];
            if (known is null) break;
            if (known.Code == code && name.SequenceEqual(known.Name)) return known;
        }
        var pooled = _pool.Code(code, name);
        recent[_nextRecent] = pooled;
        _nextRecent = (_nextRecent + 1) & (RecentCodes - 1);
        return pooled;
    }

    private const int RecentCodes = 8;
    // Filled in order, then round: a null ends the entries.
    private readonly CodeName?[] _recentCodes = new CodeName?[RecentCodes];
    private int _nextRecent;

    /// <summary>A line that is layout (title, repeated page header, column heads), not data.</summary>
    public void Furniture(int line) => Submission.Furniture.Add(Source.LineSpan(line));

    /// <summary>部门名称 (and 单位) from a header line; a page header naming another department is PR002.</summary>
    public void Department(int line, string department, string? moneyUnit)
    {
        Furniture(line);
        if (Submission.Department is null) Submission.Department = department;
        else if (Submission.Department != department)
            Unplaced(line, $"部门名称“{department}”与文档开头的“{Submission.Department}”不一致");
        Submission.MoneyUnit ??= moneyUnit;
    }

    /// <summary>Records the budget year if the line states one (a title or a 年度 line); true when it does.</summary>
    public bool TakeBudgetYear(int line, string text)
    {
        if (!HeaderLines.TryBudgetYear(text, out var year, out var start, out var length)) return false;
        BudgetYear(line, year, start, length);
        return true;
    }

    /// <summary>The budget year a header line states (see <see cref="HeaderLines.TryBudgetYear"/>); another year later is PR002.</summary>
    public void BudgetYear(int line, int year, int start, int length)
    {
        var span = SourceSpan.Line(line, start + 1, start + Math.Max(length, 1));
        if (Submission.BudgetYear is null) { Submission.BudgetYear = year; Submission.BudgetYearSpan = span; }
        else if (Submission.BudgetYear != year)
            Unplaced(span, $"预算年度 {year} 年与文档开头的 {Submission.BudgetYear} 年不一致", Source[line]);
    }

    /// <summary>The 合计 row; a second one is PR002.</summary>
    public void GrandTotal(string name, Amounts amounts, SourceSpan span)
    {
        if (Submission.GrandTotal is null) Submission.GrandTotal = new AmountRow { Name = name, Amounts = amounts, Span = span };
        else Unplaced(span, "表中出现了第二个“合计”行", Source[span.StartLine]);
    }

    public FundingUnit AddUnit(string name, Amounts amounts, SourceSpan span)
    {
        var unit = new FundingUnit { Name = name, Amounts = amounts, Span = span };
        Submission.Units.Add(unit);
        return unit;
    }

    /// <summary>A project under the current unit, or under the department when the table has no unit row.</summary>
    public Project AddProject(ref FundingUnit? unit, string name, Amounts amounts, SourceSpan span)
    {
        if (unit is null)
        {
            unit = new FundingUnit { Name = Submission.Department ?? "", Implicit = true };
            Submission.Units.Add(unit);
        }
        var project = new Project { Name = name, Amounts = amounts, Span = span };
        unit.Projects.Add(project);
        return project;
    }

    /// <summary>A reading problem of another id than PR002 (PR009: an amount that could not be read).</summary>
    public void Reading(string ruleId, SourceSpan span, string message, string text)
        => Submission.Diagnostics.Add(new Diagnostic(ruleId, message, span, TextDecoder.Excerpt(text.Trim())));

    /// <summary>PR002: a line that could not be placed in the model.</summary>
    public void Unplaced(int line, string why) => Unplaced(Source.LineSpan(line), why, Source[line]);

    public void Unplaced(SourceSpan span, string why, string text)
    {
        var at = span.StartLine == span.EndLine ? $"第 {span.StartLine} 行" : $"第 {span.StartLine}–{span.EndLine} 行";
        Submission.Diagnostics.Add(new Diagnostic("PR002", $"{at}无法归入表格结构：{why}", span, TextDecoder.Excerpt(text.Trim())));
    }
}
