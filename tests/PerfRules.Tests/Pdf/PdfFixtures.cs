using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// The test PDFs in fixtures/pdf: each seed printed as its government form by headless chromium,
/// two in a second style, and the PDFs that cannot be checked. Written by tests/PerfRules.Fixtures
/// (`dotnet run --project tests/PerfRules.Fixtures -- pdf`, by hand), then looked at and committed; the tests only read them.
/// </summary>
public static class PdfFixtures
{
    public static string Dir => Path.Combine(TestPaths.Fixtures, "pdf");

    public static string Seed(string prefix) => Path.Combine(Dir, prefix + ".pdf");

    /// <summary>The second style: cells aligned to the top, a bigger type, the title only on the first page.</summary>
    public static string Restyled(string prefix) => Path.Combine(Dir, prefix + "-restyled.pdf");

    public static readonly string[] RestyledSeeds = { "000", "002" };

    public static SeedForms.Style RestyledStyle { get; } = new() { VerticalAlign = "top", FontSize = "10.5pt", RepeatTitle = false };

    public static string ImageOnly => Path.Combine(Dir, "image-only.pdf");
    public static string Encrypted => Path.Combine(Dir, "encrypted.pdf");
    public static string Truncated => Path.Combine(Dir, "truncated.pdf");
    public static string Unrelated => Path.Combine(Dir, "unrelated.pdf");
    public static string NoToUnicode => Path.Combine(Dir, "no-tounicode.pdf");

    /// <summary>The seed's model as the text readers build it.</summary>
    public static (Submission Model, SourceText Source) SeedModel(string prefix)
    {
        var source = Seeds.Text(prefix);
        return (new SubmissionReader().Read(source), source);
    }

    /// <summary>A letter that has nothing to do with budget tables, in Chinese, as a department might also publish.</summary>
    public const string UnrelatedHtml = """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
        @page { size: A4; margin: 25mm; } body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 1.8; }
        h1 { text-align: center; font-size: 18pt; } p { text-indent: 2em; margin: 0 0 8pt; }
        </style></head><body>
        <h1>关于做好2025年春节期间安全生产工作的通知</h1>
        <p>各区人民政府，市政府各部门、各直属机构：</p>
        <p>春节将至，为切实做好节日期间安全生产工作，保障人民群众生命财产安全，现就有关事项通知如下。</p>
        <p>一、高度重视节日期间安全生产工作。各单位要认真落实安全生产责任制，主要负责人要亲自部署、亲自检查。</p>
        <p>二、深入开展隐患排查整治。重点检查人员密集场所、危险化学品、道路交通和建筑施工等领域，发现隐患立即整改。</p>
        <p>三、严格落实值班值守制度。节日期间实行二十四小时值班和领导带班制度，确保信息畅通、反应迅速。</p>
        <p>特此通知。</p>
        <p style="text-align:right">广州市人民政府办公厅<br>2025年1月20日</p>
        </body></html>
        """;
}
