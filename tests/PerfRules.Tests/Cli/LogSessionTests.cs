using Microsoft.Extensions.Logging;
using PerfRules.Cli;
using Serilog;
using Serilog.Events;

namespace PerfRules.Tests.Cli;

/// <summary>Serilog is built at the first event a sink takes, never for a run that logs nothing; what is logged is unchanged.</summary>
public class LogSessionTests
{
    [Test]
    public void Serilog_is_built_only_for_an_event_at_or_above_the_lowest_level()
    {
        var built = 0;
        var stderr = new StringWriter();
        using (var session = new LogSession(LogEventLevel.Warning, () =>
               {
                   built++;
                   return new LoggerConfiguration().MinimumLevel.Is(LogEventLevel.Warning)
                       .WriteTo.Sink(new WriterSink(stderr, "[{Level:u3}] {Message:lj}{NewLine}")).CreateLogger();
               }))
        {
            var logger = session.For("PerfRules.Test");
            logger.LogDebug("检查 {Count} 个文件", 3);
            logger.LogInformation("已写入");
            logger.IsEnabled(LogLevel.Debug).ShouldBeFalse();
            built.ShouldBe(0);
            logger.LogWarning("无法读取文件 {File}", "a.txt");
            session.For("PerfRules.Other").LogError("出错");
            built.ShouldBe(1);
        }
        stderr.ToString().ShouldBe("[WRN] 无法读取文件 a.txt\n[ERR] 出错\n".Replace("\n", Environment.NewLine));
    }

    [Test]
    public void With_debug_the_first_debug_event_builds_it()
    {
        var built = 0;
        using var session = new LogSession(LogEventLevel.Debug, () => { built++; return new LoggerConfiguration().MinimumLevel.Debug().CreateLogger(); });
        var logger = session.For("PerfRules.Test");
        logger.IsEnabled(LogLevel.Trace).ShouldBeFalse();
        built.ShouldBe(0);
        logger.IsEnabled(LogLevel.Debug).ShouldBeTrue();
        built.ShouldBe(1);
    }
}
