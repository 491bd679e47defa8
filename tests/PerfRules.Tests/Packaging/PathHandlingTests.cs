using PerfRules.Runs;
using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Cli;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Packaging;

/// <summary>
/// Paths as clerks have them: Windows drives, backslashes and UNC shares in report URIs (the one
/// place where the code decides by platform, tested with Windows paths here), and Chinese folder
/// names with spaces and brackets for real, from the command line to the text, JSON and SARIF reports.
/// </summary>
public class PathHandlingTests
{
    /// <summary>A well-formed file URI: nothing unescaped in it, and System.Uri reads it as one.</summary>
    private static Uri Absolute(string uri)
    {
        uri.ShouldNotContain(" ");
        uri.ShouldNotContain("\\");
        uri.ShouldAllBe(c => c < 128, uri);
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed).ShouldBeTrue(uri);
        parsed!.Scheme.ShouldBe("file");
        return parsed;
    }

    // System.Uri shows a drive path with or without the leading slash depending on the platform.
    private static string PathOf(Uri uri) => "/" + Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');

    [Test]
    public void A_windows_drive_path_is_a_file_uri_with_the_drive_and_escaped_segments()
    {
        var uri = SarifFormatter.PathToUri(@"D:\预算 2026\部门#1\表 50%.txt", windows: true);
        uri.ShouldStartWith("file:///D:/");
        uri.ShouldNotContain("\\");
        uri.ShouldNotContain("#");
        var parsed = Absolute(uri);
        parsed.Host.ShouldBeEmpty();
        PathOf(parsed).ShouldBe("/D:/预算 2026/部门#1/表 50%.txt");
    }

    [Test]
    public void A_unc_path_is_a_file_uri_naming_the_server()
    {
        var share = Absolute(SarifFormatter.PathToUri(@"\\fileserver\预算 共享\表.txt", windows: true));
        share.Host.ShouldBe("fileserver");
        share.IsUnc.ShouldBeTrue();
        Uri.UnescapeDataString(share.AbsolutePath).ShouldBe("/预算 共享/表.txt");
    }

    [Test]
    public void A_relative_windows_path_is_a_relative_uri_with_forward_slashes()
    {
        var uri = SarifFormatter.PathToUri(@"表格\财政局（二）\项目 甲.txt", windows: true);
        uri.Split('/').Length.ShouldBe(3);
        uri.ShouldAllBe(c => c < 128 && c != ' ' && c != '\\', uri);
        Uri.TryCreate(uri, UriKind.Absolute, out _).ShouldBeFalse(uri);
        Uri.UnescapeDataString(uri).ShouldBe("表格/财政局（二）/项目 甲.txt");
        PathOf(new Uri(new Uri("file:///C:/work/"), uri)).ShouldBe("/C:/work/表格/财政局（二）/项目 甲.txt");
    }

    [Test]
    public void On_unix_a_backslash_and_a_colon_are_parts_of_a_name()
    {
        var absolute = Absolute(SarifFormatter.PathToUri("/home/张三/a\\b.txt", windows: false));
        PathOf(absolute).ShouldBe("/home/张三/a\\b.txt");
        absolute.Segments.Length.ShouldBe(4);

        // "C:x" would read as a URI scheme: the colon is escaped, so it stays a relative reference.
        var relative = SarifFormatter.PathToUri("C:x/表.txt", windows: false);
        Uri.TryCreate(relative, UriKind.Absolute, out _).ShouldBeFalse(relative);
        Uri.UnescapeDataString(relative).ShouldBe("C:x/表.txt");
    }

    private string _root = "";

    [TearDown]
    public void RemoveTree()
    {
        if (_root.Length > 0 && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>A folder tree with Chinese names, spaces and brackets holding two seeds (removed after the test).</summary>
    private (string Root, string[] Files) ChineseTree()
    {
        var root = _root = SeedReport.TempDir("paths");
        var dept = Path.Combine(root, "预算 表格 2026", "财政局（二）");
        Directory.CreateDirectory(dept);
        var a = Path.Combine(dept, "项目 甲#1.txt");
        var b = Path.Combine(root, "预算 表格 2026", "部门整体.txt");
        File.Copy(TestPaths.Seed("003"), a);
        File.Copy(TestPaths.Seed("000"), b);
        return (root, new[] { a, b });
    }

    [Test]
    public void Chinese_folder_names_reach_every_report_unchanged()
    {
        var (root, files) = ChineseTree();
        var folder = Path.Combine(root, "预算 表格 2026");

        InputExpansion.Paths(new[] { folder }).Order(StringComparer.Ordinal).ShouldBe(files.Order(StringComparer.Ordinal));

        var json = CliRunner.Run("lint", folder, "--format", "json");
        json.Code.ShouldBe(1, json.Err);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            var documents = doc.RootElement.GetProperty("documents").EnumerateArray().ToList();
            documents.Select(d => d.GetProperty("file").GetString()).Order(StringComparer.Ordinal).ShouldBe(files.Order(StringComparer.Ordinal));
            foreach (var d in documents)
                foreach (var f in d.GetProperty("findings").EnumerateArray())
                    f.GetProperty("file").GetString().ShouldBe(d.GetProperty("file").GetString());
        }

        var text = CliRunner.Run("lint", folder);
        text.Out.ShouldContain(files[0] + ":");
        text.Out.ShouldContain(files[1] + ":");
    }

    [Test]
    public void Sarif_uris_of_chinese_folders_resolve_back_to_the_files()
    {
        var (root, files) = ChineseTree();
        var report = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Path.Combine(root, "预算 表格 2026") });

        foreach (var (baseDir, relative) in new[] { (root, true), (Path.Combine(root, "elsewhere"), false) })
        {
            var writer = new StringWriter();
            new SarifFormatter { BaseDirectory = baseDir }.Write(report, writer);
            using var sarif = JsonDocument.Parse(writer.ToString());
            var uris = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!)
                .Distinct().ToList();
            uris.Count.ShouldBe(2);
            foreach (var uri in uris)
            {
                uri.ShouldNotContain(" ");
                Uri.TryCreate(uri, UriKind.Absolute, out _).ShouldBe(!relative, uri);
                // Resolved by hand: System.Uri re-escapes a %23 in file URIs.
                var local = relative
                    ? Path.GetFullPath(Path.Combine(root, Uri.UnescapeDataString(uri)))
                    : Path.GetFullPath(Uri.UnescapeDataString(uri["file://".Length..]).TrimStart(OperatingSystem.IsWindows() ? '/' : '\0'));
                files.ShouldContain(local);
            }
        }
    }
}
