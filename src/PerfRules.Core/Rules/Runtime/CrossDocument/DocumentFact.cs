namespace PerfRules.Rules.Runtime.CrossDocument;

/// <summary>
/// A document of the department being run, as a cross-document engine holds it: its position in the
/// department and its 部门名称, not its model. A session of handles is a few bytes a document however
/// large the tables; the core reads the models when a rule evaluates (<see cref="CrossDocumentRun.Department"/>).
/// </summary>
public sealed class DocumentFact(int position, string department)
{
    /// <summary>Its position among the department's documents (run order).</summary>
    public int Position { get; } = position;

    /// <summary>部门名称, trimmed.</summary>
    public string Department { get; } = department;
}
