using System.Diagnostics;
using System.Text;
using PerfRules.Tests.Cli;

namespace PerfRules.Tests.Packaging;

/// <summary>
/// The self-contained single-file executables of tests/tools/publish.sh: this machine's one runs
/// `lint` with no .NET installation to be found, compiling the rules (built-in and a custom
/// folder) inside the single file, and finds what the ordinary CLI finds; the Windows one is a
/// console PE for x64 named perfrules.exe, the macOS one an ad-hoc signed arm64 Mach-O executable.
/// One publish serves the whole run (<see cref="PublishedBuilds"/>).
/// </summary>
[Category("Publish")]
public class SingleFileTests
{
    private static PublishedBuilds.Built Built => PublishedBuilds.Get();

    private static string Exe => Built.Executable(PublishedBuilds.HostRid);

    /// <summary>The single file's own cache for a rule set: fresh, so its first run compiles there.</summary>
    private static string Cache(string name) => Path.Combine(PublishedBuilds.Scratch, "cache-single-file-" + name);

    private static ProcessRunner.Outcome Timed(string what, Func<ProcessRunner.Outcome> run)
    {
        var watch = Stopwatch.StartNew();
        var outcome = run();
        TestContext.Progress.WriteLine($"packaging: {what} took {watch.Elapsed.TotalSeconds:0.0} s");
        return outcome;
    }

    [Test]
    public void The_publish_folder_holds_the_executable_alone()
    {
        foreach (var rid in new[] { PublishedBuilds.HostRid, PublishedBuilds.WindowsRid, PublishedBuilds.MacRid })
            Directory.GetFiles(Built.PublishFolder(rid)).Select(Path.GetFileName)
                .ShouldBe(new[] { Path.GetFileName(Built.Executable(rid)) }, $"{rid}: a single file, nothing beside it");
    }

    [Test]
    public void The_single_file_lints_a_seed_without_dotnet_and_finds_what_the_cli_finds()
    {
        var seed = TestPaths.Seed("003");
        var expected = CliRunner.Run("lint", seed, "--format", "json");
        expected.Code.ShouldBe(1, "seed 003 has errors: " + expected.Err);

        var actual = Timed("single file, built-in rules",
            () => NoDotnet.Run(Exe, "lint", seed, "--format", "json", "--cache", Cache("builtin")));

        actual.Code.ShouldBe(expected.Code, actual.ToString());
        actual.Out.ShouldBe(expected.Out, actual.ToString());
        Directory.GetFiles(Cache("builtin"), "*.dll").ShouldHaveSingleItem("the single file compiled the rules itself and cached them");
    }

    [Test]
    public void The_single_file_compiles_a_custom_rule_folder()
    {
        // A copy of the built-in rules under another version: findings must carry it, so the copy is what ran.
        var rules = Path.Combine(PublishedBuilds.Scratch, "区县规则 custom");
        Directory.CreateDirectory(rules);
        foreach (var file in Directory.GetFiles(TestPaths.Rules, "*.yaml"))
            File.Copy(file, Path.Combine(rules, Path.GetFileName(file)), overwrite: true);
        var core = Path.Combine(rules, "core.yaml");
        var text = File.ReadAllText(core);
        text.ShouldContain("\nversion: 2026.1\n");
        File.WriteAllText(core, text.Replace("\nversion: 2026.1\n", "\nversion: 2026.1-district\n"));

        var seed = TestPaths.Seed("001");
        var expected = CliRunner.Run("lint", seed, "--format", "json", "--rules", rules);
        expected.Out.ShouldContain("\"ruleSetVersion\": \"2026.1-district\"");

        var actual = Timed("single file, custom rule folder (compiles it)",
            () => NoDotnet.Run(Exe, "lint", seed, "--format", "json", "--rules", rules, "--cache", Cache("custom")));

        actual.Code.ShouldBe(expected.Code, actual.ToString());
        actual.Out.ShouldBe(expected.Out, actual.ToString());
        Directory.GetFiles(Cache("custom"), "*.dll").ShouldHaveSingleItem("the single file compiled the custom folder");
    }

    [Test]
    public void The_single_file_reads_chinese_folders_and_refuses_a_fifo_like_the_cli()
    {
        // The special-file probe (Linux statx through libc) must work inside the single file too:
        // a named pipe is reported, never opened (opening it would block).
        var folder = Path.Combine(PublishedBuilds.Scratch, "预算 表格", "财政局（二）");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Seed("000"), Path.Combine(folder, "项目 甲.txt"), overwrite: true);
        var fifo = Path.Combine(folder, "管道");
        if (OperatingSystem.IsLinux() && !File.Exists(fifo))
            ProcessRunner.Run(NoDotnet.Which("mkfifo") ?? "mkfifo", new[] { fifo }).Code.ShouldBe(0);

        var expected = CliRunner.Run("lint", Path.Combine(PublishedBuilds.Scratch, "预算 表格"), "--format", "json");
        using (var json = System.Text.Json.JsonDocument.Parse(expected.Out))
        {
            var files = json.RootElement.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("file").GetString()).ToList();
            files.ShouldContain(Path.Combine(folder, "项目 甲.txt"));
        }
        if (OperatingSystem.IsLinux()) expected.Out.ShouldContain("命名管道");

        var actual = NoDotnet.Run(Exe, "lint", Path.Combine(PublishedBuilds.Scratch, "预算 表格"), "--format", "json", "--cache", Cache("builtin"));

        actual.Code.ShouldBe(expected.Code, actual.ToString());
        actual.Out.ShouldBe(expected.Out, actual.ToString());
    }

    [Test]
    public void Without_dotnet_a_framework_dependent_program_cannot_start()
    {
        // The control for the tests above: where the .NET folders are hidden, the ordinary
        // apphost beside the tests fails, so the single file's success is its own.
        if (!NoDotnet.Masked)
        {
            TestContext.Out.WriteLine("the .NET folders could not be hidden here; the environment alone was stripped");
            NoDotnet.Environment()["PATH"].Split(Path.PathSeparator).ShouldAllBe(dir => !NoDotnet.HasDotnet(dir));
            return;
        }
        var apphost = Path.Combine(TestContext.CurrentContext.TestDirectory, OperatingSystem.IsWindows() ? "perfrules.exe" : "perfrules");
        File.Exists(apphost).ShouldBeTrue(apphost);
        var run = NoDotnet.Run(apphost, "lint", TestPaths.Seed("003"), "--format", "json");
        run.Code.ShouldNotBe(0, run.ToString());
        run.Code.ShouldNotBe(1, run.ToString());
        run.Out.ShouldBeEmpty();
        run.Err.ShouldContain(".NET");
        TestContext.Out.WriteLine($"hidden: {string.Join(", ", NoDotnet.Installations)}; the apphost said: {run.Err.Split('\n')[0]}");
    }

    [Test]
    public void The_windows_build_is_an_x64_console_pe_named_perfrules_exe()
    {
        var exe = Built.Executable(PublishedBuilds.WindowsRid);
        Path.GetFileName(exe).ShouldBe("perfrules.exe");
        var pe = PeHeader.Read(exe);
        pe.Machine.ShouldBe(PeHeader.MachineAmd64);
        pe.Subsystem.ShouldBe(PeHeader.SubsystemConsole);
        pe.Is64Bit.ShouldBeTrue("PE32+ optional header");
        pe.IsDll.ShouldBeFalse();
        ShouldBeABundle(exe);
    }

    [Test]
    public void The_macos_build_is_an_arm64_mach_o_executable_signed_ad_hoc()
    {
        // macOS on Apple silicon runs no unsigned code: the SDK signs the file ad hoc, over the bundle too.
        var exe = Built.Executable(PublishedBuilds.MacRid);
        Path.GetFileName(exe).ShouldBe("perfrules");
        var macho = MachOHeader.Read(exe);
        macho.CpuType.ShouldBe(MachOHeader.CpuTypeArm64);
        macho.FileType.ShouldBe(MachOHeader.FileTypeExecute);
        macho.Signature.ShouldNotBeNull("an LC_CODE_SIGNATURE load command");
        var (offset, size, flags, identifier) = macho.Signature!.Value;
        (offset + size).ShouldBe(new FileInfo(exe).Length, "the signature is the file's last part, so it covers the bundle");
        (flags & MachOHeader.CodeSignatureAdhoc).ShouldBe(MachOHeader.CodeSignatureAdhoc, "an ad-hoc signature");
        identifier.ShouldBe("perfrules");
        ShouldBeABundle(exe);
    }

    [Test]
    public void Each_single_file_carries_perfrules_precompiled_for_its_platform_and_the_large_rarely_run_libraries_as_il()
    {
        // ReadyToRun (PerfRules.Cli.csproj): about half the CPU of a warm-cache lint. Roslyn, OpenXml
        // and PdfPig are left as IL (PublishReadyToRunExclude): precompiled they add about 40 MB.
        foreach (var rid in new[] { PublishedBuilds.HostRid, PublishedBuilds.WindowsRid, PublishedBuilds.MacRid })
        {
            var exe = Built.Executable(rid);
            var files = BundleManifest.Read(exe, BundleHeaderOffset(exe));
            foreach (var precompiled in new[] { "perfrules.dll", "PerfRules.Core.dll", "YamlDotNet.dll", "System.CommandLine.dll" })
                BundleManifest.ReadyToRunMachine(exe, files, precompiled).ShouldBe(BundleManifest.ReadyToRunMachineOf(rid), $"{rid}: {precompiled} precompiled for {rid}");
            foreach (var il in new[] { "Microsoft.CodeAnalysis.CSharp.dll", "DocumentFormat.OpenXml.dll", "UglyToad.PdfPig.dll" })
                BundleManifest.ReadyToRunMachine(exe, files, il).ShouldBeNull($"{rid}: {il} left as IL");
        }
    }

    private static void ShouldBeABundle(string exe)
    {
        var bundle = BundleHeaderOffset(exe);
        bundle.ShouldBeGreaterThan(0L, "a single-file bundle: the host points at the bundled app and runtime");
        bundle.ShouldBeLessThan(new FileInfo(exe).Length);
    }

    /// <summary>
    /// Where the bundle's header starts, as the single-file host finds it: the 8 bytes before the
    /// bundle signature (SHA-256 of ".net core bundle"); 0 in a host that carries no bundle.
    /// </summary>
    private static long BundleHeaderOffset(string exe)
    {
        ReadOnlySpan<byte> signature =
        [
            0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
            0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
        ];
        var bytes = File.ReadAllBytes(exe);
        var at = bytes.AsSpan().IndexOf(signature);
        at.ShouldBeGreaterThanOrEqualTo(8, "no single-file host signature in " + exe);
        return BitConverter.ToInt64(bytes, at - 8);
    }
}

/// <summary>
/// The files inside a single-file bundle, as the host reads its manifest (bundle format 6, .NET 6 and
/// later): where each lies in the executable, and whether an assembly among them is ReadyToRun.
/// </summary>
internal static class BundleManifest
{
    public sealed record Entry(long Offset, long Size, long CompressedSize, string Path);

    public static IReadOnlyDictionary<string, Entry> Read(string exe, long headerOffset)
    {
        using var stream = File.OpenRead(exe);
        stream.Position = headerOffset;
        using var r = new BinaryReader(stream, Encoding.UTF8);
        var major = r.ReadUInt32();
        r.ReadUInt32(); // minor
        major.ShouldBeGreaterThanOrEqualTo(6u, "bundle format 6 (.NET 6 and later)");
        var count = r.ReadInt32();
        r.ReadString(); // bundle id
        r.ReadBytes(8 * 5); // deps.json and runtimeconfig.json offset and size, flags
        var files = new Dictionary<string, Entry>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var offset = r.ReadInt64();
            var size = r.ReadInt64();
            var compressed = r.ReadInt64();
            r.ReadByte(); // file type
            var path = r.ReadString();
            files[path] = new Entry(offset, size, compressed, path);
        }
        return files;
    }

    /// <summary>
    /// The machine a bundled assembly's native code is for (the PE machine field, which ReadyToRun
    /// XORs with a value for the OS), or null for IL only (no ManagedNativeHeader).
    /// </summary>
    public static ushort? ReadyToRunMachine(string exe, IReadOnlyDictionary<string, Entry> files, string name)
    {
        files.TryGetValue(name, out var entry).ShouldBeTrue($"{name} in the bundle of {exe}");
        entry!.CompressedSize.ShouldBe(0L, "bundled uncompressed (docs/install.md)");
        var bytes = new byte[entry.Size];
        using (var stream = File.OpenRead(exe))
        {
            stream.Position = entry.Offset;
            stream.ReadExactly(bytes);
        }
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(bytes));
        var cor = pe.PEHeaders.CorHeader.ShouldNotBeNull($"{name} is a .NET assembly");
        return cor.ManagedNativeHeaderDirectory.Size == 0 ? null : (ushort)pe.PEHeaders.CoffHeader.Machine;
    }

    /// <summary>What <see cref="ReadyToRunMachine"/> gives for code made for a runtime identifier.</summary>
    public static ushort ReadyToRunMachineOf(string rid)
    {
        var machine = rid.EndsWith("-arm64", StringComparison.Ordinal) ? (ushort)0xAA64 : (ushort)0x8664;
        var os = rid.StartsWith("win", StringComparison.Ordinal) ? 0
            : rid.StartsWith("osx", StringComparison.Ordinal) ? 0x4644
            : rid.StartsWith("linux", StringComparison.Ordinal) ? 0x7B79
            : throw new ArgumentException("no ReadyToRun OS value known for " + rid);
        return (ushort)(machine ^ os);
    }
}

/// <summary>The few fields of a PE file's headers that say what it is.</summary>
internal sealed record PeHeader(ushort Machine, ushort Subsystem, bool Is64Bit, bool IsDll)
{
    public const ushort MachineAmd64 = 0x8664;
    public const ushort SubsystemConsole = 3;

    public static PeHeader Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream, Encoding.ASCII);
        r.ReadUInt16().ShouldBe((ushort)0x5A4D, "MZ");
        stream.Position = 0x3C;
        var peOffset = r.ReadInt32();
        stream.Position = peOffset;
        r.ReadUInt32().ShouldBe(0x00004550u, "PE\\0\\0 signature");
        var machine = r.ReadUInt16();
        stream.Position = peOffset + 4 + 18;
        var characteristics = r.ReadUInt16();
        var magic = r.ReadUInt16();
        // Subsystem sits at offset 68 of the optional header in both PE32 and PE32+.
        stream.Position = peOffset + 4 + 20 + 68;
        var subsystem = r.ReadUInt16();
        return new PeHeader(machine, subsystem, magic == 0x20B, (characteristics & 0x2000) != 0);
    }
}

/// <summary>
/// The few fields of a 64-bit little-endian Mach-O file that say what it is, and its embedded code
/// signature: where it lies, the CodeDirectory's flags and the identifier it signs.
/// </summary>
internal sealed record MachOHeader(uint CpuType, uint FileType, (long Offset, long Size, uint Flags, string Identifier)? Signature)
{
    public const uint CpuTypeArm64 = 0x0100000C;
    public const uint FileTypeExecute = 2;
    public const uint CodeSignatureAdhoc = 0x2;
    private const uint LoadCodeSignature = 0x1D;

    public static MachOHeader Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        BitConverter.ToUInt32(bytes, 0).ShouldBe(0xFEEDFACFu, "MH_MAGIC_64");
        var cpu = BitConverter.ToUInt32(bytes, 4);
        var fileType = BitConverter.ToUInt32(bytes, 12);
        var commands = BitConverter.ToUInt32(bytes, 16);
        (long, long, uint, string)? signature = null;
        var at = 32; // the 64-bit header's size
        for (var i = 0; i < commands; i++)
        {
            var command = BitConverter.ToUInt32(bytes, at);
            if (command == LoadCodeSignature)
                signature = ReadSignature(bytes, BitConverter.ToUInt32(bytes, at + 8), BitConverter.ToUInt32(bytes, at + 12));
            at += (int)BitConverter.ToUInt32(bytes, at + 4);
        }
        return new MachOHeader(cpu, fileType, signature);
    }

    /// <summary>The code signature superblob (big-endian): its CodeDirectory's flags and identifier.</summary>
    private static (long, long, uint, string) ReadSignature(byte[] bytes, uint offset, uint size)
    {
        uint Big(long at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)at, 4));
        Big(offset).ShouldBe(0xFADE0CC0u, "an embedded signature superblob");
        var count = Big(offset + 8);
        for (var i = 0; i < count; i++)
        {
            var blob = offset + Big(offset + 12 + 8 * i + 4);
            if (Big(blob) != 0xFADE0C02u) continue; // not the CodeDirectory
            var flags = Big(blob + 12);
            var identStart = (int)(blob + Big(blob + 20));
            var identEnd = Array.IndexOf(bytes, (byte)0, identStart);
            return (offset, size, flags, Encoding.ASCII.GetString(bytes, identStart, identEnd - identStart));
        }
        throw new InvalidDataException("no CodeDirectory in the signature");
    }
}
