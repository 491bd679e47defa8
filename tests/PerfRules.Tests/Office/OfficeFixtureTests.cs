using System.IO.Compression;
using PerfRules.Tests.Golden;

namespace PerfRules.Tests.Office;

/// <summary>The committed files under fixtures/office are what the generator writes (rewrite: PERFRULES_UPDATE_GOLDEN=1).</summary>
public class OfficeFixtureTests
{
    public static IEnumerable<string> Names => OfficeFixtures.All().Select(f => f.Name);

    [TestCaseSource(nameof(Names))]
    public void Committed_fixture_is_what_the_generator_writes(string name)
    {
        var fixture = OfficeFixtures.All().Single(f => f.Name == name);
        var made = fixture.Make();
        var path = OfficeFixtures.PathOf(name);
        if (GoldenFiles.Mode == GoldenMode.Refused)
            Assert.Fail($"PERFRULES_UPDATE_GOLDEN=1 is refused under CI: office fixture {name} was not rewritten.");
        if (GoldenFiles.Mode == GoldenMode.Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, made);
            Assert.Warn($"office fixture {name} rewritten");
            return;
        }
        File.Exists(path).ShouldBeTrue($"{name} is missing (run with PERFRULES_UPDATE_GOLDEN=1)");
        var committed = File.ReadAllBytes(path);
        // Zips compare by their entries: the deflate bytes may differ between zlib versions.
        if (committed.Length > 4 && committed[0] == 'P' && committed[1] == 'K')
            Entries(committed).ShouldBe(Entries(made), $"{name} is out of date: run with PERFRULES_UPDATE_GOLDEN=1");
        else
            committed.ShouldBe(made, $"{name} is out of date: run with PERFRULES_UPDATE_GOLDEN=1");
    }

    internal static List<string> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var s = e.Open();
            var ms = new MemoryStream();
            s.CopyTo(ms);
            return e.FullName + " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ms.ToArray()));
        }).ToList();
    }
}

/// <summary>The generated workbooks and Word files are valid Office Open XML (the SDK's validator, Office 2019 rules).</summary>
public class OfficeFixtureValidityTests
{
    public static IEnumerable<string> Packages => OfficeFixtureTests.Names.Where(n => n.EndsWith(".xlsx") || n.EndsWith(".docx") || n.EndsWith(".xlsx.txt"))
        .Where(n => !n.StartsWith("negative/") || n == "negative/not-a-table.xlsx");

    [TestCaseSource(nameof(Packages))]
    public void Fixture_passes_the_Open_XML_validator(string name)
    {
        var bytes = OfficeFixtures.Bytes(name);
        using DocumentFormat.OpenXml.Packaging.OpenXmlPackage doc = System.Text.Encoding.ASCII.GetString(bytes).Contains("word/")
            ? DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false)
            : DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty();
    }
}
