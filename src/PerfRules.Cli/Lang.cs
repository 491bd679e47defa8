using System.Globalization;

namespace PerfRules.Cli;

/// <summary>
/// The language of the command line's own words (help, usage errors): Chinese whatever the
/// system locale (LANG=C, en_US, zh_CN alike), English with <c>--lang en</c> or
/// <c>PERFRULES_LANG=en</c>. Findings, reports and rule texts are Chinese in both (they are the
/// rule set's words). Held per run (async-local), so runs in one process do not mix.
/// </summary>
internal static class Lang
{
    public const string Variable = "PERFRULES_LANG";
    public const string OptionName = "--lang";
    public static readonly string[] Names = { "zh", "en" };

    private static readonly AsyncLocal<bool> Current = new();

    public static bool English => Current.Value;

    /// <summary>The Chinese text, or the English one under --lang en.</summary>
    public static string T(string zh, string en) => Current.Value ? en : zh;

    /// <summary>
    /// Whether this run is in English: --lang on the command line (looked for before parsing, since
    /// the help texts are chosen when the commands are built), else $PERFRULES_LANG.
    /// </summary>
    public static bool Wanted(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--") break;
            if (a == OptionName && i + 1 < args.Count) return IsEnglish(args[i + 1]);
            if (a.StartsWith(OptionName + "=", StringComparison.Ordinal) || a.StartsWith(OptionName + ":", StringComparison.Ordinal))
                return IsEnglish(a[(OptionName.Length + 1)..]);
        }
        return IsEnglish(Environment.GetEnvironmentVariable(Variable));
    }

    private static bool IsEnglish(string? value) => value is not null && value.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets the language for the current run (and the UI culture, for the parser's own few messages); disposing restores both.</summary>
    public static IDisposable Use(bool english)
    {
        var before = (Current.Value, CultureInfo.CurrentUICulture);
        Current.Value = english;
        try { CultureInfo.CurrentUICulture = english ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("zh-Hans"); }
        catch (CultureNotFoundException) { /* no ICU: our own texts do not need it */ }
        return new Restore(before);
    }

    private sealed class Restore((bool English, CultureInfo Culture) before) : IDisposable
    {
        public void Dispose()
        {
            Current.Value = before.English;
            CultureInfo.CurrentUICulture = before.Culture;
        }
    }
}
