namespace PerfRules.Rules;

/// <summary>
/// A rule's parameters as its expressions see them: the variable <c>param</c>, with
/// <c>param.Number("floor")</c>, <c>param.Text("unit")</c> and <c>param.List("keywords")</c>.
/// The name must be a string constant that the rule declares with that type (checked when the
/// rule set is compiled), so a lookup cannot fail at run time. Read-only and shared by every
/// document a compiled set checks.
/// </summary>
public sealed class RuleParams
{
    private readonly Dictionary<string, RuleParam> _values;
    private readonly Dictionary<string, IReadOnlyList<string>> _lists;

    /// <summary>No parameters (a rule without <c>params:</c>).</summary>
    public static readonly RuleParams None = new(new Dictionary<string, RuleParam>());

    internal RuleParams(IReadOnlyDictionary<string, RuleParam> values)
    {
        _values = new Dictionary<string, RuleParam>(values, StringComparer.Ordinal);
        // Read-only wrappers made once: a rule cannot cast its way to a mutable list.
        _lists = _values.Values.Where(p => p.Kind == ParamKind.List)
            .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Array.AsReadOnly(p.List.ToArray()), StringComparer.Ordinal);
    }

    /// <summary>A number parameter.</summary>
    public decimal Number(string name) => Get(name, ParamKind.Number).Number;

    /// <summary>A string parameter.</summary>
    public string Text(string name) => Get(name, ParamKind.Text).Text;

    /// <summary>A string-list parameter.</summary>
    public IReadOnlyList<string> List(string name)
    {
        Get(name, ParamKind.List);
        return _lists[name];
    }

    private RuleParam Get(string name, ParamKind kind)
    {
        // Unreachable for a compiled rule (ParamUseCheck), but a clear failure if it ever is.
        if (name is null || !_values.TryGetValue(name, out var p) || p.Kind != kind)
            throw new KeyNotFoundException($"规则没有{RuleParam.KindText(kind)}参数“{name}”");
        return p;
    }

    public override string ToString() => string.Join("、", _values.Values.Select(p => $"{p.Name}={p.ValueText()}"));
}
