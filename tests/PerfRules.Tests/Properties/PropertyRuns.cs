using FsCheck;
using FsCheck.Fluent;

namespace PerfRules.Tests.Properties;

/// <summary>
/// How many cases a property runs: the CI-sized default, or more with PERFRULES_PROPERTY_RUNS
/// (e.g. 2000 for a long local hunt).
/// </summary>
public static class PropertyRuns
{
    public static Config Config(int ciDefault)
    {
        var env = Environment.GetEnvironmentVariable("PERFRULES_PROPERTY_RUNS");
        int runs = int.TryParse(env, out var n) && n > 0 ? n : ciDefault;
        return FsCheck.Config.QuickThrowOnFailure.WithMaxTest(runs);
    }
}
