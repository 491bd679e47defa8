namespace PerfRules.Rules;

/// <summary>The names rule files and reports use for severities and scopes (error, amountRow…).</summary>
public static class RuleEnumNames
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
            case "batch": scope = RuleScope.Batch; return true;
            default: scope = RuleScope.Document; return false;
        }
    }

    // Constants: reports name the severity of every finding.
    public static string Name(this Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "info",
        Severity.Off => "off",
        _ => s.ToString().ToLowerInvariant(),
    };

    // Constants too: a batch run names the scope of every batch fact (ToString and ToLowerInvariant made two strings a fact).
    public static string Name(this RuleScope s) => s switch
    {
        RuleScope.Document => "document",
        RuleScope.Diagnostic => "diagnostic",
        RuleScope.AmountRow => "amountRow",
        RuleScope.Unit => "unit",
        RuleScope.Project => "project",
        RuleScope.Indicator => "indicator",
        RuleScope.Department => "department",
        RuleScope.Batch => "batch",
        _ => s.ToString().ToLowerInvariant(),
    };
}
