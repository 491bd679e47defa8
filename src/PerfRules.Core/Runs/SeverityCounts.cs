using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>Finding counts by severity.</summary>
public sealed record SeverityCounts(int Errors, int Warnings, int Infos)
{
    public int Total => Errors + Warnings + Infos;

    public static SeverityCounts Of(IEnumerable<Finding> findings)
    {
        int e = 0, w = 0, i = 0;
        foreach (var f in findings)
            switch (f.Severity)
            {
                case Severity.Error: e++; break;
                case Severity.Warning: w++; break;
                case Severity.Info: i++; break;
            }
        return new SeverityCounts(e, w, i);
    }
}
