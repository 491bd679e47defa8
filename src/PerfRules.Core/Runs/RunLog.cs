namespace PerfRules.Runs;

/// <summary>The log that says nothing.</summary>
public sealed class RunLog : IRunLog
{
    public static IRunLog None { get; } = new RunLog();

    private RunLog() { }
}
