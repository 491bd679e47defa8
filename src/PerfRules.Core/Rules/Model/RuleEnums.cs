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

/// <summary>What a rule is evaluated over (one evaluation per object of the scope).</summary>
public enum RuleScope
{
    /// <summary>The whole submission once: <c>doc</c>.</summary>
    Document,
    /// <summary>Each reading problem: <c>doc, diagnostic</c>.</summary>
    Diagnostic,
    /// <summary>Each amount row (合计, unit rows, project rows): <c>doc, unit?, project?, rowKind, name, amounts</c>.</summary>
    AmountRow,
    /// <summary>Each funding unit: <c>doc, unit</c>.</summary>
    Unit,
    /// <summary>Each project: <c>doc, unit, project</c>.</summary>
    Project,
    /// <summary>Each indicator of projects and of the department-overall form: <c>doc, unit?, project?, indicator</c>.</summary>
    Indicator,
    /// <summary>
    /// Each department with all its submissions in one run (cross-document rules), once all
    /// documents are read: <c>doc</c> (its first department-overall table, else its first document), <c>department</c>.
    /// </summary>
    Department,
}

internal static class RuleEnumNames
{
    public static bool TryParseSeverity(string text, out Severity severity)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": severity = Severity.Warning; return true;
            case "info": severity = Severity.Info; return true;
            case "off": severity = Severity.Off; return true;
            default: severity = Severity.Off; return false;
        }
    }

    public static bool TryParseScope(string text, out RuleScope scope)
    {
        switch (text.Trim())
        {
            case "document": scope = RuleScope.Document; return true;
            case "diagnostic": scope = RuleScope.Diagnostic; return true;
            case "amountRow": scope = RuleScope.AmountRow; return true;
            case "unit": scope = RuleScope.Unit; return true;
            case "project": scope = RuleScope.Project; return true;
            case "indicator": scope = RuleScope.Indicator; return true;
            case "department": scope = RuleScope.Department; return true;
            default: scope = RuleScope.Document; return false;
        }
    }

    public static string Name(this Severity s) => s.ToString().ToLowerInvariant();

    public static string Name(this RuleScope s) => s switch
    {
        RuleScope.AmountRow => "amountRow",
        _ => s.ToString().ToLowerInvariant(),
    };
}
