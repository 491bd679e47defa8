using PerfRules.Ingest;

namespace PerfRules.Runs;

/// <summary>A document's result with the text it was read from, while the run still needs the text (snippets, cross-document quotes).</summary>
internal readonly record struct CheckedDocument(DocumentResult Result, SourceText Source);
