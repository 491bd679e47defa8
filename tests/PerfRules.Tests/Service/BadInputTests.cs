using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>Every class of bad request gets its 4xx and a problem document; nothing gets a 500.</summary>
public class BadInputTests
{
    private static HttpClient Client => SharedService.Instance.Client;

    [TestCase("xml")]
    [TestCase("text")] // the library has it, the API does not offer it
    public async Task Unknown_format_is_400(string format)
    {
        var r = await Client.PostAsync("/api/v1/lint?format=" + format, Raw(SeedBytes("003")));
        var p = await ShouldBeProblem(r, 400, "unknown-format");
        p.GetProperty("detail").GetString()!.ShouldContain(format);
    }

    [Test]
    public async Task Unknown_failOn_is_400() =>
        await ShouldBeProblem(await Client.PostAsync("/api/v1/lint?failOn=fatal", Raw(SeedBytes("003"))), 400, "unknown-fail-on");

    [Test]
    public async Task Multipart_without_a_boundary_is_400()
    {
        var r = await Client.PostAsync("/api/v1/lint", Raw("--x\r\n"u8.ToArray(), "multipart/form-data"));
        await ShouldBeProblem(r, 400, "malformed-multipart");
    }

    [TestCase("not multipart at all")]
    [TestCase("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nunterminated")]
    [TestCase("--b\r\nno header end")]
    public async Task Malformed_multipart_is_400(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await ShouldBeProblem(await Client.PostAsync("/api/v1/lint", content), 400, "malformed-multipart");
    }

    [Test]
    public async Task Multipart_with_fields_but_no_file_is_400()
    {
        var form = new MultipartFormDataContent { { new StringContent("项目支出绩效目标表"), "text" } };
        await ShouldBeProblem(await Client.PostAsync("/api/v1/lint", form), 400, "no-files");
    }

    [Test]
    public async Task Empty_body_is_400() =>
        await ShouldBeProblem(await Client.PostAsync("/api/v1/lint", Raw(Array.Empty<byte>())), 400, "empty-body");

    [TestCase("application/json")]
    [TestCase("image/png")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("text/html")]
    public async Task Unsupported_media_type_is_415(string type)
    {
        var r = await Client.PostAsync("/api/v1/lint", Raw(SeedBytes("003"), type));
        var p = await ShouldBeProblem(r, 415, "unsupported-media-type");
        p.GetProperty("detail").GetString()!.ShouldContain(type);
    }

    [Test]
    public async Task Parse_checks_the_media_type_too() =>
        await ShouldBeProblem(await Client.PostAsync("/api/v1/parse", Raw(SeedBytes("003"), "application/json")), 415, "unsupported-media-type");

    [Test]
    public async Task Body_over_the_limit_is_413_with_or_without_a_length()
    {
        var big = new byte[SharedService.MaxRequestBytes + 1];
        Array.Fill(big, (byte)'x');
        await ShouldBeProblem(await Client.PostAsync("/api/v1/lint", Raw(big)), 413, "too-large");

        // Chunked: the size is only known while reading.
        var chunked = new StreamContent(new MemoryStream(big));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/lint") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ShouldBeProblem(await Client.SendAsync(request), 413, "too-large");

        // Far over the limit: a client that waits for 100-continue gets the answer without sending the body.
        var huge = new byte[SharedService.MaxRequestBytes * 3];
        var expecting = new HttpRequestMessage(HttpMethod.Post, "/api/v1/lint") { Content = Raw(huge) };
        expecting.Headers.ExpectContinue = true;
        await ShouldBeProblem(await Client.SendAsync(expecting), 413, "too-large");

        // Several files that together pass the limit.
        var half = big[..(big.Length / 2 + 10)];
        await ShouldBeProblem(await Client.PostAsync("/api/v1/lint", Multipart(("a.txt", half), ("b.txt", half))), 413, "too-large");
    }

    [Test]
    public async Task More_files_than_allowed_is_413()
    {
        var docs = Enumerable.Range(1, SharedService.MaxFiles + 1).Select(i => ($"{i}.txt", SeedBytes("003"))).ToArray();
        var p = await ShouldBeProblem(await Client.PostAsync("/api/v1/lint", Multipart(docs)), 413, "too-many-files");
        p.GetProperty("detail").GetString()!.ShouldContain(SharedService.MaxFiles.ToString());

        var r = await Client.PostAsync("/api/v1/lint", Multipart(docs[..SharedService.MaxFiles]));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Inputs that are not tables, and whether their text is damaged too (control characters, undecodable bytes).</summary>
    private static IEnumerable<TestCaseData> NotTables()
    {
        yield return new TestCaseData("这不是一张表\n只是两行字"u8.ToArray(), false).SetName("{m}(plain Chinese text)");
        yield return new TestCaseData(new byte[] { 0xEF, 0xBB, 0xBF }, false).SetName("{m}(a BOM alone)");
        yield return new TestCaseData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 }, true).SetName("{m}(a PNG header)");
        yield return new TestCaseData(new byte[] { 0xFF, 0xFE, 0x41 }, true).SetName("{m}(odd UTF-16)");
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        yield return new TestCaseData(random, true).SetName("{m}(random bytes)");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("项目支出绩效目标表\n" + new string('\t', 3000)), false).SetName("{m}(a title and nothing else)");
    }

    [TestCaseSource(nameof(NotTables))]
    public async Task A_document_that_is_not_a_table_is_200_with_PR001(byte[] bytes, bool damaged)
    {
        var r = await Client.PostAsync("/api/v1/lint?name=bad.bin", Raw(bytes, "application/octet-stream"));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        r.Headers.GetValues("X-PerfRules-Result").Single().ShouldBe("fail"); // PR001 is an error
        // On its own terms: one document, named as asked, not a table; one PR001, and PR004 only for damaged text.
        var report = JsonDocument.Parse(body).RootElement;
        var doc = report.GetProperty("documents").EnumerateArray().ShouldHaveSingleItem();
        doc.GetProperty("file").GetString().ShouldBe("bad.bin");
        doc.GetProperty("kind").GetString().ShouldBe("unknown");
        var ids = doc.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        ids.Count(id => id == "PR001").ShouldBe(1, string.Join(",", ids));
        if (damaged) ids.Where(id => id != "PR001").ShouldAllBe(id => id == "PR004");
        else ids.ShouldBe(new[] { "PR001" });
        if (damaged) ids.ShouldContain("PR004");
        report.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(ids.Count);
        // And the same as the library gives for these bytes.
        body.ShouldBe(Expected("json", ("bad.bin", bytes)));

        var parsed = await Client.PostAsync("/api/v1/parse?name=bad.bin", Raw(bytes, "application/octet-stream"));
        ((int)parsed.StatusCode).ShouldBe(200);
        var model = JsonDocument.Parse(await Text(parsed)).RootElement;
        model.GetProperty("kind").GetString().ShouldBe("unknown");
        model.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("ruleId").GetString()).ShouldBe(ids, ignoreOrder: true);
    }

    [Test]
    public async Task An_empty_file_in_a_multipart_upload_is_a_PR001_finding()
    {
        var r = await Client.PostAsync("/api/v1/lint", Multipart(("empty.txt", Array.Empty<byte>()), ("003.txt", SeedBytes("003"))));
        var docs = JsonDocument.Parse(await Text(r)).RootElement.GetProperty("documents");
        docs[0].GetProperty("findings")[0].GetProperty("ruleId").GetString().ShouldBe("PR001");
        docs[1].GetProperty("department").GetString().ShouldBe("广州市人民政府驻北京办事处");
    }

    [Test]
    public async Task A_seed_in_GB18030_or_UTF16_gives_the_same_findings_as_in_UTF8()
    {
        var text = Encoding.UTF8.GetString(SeedBytes("003"));
        var expected = Rules(await Client.PostAsync("/api/v1/lint?name=003.txt", Raw(SeedBytes("003"))));
        var gb = PerfRules.Ingest.TextDecoder.Gb18030.GetBytes(text);
        Rules(await Client.PostAsync("/api/v1/lint?name=003.txt", Raw(gb))).ShouldBe(expected);
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        Rules(await Client.PostAsync("/api/v1/lint?name=003.txt", Raw(utf16, "application/octet-stream"))).ShouldBe(expected);
    }

    private static List<string> Rules(HttpResponseMessage r)
    {
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = JsonDocument.Parse(r.Content.ReadAsStream()).RootElement.GetProperty("documents")[0];
        return doc.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("ruleId")}@{f.GetProperty("line")}").ToList();
    }

    [Test]
    public async Task Random_requests_never_get_a_500()
    {
        var random = new Random(20261121);
        string[] types =
        {
            "", "text/plain", "text/plain; charset=nonsense", "application/octet-stream", "multipart/form-data",
            "multipart/form-data; boundary=", "multipart/form-data; boundary=\"b\"", "multipart/form-data; boundary=b",
            "multipart/mixed; boundary=b", "garbage", "text/", ";;;", "application/json",
        };
        string[] queries = { "", "?format=json", "?format=SARIF", "?format=", "?failOn=", "?format=%00", "?name=..%2F..%2F", "?name=%E4%B8%AD" };
        string[] paths = { "/api/v1/lint", "/api/v1/parse" };
        var seed = SeedBytes("001");
        for (int i = 0; i < 40; i++)
        {
            byte[] body = (i % 4) switch
            {
                0 => RandomBytes(random, random.Next(0, 3000)),
                1 => Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\n" + Encoding.UTF8.GetString(seed) + (random.Next(2) == 0 ? "\r\n--b--\r\n" : "")),
                2 => seed[..random.Next(seed.Length)],
                _ => seed.Select(b => random.Next(50) == 0 ? (byte)random.Next(256) : b).ToArray(),
            };
            var content = new ByteArrayContent(body);
            var type = types[random.Next(types.Length)];
            if (type.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", type);
            var url = paths[random.Next(paths.Length)] + queries[random.Next(queries.Length)];
            var r = await Client.PostAsync(url, content);
            ((int)r.StatusCode).ShouldBeLessThan(500, $"{url} {type}: {await Text(r)}");
            if ((int)r.StatusCode >= 400) r.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }

    [TestCase("GET", "/nowhere", 404)]
    [TestCase("GET", "/api/v1/lint", 405)]
    [TestCase("DELETE", "/api/v1/rules", 405)]
    public async Task Unknown_routes_and_methods_get_problem_documents(string method, string path, int status)
    {
        var r = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        ((int)r.StatusCode).ShouldBe(status);
        r.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
