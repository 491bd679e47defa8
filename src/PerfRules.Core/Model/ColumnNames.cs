namespace PerfRules.Model;

public static class ColumnNames
{
    public const string Total = "总计";
    public const string Fiscal = "财政拨款";
    public const string FiscalSpecial = "财政专户拨款";
    public const string Other = "其他资金";
    public static readonly IReadOnlyList<string> Standard = new[] { Total, Fiscal, FiscalSpecial, Other };
}
