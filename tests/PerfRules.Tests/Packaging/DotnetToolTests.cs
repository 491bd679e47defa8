using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using PerfRules.Tests.Cli;

namespace PerfRules.Tests.Packaging;

/// <summary>
/// The .NET tool: the package tests/tools/publish.sh packs installs with `dotnet tool install
/// --tool-path … --add-source …` (from that folder only: a NuGet configuration without other
/// sources, so no package of the same name from elsewhere can stand in) and `perfrules lint` runs.
/// </summary>
[Category("Publish")]
public class DotnetToolTests
{
    private static string Package => Directory.GetFiles(PublishedBuilds.Get().PackageFolder, "PerfRules.Cli.*.nupkg").ShouldHaveSingleItem();

    [Test]
    public void The_package_is_a_dotnet_tool_with_the_command_perfrules()
    {
        using var zip = ZipFile.OpenRead(Package);
        var settings = zip.Entries.Where(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)).ShouldHaveSingleItem();
        using (var stream = settings.Open())
        {
            var command = XDocument.Load(stream).Descendants("Command").ShouldHaveSingleItem();
            command.Attribute("Name")!.Value.ShouldBe("perfrules");
            command.Attribute("EntryPoint")!.Value.ShouldBe("perfrules.dll");
        }
        var nuspec = zip.Entries.Where(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).ShouldHaveSingleItem();
        using (var stream = nuspec.Open())
        {
            var doc = XDocument.Load(stream);
            doc.Descendants().Single(e => e.Name.LocalName == "id").Value.ShouldBe("PerfRules.Cli");
            doc.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value.ShouldBe("DotnetTool");
        }
        // The built-in rules travel inside the library, not as loose files.
        zip.Entries.ShouldContain(e => e.FullName.EndsWith("/PerfRules.Core.dll", StringComparison.Ordinal));
    }

    [Test]
    public void The_tool_installs_into_a_tool_path_and_lints_a_seed()
    {
        var root = Path.Combine(PublishedBuilds.Scratch, "tool");
        var toolPath = Path.Combine(root, "tools");
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "nuget.config");
        File.WriteAllText(config, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n");

        var watch = Stopwatch.StartNew();
        var install = ProcessRunner.Run(ProcessRunner.Dotnet,
            new[] { "tool", "install", "--tool-path", toolPath, "--configfile", config, "--add-source", PublishedBuilds.Get().PackageFolder, "PerfRules.Cli" },
            workingDirectory: root);
        TestContext.Progress.WriteLine($"packaging: dotnet tool install took {watch.Elapsed.TotalSeconds:0.0} s");
        install.Code.ShouldBe(0, install.ToString());

        var shim = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "perfrules.exe" : "perfrules");
        File.Exists(shim).ShouldBeTrue(shim);
        var seed = TestPaths.Seed("004");
        var expected = CliRunner.Run("lint", seed, "--format", "json");
        var actual = ProcessRunner.Run(shim, new[] { "lint", seed, "--format", "json", "--cache", Path.Combine(PublishedBuilds.Scratch, "cache-tool") });
        actual.Code.ShouldBe(expected.Code, actual.ToString());
        actual.Out.ShouldBe(expected.Out, actual.ToString());

        var text = ProcessRunner.Run(shim, new[] { "lint", seed, "--cache", Path.Combine(PublishedBuilds.Scratch, "cache-tool") });
        text.Out.ShouldContain("共检查 1 个文件");
    }
}
