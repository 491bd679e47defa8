using Microsoft.Extensions.Logging;
using PerfRules.Cli;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace PerfRules.Tests.Cli;

/// <summary>Serilog is built at the first event a sink takes, never for a run that logs nothing; what is logged is unchanged.</summary>
public class LogSessionTests
{
    [Test]
    public void Serilog_is_built_only_for_an_event_at_or_above_the_lowest_level()
    {
        var built = 0;
        var stderr = new StringWriter();
        using (var session = new LogSession(debug: false, () =>
               {
                   built++;
                   return new SerilogLoggerFactory(new LoggerConfiguration().MinimumLevel.Is(LogEventLevel.Warning)
                       .WriteTo.Sink(new WriterSink(stderr, "[{Level:u3}] {Message:lj}{NewLine}")).CreateLogger(), dispose: true);
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
        using var session = new LogSession(debug: true, () =>
        {
            built++;
            return new SerilogLoggerFactory(new LoggerConfiguration().MinimumLevel.Debug().CreateLogger(), dispose: true);
        });
        var logger = session.For("PerfRules.Test");
        logger.IsEnabled(LogLevel.Trace).ShouldBeFalse();
        built.ShouldBe(0);
        logger.IsEnabled(LogLevel.Debug).ShouldBeTrue();
        built.ShouldBe(1);
    }

    [Test]
    public void The_session_and_its_loggers_name_no_Serilog_type()
    {
        // What a run without a sink touches: loading these types must not load Serilog's assemblies.
        static bool Serilogs(Type t) => t.Assembly.GetName().Name!.StartsWith("Serilog", StringComparison.Ordinal)
            || (t.IsGenericType && t.GetGenericArguments().Any(Serilogs));
        var flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static
            | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly;
        foreach (var type in new[] { typeof(LogSession) }.Concat(typeof(LogSession).GetNestedTypes(flags)))
        {
            type.GetFields(flags).Select(f => f.FieldType).Where(Serilogs).ShouldBeEmpty(type.Name);
            type.GetConstructors(flags).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType).Where(Serilogs).ShouldBeEmpty(type.Name);
            type.GetMethods(flags).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)).Where(Serilogs)
                .ShouldBeEmpty(type.Name);
        }
    }
}
