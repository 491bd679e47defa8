namespace PerfRules.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // An exception on a thread of its own would otherwise end the process with a stack trace and 134.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            Environment.Exit(CliApp.Crash(e.ExceptionObject as Exception, Console.Error,
                !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CliApp.DebugVariable))));
        using var interrupts = Interrupts.Install(Console.Error);
        return CliApp.Run(args, Console.Out, Console.Error);
    }
}
