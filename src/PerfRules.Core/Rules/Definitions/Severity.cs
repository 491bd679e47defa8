namespace PerfRules.Rules;

/// <summary>How serious a finding is. Ordered: a host's --fail-on compares with &gt;=.</summary>
public enum Severity
{
    /// <summary>The rule is switched off (never the severity of a finding).</summary>
    Off = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
}
