namespace PerfRules.Files;

/// <summary>An output file could not be written; the message (Chinese, one line) names the path and says the old file is intact.</summary>
public sealed class OutputFileException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    public string Path { get; } = path;
}
