using System.ComponentModel;
using PerfRules.Rules.Runtime;

namespace PerfRules.Engines.RulesEngine;

/// <summary>
/// What the translated expressions call to stay within the run-time budget (the guard Core's runtime
/// starts for each rule and document; see RunGuard). Registered with Dynamic LINQ; a rule file cannot
/// name it (the allow-list refuses it before translation).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DynamicGuard
{
    // Set while a workflow is run only to make RulesEngine compile it (no budget is running then):
    // a rule loops only through a lambda or a sequence it builds, and both stop at their first step.
    [ThreadStatic] private static bool _compileOnly;

    /// <summary>A lambda body's value, after a tick (time, allocation, cancellation): the body's type is kept.</summary>
    public static T Pass<T>(T value)
    {
        if (_compileOnly) throw new CompileOnlyStop();
        RunGuard.Tick();
        return value;
    }

    /// <summary>Enumerable.Range: RunGuard's bounded, ticking one.</summary>
    public static IEnumerable<int> Range(int start, int count)
    {
        if (_compileOnly) throw new CompileOnlyStop();
        return RunGuard.Range(start, count);
    }

    /// <summary>Enumerable.Repeat: RunGuard's bounded, ticking one.</summary>
    public static IEnumerable<T> Repeat<T>(T element, int count)
    {
        if (_compileOnly) throw new CompileOnlyStop();
        return RunGuard.Repeat(element, count);
    }

    /// <summary>string + string, its length checked before it is built.</summary>
    public static string Concat(string? a, string? b) => RunGuard.Concat(a, b);

    /// <summary>string.Join and string.Concat on strings, size-checked before the result is built.</summary>
    public static string Join(string? separator, IEnumerable<string?> values) => RunGuard.Join(separator, values);

    /// <summary>A non-string operand of string +, as C# turns it into text.</summary>
    public static string Text(object? value) => value?.ToString() ?? "";

    /// <summary>
    /// Runs <paramref name="run"/> with every lambda and built sequence refused at its first step:
    /// for the run that only makes RulesEngine compile a workflow, outside any document's budget.
    /// </summary>
    internal static void CompileOnly(Action run)
    {
        var outer = _compileOnly;
        _compileOnly = true;
        try { run(); }
        finally { _compileOnly = outer; }
    }

    /// <summary>Stops a compile-only run; never reaches a finding.</summary>
    internal sealed class CompileOnlyStop() : Exception("compile-only run");
}
