using System.Text.Json;
using System.Text.RegularExpressions;
using PerfRules.Rules;
using PerfRules.Tests.Formats;
using PerfRules.Tests.Office;
using PerfRules.Tests.Pdf;
using PerfRules.Tests.Rules;
using static PerfRules.Tests.Formats.FileFormatLintTests;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>
/// Workbooks, Word files, CSV and PDFs through /api/v1/lint and /parse: read by their content, as
/// `perfrules lint` reads them, with the seed's findings and their places in the file.
/// </summary>
public class FileFormatEndpointTests
{
    /// <summary>The office files of the command line's tests and the smallest seed PDF: together under the test service's 512 KB request limit.</summary>
    private static readonly (string Path, string Seed, string Place)[] Uploads = FileFormatLintTests.Files
        .Where(f => !f.Path.EndsWith(".pdf", StringComparison.Ordinal))
        .Append((PdfFixtures.Seed("001"), "001", @"^p\d+:\d+:\d+$")).ToArray();

    [Test]
    public async Task The_service_reads_every_format_as_the_library_does()
    {
        var uploads = Uploads.Select(f => (Path.GetFileName(f.Path), File.ReadAllBytes(f.Path))).ToArray();
        var r = await SharedService.Instance.Client.PostAsync("/api/v1/lint?failOn=never", Multipart(uploads));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        body.ShouldBe(Expected("json", uploads));
        var documents = JsonDocument.Parse(body).RootElement.GetProperty("documents").EnumerateArray().ToList();
        documents.Count.ShouldBe(Uploads.Length);
        for (var k = 0; k < Uploads.Length; k++)
        {
            var (path, seed, placeForm) = Uploads[k];
            documents[k].GetProperty("file").GetString().ShouldBe(Path.GetFileName(path));
            var findings = JsonFindings(documents[k]);
            findings.ShouldNotBeEmpty(path);
            findings.Where(f => f.TryGetProperty("span", out _)).ShouldAllBe(f => Regex.IsMatch(f.GetProperty("place").GetString()!, placeForm));
            Comparable(Own(findings)).ShouldBe(ExpectedFindings(path, seed), path);
        }
    }

    [TestCase("application/pdf", "001.pdf")]
    [TestCase("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "001.layout1.xlsx")]
    public async Task One_raw_body_of_an_office_or_pdf_type_is_read_by_its_content(string mediaType, string name)
    {
        var path = name.EndsWith(".pdf", StringComparison.Ordinal) ? PdfFixtures.Seed(name[..3]) : OfficeFixtures.PathOf(name);
        var bytes = File.ReadAllBytes(path);
        var lint = await SharedService.Instance.Client.PostAsync("/api/v1/lint?failOn=never", Raw(bytes, mediaType));
        var body = await Text(lint);
        ((int)lint.StatusCode).ShouldBe(200, body);
        // No name given: the content, not the name, decided the format.
        body.ShouldBe(Expected("json", ("document.txt", bytes)));
        JsonFindings(JsonDocument.Parse(body).RootElement.GetProperty("documents")[0]).Count(f => f.TryGetProperty("place", out var _)).ShouldBeGreaterThan(0);

        var parse = await SharedService.Instance.Client.PostAsync("/api/v1/parse", Raw(bytes, mediaType));
        var model = JsonDocument.Parse(await Text(parse)).RootElement;
        ((int)parse.StatusCode).ShouldBe(200);
        model.GetProperty("department").GetString().ShouldBe(Seeds.Read(name[..3]).Department);
    }
}
