using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// One document read from an input: its name, its model, and the text the model was read from
/// (reports quote that text's lines; nothing decodes the bytes a second time).
/// </summary>
/// <param name="Name">The input's path, or <c>path#part</c> when the input holds several documents (a workbook's table sheets).</param>
public sealed record ReadDocument(string Name, Submission Submission, SourceText Source);
