namespace PerfRules.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // An exception on a thread of its own would otherwise end the process with a stack trace and 134.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            Environment.Exit(CliApp.Crash(e.ExceptionObject as Exception, Console.Error,
                !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CliApp.DebugVariable))));
        // Windows gives a console, or a file output is redirected to, the ANSI code page of the system's
        // locale: on an English Windows every Chinese character would become '?'.
        if (OperatingSystem.IsWindows()) Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        CliApp.StartEarly(args);
        // This process ends after its run: the tier-up worker may yield once the checks are done (not in a test host).
        TieredWorker.OwnProcess = true;
        using var interrupts = Interrupts.Install(Console.Error);
        return CliApp.Run(args, Console.Out, Console.Error);
    }
}
