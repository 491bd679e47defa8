namespace PerfRules.Model;

/// <summary>绩效指标: one performance indicator.</summary>
public sealed class Indicator
{
    /// <summary>Its number in the text (1、2、…) or its row order in a grid.</summary>
    public int Seq { get; set; }
    // The defaults are made on first read: readers set every part, and a default made and thrown
    // away cost four objects per indicator.
    private TargetValue? _cycle, _annual;

    /// <summary>一级指标</summary>
    public CodeName Level1 { get; set; } = CodeName.None;
    /// <summary>二级指标</summary>
    public CodeName Level2 { get; set; } = CodeName.None;
    /// <summary>三级指标: the indicator's own name.</summary>
    public string Name { get; set; } = "";
    /// <summary>实施周期指标值</summary>
    public TargetValue Cycle { get => _cycle ??= TargetValue.Missing; set => _cycle = value; }
    /// <summary>年度指标值</summary>
    public TargetValue Annual { get => _annual ??= TargetValue.Missing; set => _annual = value; }
    // The spans are kept as fields, not objects (a document has hundreds of indicators and a
    // finding reads one span): each read makes a SourceSpan.
    private PackedSpan _span, _level1Span, _level2Span, _nameSpan, _cycleSpan, _annualSpan;

    /// <summary>The whole indicator (its head and both values).</summary>
    public SourceSpan? Span { get => _span.Value; set => _span = PackedSpan.From(value); }
    public int Line => _span.HasValue ? _span.StartLine : 0;

    // The parts a finding may point at (null where the reader met no text for that part, or the
    // model was not read from text). A level inherited from a row above points at that row's cell.
    /// <summary>The level-1 text (1-产出指标, or its grid cell).</summary>
    public SourceSpan? Level1Span { get => _level1Span.Value; set => _level1Span = PackedSpan.From(value); }
    /// <summary>The level-2 text (11-数量指标, or its grid cell).</summary>
    public SourceSpan? Level2Span { get => _level2Span.Value; set => _level2Span = PackedSpan.From(value); }
    /// <summary>The indicator's name (三级指标).</summary>
    public SourceSpan? NameSpan { get => _nameSpan.Value; set => _nameSpan = PackedSpan.From(value); }

    /// <summary>The spans as a reader found them, without making objects of them.</summary>
    internal void SetSpans(PackedSpan whole, PackedSpan level1, PackedSpan level2, PackedSpan name)
    {
        _span = whole; _level1Span = level1; _level2Span = level2; _nameSpan = name;
    }
    /// <summary>The cycle value's text; where it is empty, its label (实施周期指标值:) or its empty cell.</summary>
    public SourceSpan? CycleSpan { get => _cycleSpan.Value; set => _cycleSpan = PackedSpan.From(value); }
    /// <summary>The annual value's text; where it is empty, its label (年度指标值:) or its empty cell.</summary>
    public SourceSpan? AnnualSpan { get => _annualSpan.Value; set => _annualSpan = PackedSpan.From(value); }

    internal PackedSpan CyclePacked { get => _cycleSpan; set => _cycleSpan = value; }
    internal PackedSpan AnnualPacked { get => _annualSpan; set => _annualSpan = value; }
    // Read without making SourceSpans (the batch's spill writes every indicator's spans).
    internal PackedSpan SpanPacked => _span;
    internal PackedSpan Level1Packed => _level1Span;
    internal PackedSpan Level2Packed => _level2Span;
    internal PackedSpan NamePacked => _nameSpan;

    public int? Level1Code => Level1.Code;
    public int? Level2Code => Level2.Code;
}
