namespace PerfRules.Model;

/// <summary>
/// 批次事实: one object of a whole run as a cross-document rule (scope <c>batch</c>) sees it — a
/// document, funding unit, project or indicator, reduced to its names, its 总计 and its place, so
/// that the facts of tens of thousands of documents fit in memory and a session at once.
/// Built by the runtime from the document model; read by rule expressions as <c>item</c>.
/// </summary>
public sealed class BatchItem
{
    /// <summary>document, unit, project or indicator.</summary>
    public string Kind { get; init; } = "";
    /// <summary>部门名称 of its document ("" when the document has none).</summary>
    public string Department { get; init; } = "";
    /// <summary>The document's source file (as given to the run).</summary>
    public string File { get; init; } = "";
    /// <summary>The file name alone.</summary>
    public string FileName => _fileName ??= System.IO.Path.GetFileName(File);
    private string? _fileName;
    /// <summary>资金使用单位 (unit, project and project-indicator items).</summary>
    public string? Unit { get; init; }
    /// <summary>项目 (project and project-indicator items).</summary>
    public string? Project { get; init; }
    /// <summary>The indicator's number (indicator items).</summary>
    public int? IndicatorSeq { get; init; }
    /// <summary>The object's own name: the indicator's, the project's, the unit's, or the department's for a document.</summary>
    public string Name { get; init; } = "";
    /// <summary>The object's 总计: the project or unit row's, the document's 合计 (null where there is none).</summary>
    public decimal? Total { get; init; }
    /// <summary>单位 (money unit) of its document.</summary>
    public string? MoneyUnit { get; init; }
    /// <summary>预算年度 of its document, where stated.</summary>
    public int? BudgetYear { get; init; }
    /// <summary>Whether its document is a department-overall table.</summary>
    public bool InOverallTable { get; init; }
    /// <summary>Where the object is in its file (null for a model read from YAML).</summary>
    public SourceSpan? Span { get; init; }
    /// <summary>The first line of <see cref="Span"/> in the text read (0 when unknown).</summary>
    public int Line => Span?.StartLine ?? 0;
    /// <summary>Whether the lines are those of the file itself (text) rather than of text read from a workbook, Word file or PDF.</summary>
    public bool LinesAreTheFile { get; init; }
    /// <summary>The logical path (部门 › 单位 › 项目 › 指标 n).</summary>
    public string Path { get; init; } = "";
    /// <summary>Where it is, for a message: 文件名 第 n 行 (the line only for a text file), then its path.</summary>
    // Made once: a group's message lists every other member's place, so each is read once per member.
    public string Place => _place ??= (LinesAreTheFile && Line > 0 ? $"{FileName} 第 {Line} 行" : FileName) + (Path.Length > 0 ? $"（{Path}）" : "");
    private string? _place;

    /// <summary>The key the rule's <c>match.key</c> gave it (items with equal keys form one group).</summary>
    public object Key { get; init; } = "";
    /// <summary>The index of the rule whose facts it belongs to (a session holds the facts of several rules).</summary>
    public int Rule { get; init; }
    /// <summary>The position of its document in the run.</summary>
    public int Document { get; init; }
    /// <summary>Its position in its document's walk (stable order within a document).</summary>
    public int Ordinal { get; init; }

    public override string ToString() => $"{Kind} {Place}";
}
