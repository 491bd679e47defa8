namespace PerfRules.Rules;

/// <summary>One check, as declared in a rule file.</summary>
public sealed class Rule
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>The severity in force (after the rule set's overrides).</summary>
    public required Severity Severity { get; init; }
    /// <summary>The severity the defining file gave.</summary>
    public required Severity DeclaredSeverity { get; init; }
    public required RuleScope Scope { get; init; }
    public Expr? When { get; init; }
    public IReadOnlyList<LetBinding> Lets { get; init; } = Array.Empty<LetBinding>();
    /// <summary>
    /// Chinese names of the lets a report shows to people (<c>evidence:</c>), by let name; lets without
    /// one are working values. Null when the rule gives none (reports then show every let by its own name).
    /// </summary>
    public IReadOnlyDictionary<string, string>? EvidenceLabels { get; init; }
    public required Expr Assert { get; init; }
    public required MessageTemplate Message { get; init; }
    /// <summary>What to change (<c>fix:</c>), a template like <see cref="Message"/>; required of the built-in rules.</summary>
    public MessageTemplate? Fix { get; init; }
    /// <summary>Optional: where a finding points (a SourceSpan?), when the scope object's own span is not the best place.</summary>
    public Expr? At { get; init; }
    /// <summary>Scope batch only: which objects of the run the rule groups, and by what key (<c>match:</c>).</summary>
    public BatchMatch? Match { get; init; }
    public string? Basis { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
    /// <summary>
    /// The rules this one gives way to (<c>yields:</c>): on an object where one of them reports a
    /// finding, this rule's finding is dropped (one problem, one finding). Same scope only.
    /// </summary>
    public IReadOnlyList<string> Yields { get; init; } = Array.Empty<string>();
    /// <summary>Where each <see cref="Yields"/> entry is written (line, column), for load errors.</summary>
    internal IReadOnlyList<(int Line, int Column)> YieldsAt { get; init; } = NoPlaces;

    // Not Array.Empty: generic code over a tuple of ints, JIT-compiled at every start (ReadyToRun cannot hold it).
    private static readonly (int, int)[] NoPlaces = new (int, int)[0];
    public IReadOnlyList<RuleExample> ValidExamples { get; init; } = Array.Empty<RuleExample>();
    public IReadOnlyList<RuleExample> InvalidExamples { get; init; } = Array.Empty<RuleExample>();
    /// <summary>The rule set whose file declares this rule.</summary>
    public required string DefinedIn { get; init; }
    public required string File { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }

    internal Rule WithSeverity(Severity severity) => new()
    {
        Id = Id, Title = Title, Severity = severity, DeclaredSeverity = DeclaredSeverity, Scope = Scope,
        When = When, Lets = Lets, EvidenceLabels = EvidenceLabels, Assert = Assert, Message = Message, Fix = Fix, At = At, Match = Match, Basis = Basis, Description = Description,
        Tags = Tags, Yields = Yields, YieldsAt = YieldsAt, ValidExamples = ValidExamples, InvalidExamples = InvalidExamples,
        DefinedIn = DefinedIn, File = File, Line = Line, Column = Column,
        Params = Params,
    };

    /// <summary>The rule's parameters (<c>params:</c>) by name, with the set's overrides applied.</summary>
    public IReadOnlyDictionary<string, RuleParam> Params { get => _params; init => _params = value; }
    private IReadOnlyDictionary<string, RuleParam> _params = new Dictionary<string, RuleParam>();

    /// <summary>A copy with other parameter values (every other field as it is, whatever fields a rule gains).</summary>
    internal Rule WithParams(IReadOnlyDictionary<string, RuleParam> values)
    {
        var copy = (Rule)MemberwiseClone();
        copy._params = values;
        return copy;
    }

    public override string ToString() => $"{Id} ({File}:{Line})";
}
