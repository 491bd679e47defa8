using System.Text;
using PerfRules.Reports;
using PerfRules.Files;

namespace PerfRules.Tests.Reports;

/// <summary>
/// AtomicFile: the target is the old file or the whole new one, whatever fails; no temporary file
/// is left behind by a failure. A full disk is simulated by a stream that fails like one (ENOSPC);
/// tests run as root, so permissions cannot make a folder unwritable, but a path through a file can.
/// </summary>
public class AtomicFileTests
{
    private const int ENOSPC = 28;

    /// <summary>Passes writes through until <paramref name="budget"/> bytes, then fails as a full disk does.</summary>
    internal sealed class FullDiskStream(Stream inner, long budget) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > budget)
            {
                var room = (int)Math.Max(0, budget - _written);
                inner.Write(buffer[..room]);
                _written += room;
                throw new IOException("No space left on device", ENOSPC);
            }
            inner.Write(buffer);
            _written += buffer.Length;
        }
    }

    private static string[] Temporaries(string dir) =>
        Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => AtomicFile.IsTemporary(n!)).ToArray()!;

    [Test]
    public void A_write_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var dir = SeedReport.TempDir("atomic-ok");
        var target = Path.Combine(dir, "report.json");
        File.WriteAllText(target, "old");
        AtomicFile.WriteAllText(target, "新的内容");
        File.ReadAllText(target).ShouldBe("新的内容");
        Temporaries(dir).ShouldBeEmpty();
        Directory.GetFiles(dir).ShouldHaveSingleItem();
    }

    [Test]
    public void A_full_disk_mid_write_leaves_the_old_file_and_no_temporary_file_and_says_so_in_chinese()
    {
        var dir = SeedReport.TempDir("atomic-full");
        var target = Path.Combine(dir, "perfrules-baseline.json");
        File.WriteAllText(target, "{\"old\": true}");
        var big = new string('x', 200_000);
        string? tempSeen = null;
        var e = Should.Throw<OutputFileException>(() => AtomicFile.Write(target, s =>
        {
            tempSeen = AtomicFile.LiveTemporaries().Single(t => Path.GetDirectoryName(t) == dir);
            new FullDiskStream(s, 4096).Write(Encoding.UTF8.GetBytes(big));
        }));
        File.ReadAllText(target).ShouldBe("{\"old\": true}");
        tempSeen.ShouldNotBeNull();
        File.Exists(tempSeen).ShouldBeFalse("the temporary file is deleted");
        Temporaries(dir).ShouldBeEmpty();
        AtomicFile.LiveTemporaries().ShouldNotContain(tempSeen);
        e.Path.ShouldBe(target);
        e.Message.ShouldContain(target);
        e.Message.ShouldContain("磁盘空间不足");
        e.Message.ShouldContain("原有文件未改动");
        e.Message.ShouldNotContain("\n");
    }

    [Test]
    public void A_failed_first_write_creates_no_file_at_all()
    {
        var dir = SeedReport.TempDir("atomic-new");
        var target = Path.Combine(dir, "new.html");
        var e = Should.Throw<OutputFileException>(() => AtomicFile.Write(target, s => throw new IOException("No space left on device", ENOSPC)));
        e.Message.ShouldContain("未生成该文件");
        Directory.GetFiles(dir).ShouldBeEmpty();
    }

    [Test]
    public void A_bug_in_the_writer_is_not_disguised_as_a_file_error_but_still_leaves_nothing_behind()
    {
        var dir = SeedReport.TempDir("atomic-bug");
        var target = Path.Combine(dir, "r.csv");
        File.WriteAllText(target, "old");
        Should.Throw<InvalidOperationException>(() => AtomicFile.Write(target, s => { s.WriteByte(1); throw new InvalidOperationException("bug"); }));
        File.ReadAllText(target).ShouldBe("old");
        Temporaries(dir).ShouldBeEmpty();
    }

    [Test]
    public void Unwritable_targets_are_refused_with_the_path_named()
    {
        var dir = SeedReport.TempDir("atomic-bad");
        var file = Path.Combine(dir, "plain.txt");
        File.WriteAllText(file, "x");
        // A folder below a file cannot be made, even by root.
        var under = Path.Combine(file, "sub", "r.json");
        var e = Should.Throw<OutputFileException>(() => AtomicFile.WriteAllText(under, "x"));
        e.Message.ShouldContain(under);
        e.Message.ShouldContain("不是目录");
        // A folder as the target.
        var e2 = Should.Throw<OutputFileException>(() => AtomicFile.WriteAllText(dir, "x"));
        e2.Message.ShouldContain("目录");
        File.ReadAllText(file).ShouldBe("x");
        Directory.GetFiles(dir).ShouldBe(new[] { file });
    }

    [Test]
    public void A_directory_where_a_file_was_expected_is_said_in_chinese_not_in_the_systems_words()
    {
        // The system's own exception, not a made-up one: open a folder for writing.
        var e = Should.Throw<Exception>(() => File.OpenWrite(SeedReport.TempDir("atomic-dir")));
        AtomicFile.Reason(e).ShouldNotContain("系统信息");
        AtomicFile.Reason(new FileNotFoundException("Could not find file '/x/y'.", "/x/y")).ShouldBe("文件不存在");
        if (!OperatingSystem.IsWindows())
        {
            AtomicFile.Reason(new IOException("Is a directory : '/x'", 21)).ShouldBe("这是一个目录，不是文件");
            AtomicFile.Reason(new IOException("Input/output error", 5)).ShouldBe("磁盘读写错误");
        }
        else
        {
            // ERROR_SHARING_VIOLATION as Windows reports it: a report left open in Excel.
            AtomicFile.Reason(new IOException("The process cannot access the file", unchecked((int)0x80070020))).ShouldContain("被其他程序占用");
        }
        AtomicFile.Reason(new IOException("Something odd")).ShouldBe("读写出错（系统信息：Something odd）");
    }

    [Test]
    public void Missing_folders_are_made()
    {
        var dir = SeedReport.TempDir("atomic-mkdir");
        var target = Path.Combine(dir, "a", "b", "r.txt");
        AtomicFile.WriteAllText(target, "ok");
        File.ReadAllText(target).ShouldBe("ok");
    }

    [Test]
    public void A_device_is_written_straight_through_not_replaced()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("/dev/null is a Linux path");
        AtomicFile.WriteAllText("/dev/null", "discarded");
        File.Exists("/dev/null").ShouldBeTrue();
        new FileInfo("/dev/null").Length.ShouldBe(0);
        Directory.GetFiles("/dev").Select(Path.GetFileName).Where(n => AtomicFile.IsTemporary(n!)).ShouldBeEmpty();
    }

    [Test]
    public void A_symbolic_link_keeps_pointing_at_its_file_which_gets_the_new_content()
    {
        var dir = SeedReport.TempDir("atomic-link");
        var real = Path.Combine(dir, "real.json");
        File.WriteAllText(real, "old");
        var link = Path.Combine(dir, "link.json");
        File.CreateSymbolicLink(link, real);
        AtomicFile.WriteAllText(link, "new");
        new FileInfo(link).LinkTarget.ShouldBe(real);
        File.ReadAllText(real).ShouldBe("new");
    }

    [Test, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_old_files_permissions_are_kept()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix file modes");
        var dir = SeedReport.TempDir("atomic-mode");
        var target = Path.Combine(dir, "baseline.json");
        File.WriteAllText(target, "old");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(target, mode);
        AtomicFile.WriteAllText(target, "new");
        File.GetUnixFileMode(target).ShouldBe(mode);
    }

    [Test]
    public void Temporary_files_of_a_killed_process_are_removed_by_the_next_write_and_those_of_live_ones_kept()
    {
        var dir = SeedReport.TempDir("atomic-stale");
        var target = Path.Combine(dir, "r.html");
        // No process has pid int.MaxValue - 1 (Linux pids stay below 2^22); the test runner's own pid is alive.
        var dead = Path.Combine(dir, $".r.html.{int.MaxValue - 1}-deadbeef.perfrules.tmp");
        var live = Path.Combine(dir, $".r.html.{Environment.ProcessId}-0badf00d.perfrules.tmp");
        var other = Path.Combine(dir, $".other.html.{int.MaxValue - 1}-deadbeef.perfrules.tmp");
        foreach (var f in new[] { dead, live, other }) File.WriteAllText(f, "partial");
        AtomicFile.WriteAllText(target, "whole");
        File.Exists(dead).ShouldBeFalse();
        File.Exists(live).ShouldBeTrue();
        File.Exists(other).ShouldBeTrue("another target's files are not this write's business");
        File.ReadAllText(target).ShouldBe("whole");
    }

    [Test, NonParallelizable]
    public void Abandoning_deletes_the_file_being_written_and_nothing_is_renamed_into_place()
    {
        var dir = SeedReport.TempDir("atomic-abandon");
        var target = Path.Combine(dir, "r.json");
        File.WriteAllText(target, "old");
        using var writing = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        string? temp = null;
        var t = Task.Run(() => AtomicFile.Write(target, s =>
        {
            s.Write(Encoding.UTF8.GetBytes("new but not finished"));
            s.Flush();
            temp = AtomicFile.LiveTemporaries().Single(x => Path.GetDirectoryName(x) == dir);
            writing.Set();
            resume.Wait();
        }));
        writing.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        File.Exists(temp).ShouldBeTrue();
        try
        {
            AtomicFile.AbandonAll().ShouldBe(1);
            File.Exists(temp).ShouldBeFalse();
            resume.Set();
            Should.Throw<OperationCanceledException>(() => t.GetAwaiter().GetResult());
            File.ReadAllText(target).ShouldBe("old");
            Temporaries(dir).ShouldBeEmpty();
        }
        finally
        {
            resume.Set();
            AtomicFile.ResetAbandonedForTests();
        }
    }
}
