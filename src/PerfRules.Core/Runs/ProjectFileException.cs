namespace PerfRules.Runs;

/// <summary>A project file (perfrules.yaml) that cannot be read or is not valid; each error is "file:line:col: message" in Chinese.</summary>
public sealed class ProjectFileException(string path, IReadOnlyList<string> errors)
    : Exception(errors.Count > 0 ? errors[0] : path)
{
    public string Path { get; } = path;
    public IReadOnlyList<string> Errors { get; } = errors;
}
