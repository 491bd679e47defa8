namespace PerfRules.Rules;

/// <summary>The type of a rule parameter (<c>params:</c>), fixed by its declaration.</summary>
public enum ParamKind
{
    /// <summary>A plain YAML number (90, 0.5, 1000): read with <c>param.Number("name")</c> as a decimal.</summary>
    Number,
    /// <summary>Any other scalar, or a quoted one ("90"): read with <c>param.Text("name")</c>.</summary>
    Text,
    /// <summary>A list of scalars: read with <c>param.List("name")</c> as an IReadOnlyList&lt;string&gt;.</summary>
    List,
}
