namespace PerfRules.Readers.Office;

/// <summary>What an OLE compound file holds, judged by its stream names.</summary>
public enum OleKind { Workbook, Word, PowerPoint, Encrypted, Other }
