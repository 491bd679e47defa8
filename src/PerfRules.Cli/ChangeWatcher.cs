namespace PerfRules.Cli;

/// <summary>
/// lint --watch: notices that the inputs changed by comparing snapshots (size and time of every
/// input file) taken every <see cref="Interval"/>, and waits until they stay the same for
/// <see cref="QuietPolls"/> polls in a row. Polling, not file-system events: Excel and WPS save by
/// writing a temporary file and renaming it over the table (the table is briefly missing, lock and
/// temporary files come and go), network drives and USB sticks give no events, and a settled
/// snapshot is what a clerk's save ends in whatever the editor did on the way.
/// </summary>
internal sealed class ChangeWatcher(Func<IReadOnlyDictionary<string, (long Length, DateTime Written)>> take)
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(500);
    public int QuietPolls { get; init; } = 2;

    /// <summary>The inputs as they are now.</summary>
    public IReadOnlyDictionary<string, (long Length, DateTime Written)> Take() => take();

    /// <summary>
    /// Blocks until the inputs differ from <paramref name="since"/> and have then settled; returns
    /// the settled snapshot, or null when <paramref name="cancel"/> ends the wait.
    /// </summary>
    public IReadOnlyDictionary<string, (long Length, DateTime Written)>? WaitForChange(
        IReadOnlyDictionary<string, (long Length, DateTime Written)> since, CancellationToken cancel = default)
    {
        var previous = since;
        var changed = false;
        var quiet = 0;
        while (!cancel.WaitHandle.WaitOne(Interval))
        {
            var now = take();
            if (!Same(now, previous))
            {
                changed = true;
                quiet = 0;
                previous = now;
                continue;
            }
            if (changed && ++quiet >= QuietPolls) return now;
        }
        return null;
    }

    public static bool Same(IReadOnlyDictionary<string, (long Length, DateTime Written)> a, IReadOnlyDictionary<string, (long Length, DateTime Written)> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var y) && y == x.Value);

    /// <summary>The size and last write time of each file (a missing file is absent from the snapshot).</summary>
    public static IReadOnlyDictionary<string, (long Length, DateTime Written)> Snapshot(IEnumerable<string> files)
    {
        var map = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            try
            {
                var info = new FileInfo(f);
                if (info.Exists) map[f] = (info.Length, info.LastWriteTimeUtc);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* as if missing */ }
        }
        return map;
    }
}
