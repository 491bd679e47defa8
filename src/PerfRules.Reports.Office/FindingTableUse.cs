namespace PerfRules.Reports.Office;

/// <summary>Which file a finding table is for: csv carries a few machine columns more.</summary>
public enum FindingTableUse { Csv, Xlsx }
