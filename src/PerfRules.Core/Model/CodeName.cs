namespace PerfRules.Model;

/// <summary>A code with its name, e.g. 11-数量指标. Code is null where the table gives only a name.</summary>
public sealed record CodeName
{
    public int? Code { get; init; }
    public string Name { get; init; } = "";
    public CodeName() { }
    public CodeName(int? code, string name) { Code = code; Name = name; }
    /// <summary>No code and no name (a level not written); immutable, so one instance serves all.</summary>
    public static CodeName None { get; } = new(null, "");
    public override string ToString() => Code is null ? Name : $"{Code}-{Name}";
}
