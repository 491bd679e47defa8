namespace PerfRules.Rules;

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
