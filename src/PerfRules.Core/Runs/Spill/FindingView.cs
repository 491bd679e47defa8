using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// A finding's fields as a report writes them: its texts as characters, either a <see cref="Finding"/>'s strings
/// (<see cref="Of"/>) or the UTF-16 code units of a spilled record read in place (<see cref="ResultCodec.ReadView"/>).
/// A spilled batch's report made a string of every field of every finding, and a finding of them, only to encode
/// them to UTF-8 and drop them: that decoding was about a third of the renderers' time (docs/performance.md).
/// A null text is a null span (<see cref="IsNull"/>: as a null string converts), an empty one is not: reports write them
/// as the strings were written (null and "").
/// </summary>
internal ref struct FindingView
{
    public ReadOnlySpan<char> RuleId, Message, Fix, Title, File, Department, Unit, Project, Path, RuleSet, RuleSetVersion, Fingerprint;
    public bool HasFix, HasDepartment, HasUnit, HasProject, IsRuleFailure;
    public Severity Severity;
    public SourceSpan? Span, Related;
    public int? IndicatorSeq;

    /// <summary>How many evidence values the finding has (<see cref="NextEvidence"/> gives them in order).</summary>
    public int EvidenceCount;
    private IReadOnlyList<Evidence>? _evidence;
    private int _next;
    // A spilled finding's evidence: a reader at its first name.
    private SpillReader _evidenceAt;

    /// <summary>The next evidence value's name and value (as many as <see cref="EvidenceCount"/>).</summary>
    public bool NextEvidence(out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        if (_next >= EvidenceCount) { name = value = default; return false; }
        if (_evidence is { } list)
        {
            var e = list[_next++];
            name = e.Name; value = e.Value;
            return true;
        }
        _next++;
        _evidenceAt.Chars(out name);
        _evidenceAt.Chars(out value);
        return true;
    }

    /// <summary>Whether a text is null (a null string, or a null the record holds), not merely empty.</summary>
    public static bool IsNull(ReadOnlySpan<char> text) =>
        System.Runtime.CompilerServices.Unsafe.IsNullRef(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(text));

    /// <summary>A finding's own fields.</summary>
    public static FindingView Of(Finding f) => new()
    {
        RuleId = f.RuleId, Severity = f.Severity, Message = f.Message, Fix = f.Fix, HasFix = f.Fix is not null, Title = f.Title,
        File = f.File, Span = f.Span, Related = f.Related, Department = f.Department, HasDepartment = f.Department is not null,
        Unit = f.Unit, HasUnit = f.Unit is not null, Project = f.Project, HasProject = f.Project is not null,
        IndicatorSeq = f.IndicatorSeq, Path = f.Path, _evidence = f.Evidence, EvidenceCount = f.Evidence.Count,
        RuleSet = f.RuleSet, RuleSetVersion = f.RuleSetVersion, Fingerprint = f.Fingerprint, IsRuleFailure = f.IsRuleFailure,
    };

    /// <summary>A spilled finding's fields, read by <see cref="ResultCodec.ReadView"/> (evidence from <paramref name="evidenceAt"/>).</summary>
    internal void EvidenceFrom(SpillReader evidenceAt, int count)
    {
        _evidenceAt = evidenceAt;
        EvidenceCount = count;
        _evidence = null;
        _next = 0;
    }
}

/// <summary>Writes one finding of a document (<see cref="SpilledResult.Each"/>, <see cref="ReportFindings.Each"/>).</summary>
internal delegate void FindingVisitor(ref FindingView finding);

/// <summary>A document's findings as views, in order: a spilled document's read in place, without a finding or string per field.</summary>
internal static class ReportFindings
{
    public static void Each(DocumentResult doc, FindingVisitor visit)
    {
        if (doc.Findings is SpilledFindings spilled)
        {
            spilled.Each(visit);
            return;
        }
        foreach (var f in doc.Findings)
        {
            var view = FindingView.Of(f);
            visit(ref view);
        }
    }
}
