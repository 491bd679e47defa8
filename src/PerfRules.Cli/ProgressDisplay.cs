using PerfRules.Runs;
using Spectre.Console;

namespace PerfRules.Cli;

/// <summary>
/// Progress of a batch: a Spectre.Console bar when stderr is a terminal, plain lines when it is
/// redirected or CI is set, nothing with --quiet. Called from worker threads.
/// </summary>
internal static class ProgressDisplay
{
    public static bool IsInteractive(TextWriter stderr) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Runs <paramref name="work"/>, giving it the callback to call as each input file is done.</summary>
    public static T Run<T>(int total, bool quiet, TextWriter stderr, Func<Action<string, IReadOnlyList<DocumentResult>>?, T> work)
    {
        if (quiet || total == 0) return work(null);
        if (!IsInteractive(stderr))
        {
            var done = 0;
            return work((file, documents) =>
            {
                // The writer's own lock, as the log sink's: a line never lands inside a log event.
                lock (stderr)
                {
                    done++;
                    stderr.WriteLine($"[{done}/{total}] {file}：{documents.Sum(d => d.Findings.Count)} 条结果");
                }
            });
        }
        return Bar(total, work);
    }

    /// <summary>The terminal's bar. A method of its own: only a run that shows it loads Spectre.Console.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static T Bar<T>(int total, Func<Action<string, IReadOnlyList<DocumentResult>>?, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"检查 {total} 个文件", maxValue: total);
                result = work((_, _) => task.Increment(1));
            });
        return result;
    }
}
