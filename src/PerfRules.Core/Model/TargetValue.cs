namespace PerfRules.Model;

/// <summary>
/// 指标值: a target value as written (<see cref="Text"/>) and what it means once symbols,
/// numbers and units are normalised. The parsed fields are always derived from the text.
/// </summary>
public sealed class TargetValue
{
    public static TargetValue Missing => new() { Text = "", Kind = ValueKind.Empty };

    /// <summary>The value exactly as written (line breaks of the extraction removed).</summary>
    public string Text { get; set; } = "";
    public ValueKind Kind { get; set; }
    public Comparator? Comparator { get; set; }
    /// <summary>The number after scaling (1.4万人 → 14000), when there is one.</summary>
    public decimal? Number { get; set; }
    /// <summary>The unit after scaling (万元 → 元; % for percentages); null when none is written.</summary>
    public string? Unit { get; set; }
    /// <summary>Words written before the number that restate the subject (带动就业人员 ≥ 3000 人).</summary>
    public string? Subject { get; set; }
    /// <summary>For deadlines: the month named (4 in 每年4月底前).</summary>
    public int? Month { get; set; }
    /// <summary>For graded scales, the grades in order.</summary>
    public List<Grade>? Grades { get; set; }
    /// <summary>Why a value is not a target: formula, scoringRule, restatedName or measureName.</summary>
    public string? Reason { get; set; }
    public SourceSpan? Span { get; set; }

    public bool IsNumeric => Number is not null;
    public bool IsEmpty => Kind == ValueKind.Empty;

    public override string ToString() => Text;
}
