namespace PerfRules.Rules;

/// <summary>One problem in a rule file, at a 1-based line and column of that file.</summary>
public sealed record RuleLoadError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>
/// The rule files could not be loaded or compiled. Carries every error found, each with its
/// file, line and column; hosts report them and exit with code 2.
/// </summary>
public sealed class RuleLoadException : Exception
{
    public IReadOnlyList<RuleLoadError> Errors { get; }

    public RuleLoadException(IReadOnlyList<RuleLoadError> errors)
        : base("规则文件有错误：" + Environment.NewLine + string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }
}
