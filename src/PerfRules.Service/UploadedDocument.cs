namespace PerfRules.Service;

/// <summary>One uploaded document: its name (a bare file name) and its bytes, undecoded.</summary>
public sealed record UploadedDocument(string Name, byte[] Bytes);
