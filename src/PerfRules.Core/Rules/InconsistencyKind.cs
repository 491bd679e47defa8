namespace PerfRules.Rules;

/// <summary>How a cycle value (实施周期指标值) and an annual value (年度指标值) disagree.</summary>
public enum InconsistencyKind
{
    /// <summary>One is a quantified target, the other is words only (本届广博会展览面积 vs 10万平米).</summary>
    NumberVsText,
    /// <summary>Both quantified, in different units (4 vs 4辆).</summary>
    DifferentUnits,
    /// <summary>Same unit, different comparators (95% vs 95%以上).</summary>
    DifferentComparators,
    /// <summary>A cumulative count whose annual target exceeds the whole cycle's (≥12次 vs ≥10次).</summary>
    AnnualBeyondCycle,
    /// <summary>An annual deadline later than the cycle's (2026年12月底前 vs 2025年12月底前; 12月底前 vs 10月底前).</summary>
    AnnualDeadlineLater,
    /// <summary>An annual time bound looser than the cycle's (≤60天 vs ≤30天; 48小时 vs 1天).</summary>
    AnnualBoundLooser,
}
