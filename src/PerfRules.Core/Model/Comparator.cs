namespace PerfRules.Model;

/// <summary>How a target compares: 不低于 is ≥, 以内 is ≤, and so on.</summary>
public enum Comparator { Eq, Ge, Le, Gt, Lt }
