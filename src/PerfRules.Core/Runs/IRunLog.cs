using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// What a run tells its host as it goes — file names, counts and timings, never document contents.
/// Every method does nothing unless a host overrides it (the CLI writes them to its log); called
/// from worker threads. Core itself carries no logging library.
/// </summary>
public interface IRunLog
{
    /// <summary>A batch starts: how many inputs, how many at once.</summary>
    void Started(int inputs, int jobs) { }

    /// <summary>An input could not be opened or read (it is reported as PR001).</summary>
    void Unreadable(string path, string reason) { }

    /// <summary>An input is larger than the limit and was not read (PR006).</summary>
    void TooLarge(string path, long bytes) { }

    /// <summary>An opener left a part of an input out on purpose (a 填表说明 sheet), with why.</summary>
    void Skipped(string path, string format, string why) { }

    /// <summary>One document was read and checked.</summary>
    void Checked(string name, SubmissionKind kind, string format, long bytes, int findings, TimeSpan elapsed) { }
}
