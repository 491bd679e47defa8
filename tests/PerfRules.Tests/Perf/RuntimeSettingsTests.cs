using System.Text.Json;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The CLI's memory figures rest on GC settings in its runtimeconfig.json (PerfRules.Cli.csproj): without
/// the gen0 cap, peak memory follows the machine's L3 cache size (169 MB instead of 104 MB at 1,000 seed
/// copies on a 260 MB L3). A setting dropped or mistyped in the project fails here, not only in the perf script.
/// </summary>
public class RuntimeSettingsTests
{
    [TestCase("System.GC.Gen0MaxBudget", 16L << 20)]
    [TestCase("System.GC.RegionSize", 1L << 20)]
    [TestCase("System.GC.ConserveMemory", 7L)]
    public void The_cli_runtimeconfig_carries_the_gc_setting(string name, long expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "perfrules.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var props = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        props.TryGetProperty(name, out var value).ShouldBeTrue($"{name} missing from {path}");
        value.GetInt64().ShouldBe(expected);
    }
}
