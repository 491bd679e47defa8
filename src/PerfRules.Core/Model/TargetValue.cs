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
    // Kind and comparator in two bytes, the date in one int, the span as fields: a document has
    // hundreds of values (see PackedSpan).
    private ValueKind _kind;
    private byte _comparator;   // 0: none, else Comparator + 1
    private const int None = int.MinValue;
    private int _year = None, _month = None, _day = None;
    private PackedSpan _span;

    public ValueKind Kind { get => _kind; set => _kind = value; }
    public Comparator? Comparator
    {
        get => _comparator == 0 ? null : (Comparator)(_comparator - 1);
        set => _comparator = value is { } c ? (byte)((int)c + 1) : (byte)0;
    }
    /// <summary>The number after scaling (1.4万人 → 14000), when there is one.</summary>
    public decimal? Number { get; set; }
    /// <summary>The unit after scaling (万元 → 元; % for percentages); null when none is written.</summary>
    public string? Unit { get; set; }
    /// <summary>Words written before the number that restate the subject (带动就业人员 ≥ 3000 人).</summary>
    public string? Subject { get; set; }
    /// <summary>For deadlines: the year written (2025 in 2025年12月底前); null where none is (每年4月底前, 10月底前).</summary>
    public int? Year { get => _year == None ? null : _year; set => _year = value ?? None; }
    /// <summary>
    /// For deadlines: the month named (4 in 每年4月底前); for a period, its last month (年底 12,
    /// 上半年 and 年中 6, 第三季度 9).
    /// </summary>
    public int? Month { get => _month == None ? null : _month; set => _month = value ?? None; }
    /// <summary>
    /// For deadlines: the day written (30 in 2025-06-30, 31 in 12月31日前), or the last day of the part
    /// of the month named (底/末/下旬: the month's last day, 中旬 20, 上旬 and 初 10); null when only a month is.
    /// </summary>
    public int? Day { get => _day == None ? null : _day; set => _day = value ?? None; }
    /// <summary>
    /// For durations in calendar units: the length in hours, so bounds written in different units
    /// compare (24小时 and 1天 are both 24; 天/日 24, 周 168, 月 30 days, 季度 3 months, 年 365 days).
    /// Null for 工作日 (not a fixed number of hours) and for anything that is not a duration.
    /// </summary>
    public decimal? Hours => Kind == ValueKind.Duration && Number is { } n && Unit is { } u ? DurationHours(n, u) : null;

    /// <summary>number × the hours of a calendar time unit; null for other units or on overflow.</summary>
    public static decimal? DurationHours(decimal number, string unit)
    {
        // Seconds per unit, so that 30分钟 is exactly 0.5 hours (1/60 in decimal is not exact).
        decimal? seconds = unit switch
        {
            "秒" => 1m,
            "分钟" => 60m,
            "小时" => 3600m,
            "天" or "日" => 86400m,
            "周" => 604800m,
            "月" or "个月" => 2592000m,
            "季度" or "个季度" => 7776000m,
            "年" => 31536000m,
            _ => null,
        };
        if (seconds is null) return null;
        try { return number * seconds.Value / 3600m; }
        catch (OverflowException) { return null; }
    }
    /// <summary>For graded scales, the grades in order.</summary>
    public List<Grade>? Grades { get; set; }
    /// <summary>Why a value is not a target: formula, scoringRule, restatedName or measureName.</summary>
    public string? Reason { get; set; }
    public SourceSpan? Span { get => _span.Value; set => _span = PackedSpan.From(value); }

    /// <summary>The span as fields (readers set it without making an object).</summary>
    internal PackedSpan PackedSpan { get => _span; set => _span = value; }

    /// <summary>
    /// The same value without its span, for another place where the same text is written (the
    /// grades, never changed once read, are shared).
    /// </summary>
    internal TargetValue CopyWithoutSpan() => new()
    {
        Text = Text, _kind = _kind, _comparator = _comparator, Number = Number, Unit = Unit, Subject = Subject,
        _year = _year, _month = _month, _day = _day, Grades = Grades, Reason = Reason,
    };

    public bool IsNumeric => Number is not null;
    public bool IsEmpty => Kind == ValueKind.Empty;

    public override string ToString() => Text;
}
