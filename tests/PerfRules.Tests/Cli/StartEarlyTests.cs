using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

/// <summary>
/// The built-in rule set is parsed on a spare core while the command line is read (CliApp.StartEarly),
/// only for the commands that load rules: never for help, the version or a command without rules.
/// </summary>
public class StartEarlyTests
{
    [TestCase(new[] { "lint", "a.txt" }, true)]
    [TestCase(new[] { "audit", "--jobs", "2", "dir" }, true)]
    [TestCase(new[] { "rules", "list" }, true)]
    [TestCase(new[] { "baseline", "dir" }, true)]
    [TestCase(new[] { "template", "project" }, true)]
    [TestCase(new[] { "convert", "a.xlsx" }, true)]
    [TestCase(new[] { "lint", "--", "--help" }, true)]
    [TestCase(new[] { "lint", "--help" }, false)]
    [TestCase(new[] { "audit", "-h" }, false)]
    [TestCase(new[] { "lint", "-?" }, false)]
    [TestCase(new[] { "--version" }, false)]
    [TestCase(new[] { "parse", "a.txt" }, false)]
    [TestCase(new[] { "lnt", "a.txt" }, false)]
    [TestCase(new string[0], false)]
    public void Only_a_command_that_loads_rules_starts_early(string[] args, bool expected) =>
        CliApp.WillLoadRules(args).ShouldBe(expected);

    // The start thread looks in the cache the command line names (a guess the run checks: it takes the result only for the same cache).
    [TestCase(new[] { "lint", "a.txt" }, null)]
    [TestCase(new[] { "audit", "--cache", "/c", "dir" }, "/c")]
    [TestCase(new[] { "audit", "--cache=/c", "dir" }, "/c")]
    [TestCase(new[] { "audit", "--cache:/c", "dir" }, "/c")]
    [TestCase(new[] { "audit", "--cache", "/a", "--cache", "/b" }, "/b")]
    [TestCase(new[] { "lint", "--", "--cache", "/c" }, null)]
    [TestCase(new[] { "lint", "--cache" }, null)]
    public void The_start_thread_looks_in_the_cache_named_on_the_command_line(string[] args, string? expected) =>
        CliApp.CacheArgument(args).ShouldBe(expected);

    // The compiled built-in set is loaded ahead only when the run is likely to use it (no --rules, no other engine).
    [TestCase(new[] { "audit", "--jobs", "2", "dir" }, false)]
    [TestCase(new[] { "lint", "--rules", "r", "a.txt" }, true)]
    [TestCase(new[] { "lint", "--rules=r", "a.txt" }, true)]
    [TestCase(new[] { "audit", "--engine", "rulesengine", "dir" }, true)]
    [TestCase(new[] { "lint", "--", "--rules" }, false)]
    public void The_compiled_set_is_not_loaded_ahead_when_the_command_line_names_rules_or_an_engine(string[] args, bool expected) =>
        CliApp.NamesRulesOrEngine(args).ShouldBe(expected);
}
