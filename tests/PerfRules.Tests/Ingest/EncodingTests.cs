using System.Text;
using PerfRules.Ingest;

namespace PerfRules.Tests.Ingest;

public class EncodingTests
{
    private static IEnumerable<string> SeedPrefixes() => Seeds.Prefixes;

    private static byte[] Bom(byte[] bom, byte[] body) => bom.Concat(body).ToArray();

    private static IEnumerable<(string Name, Func<string, byte[]> Encode)> Variants()
    {
        yield return ("utf-8 with BOM", t => Bom(new byte[] { 0xEF, 0xBB, 0xBF }, Encoding.UTF8.GetBytes(t)));
        yield return ("utf-16le with BOM", t => Bom(new byte[] { 0xFF, 0xFE }, Encoding.Unicode.GetBytes(t)));
        yield return ("utf-16be with BOM", t => Bom(new byte[] { 0xFE, 0xFF }, Encoding.BigEndianUnicode.GetBytes(t)));
        yield return ("gb18030", t => TextDecoder.Gb18030.GetBytes(t));
        yield return ("crlf", t => Encoding.UTF8.GetBytes(t.Replace("\n", "\r\n")));
        yield return ("cr", t => Encoding.UTF8.GetBytes(t.Replace("\n", "\r")));
        yield return ("gb18030 crlf", t => TextDecoder.Gb18030.GetBytes(t.Replace("\n", "\r\n")));
    }

    [TestCaseSource(nameof(SeedPrefixes))]
    public void Every_encoding_and_line_ending_gives_the_same_model(string prefix)
    {
        var path = Seeds.Path0(prefix);
        var text = File.ReadAllText(path);
        var expected = ModelDump.Of(Seeds.Read(prefix));
        foreach (var (name, encode) in Variants())
        {
            var s = new SubmissionReader().Read(encode(text), path).One();
            ModelDump.Of(s).ShouldBe(expected, $"{name} of seed {prefix}");
            // Same lines, so the same spans.
            s.Projects.Select(p => p.Span).ShouldBe(Seeds.Read(prefix).Projects.Select(p => p.Span), name);
        }
    }

    [Test]
    public void Gb18030_without_bom_is_detected()
    {
        var (text, enc) = TextDecoder.Decode(TextDecoder.Gb18030.GetBytes("部门名称：广州市协作办公室"));
        enc.ShouldBe("gb18030");
        text.ShouldBe("部门名称：广州市协作办公室");
    }

    [Test]
    public void Replacement_characters_and_control_bytes_are_reported_as_damage()
    {
        var s = new SubmissionReader().Read(Encoding.UTF8.GetBytes("项目支出绩效目标表\n部门名称：测试\uFFFD局\n坏\u0001行\n"), "x.txt").One();
        s.Diagnostics.Where(d => d.RuleId == "PR004").Select(d => d.Span!.StartLine).ShouldBe(new[] { 2, 3 });
    }

    [Test]
    public void Bytes_that_are_not_utf8_are_read_as_gb18030_and_their_damage_is_reported()
    {
        // Invalid UTF-8 (FF FE inside the text) falls back to GB18030. Then every line is damaged:
        // 1 and 2 are UTF-8 Chinese read as GB18030, whose odd last byte (before the newline) GB18030
        // cannot decode; 2 also has a control character; 3 has FF FE, which GB18030 cannot decode.
        var bytes = Encoding.UTF8.GetBytes("项目支出绩效目标表\n部门名称：测试\u0001局\n").Concat(new byte[] { 0x41, 0xFF, 0xFE, 0x41, 0x0A }).ToArray();
        var s = new SubmissionReader().Read(bytes, "y.txt").One();
        s.Encoding.ShouldBe("gb18030");
        s.Diagnostics.Where(d => d.RuleId == "PR004").Select(d => d.Span!.StartLine).ShouldBe(new[] { 1, 2, 3 });
        s.Diagnostics.ShouldContain(d => d.RuleId == "PR001"); // the title is unreadable too: not a table
    }

    [Test]
    public void Utf8_read_as_latin1_is_reported_as_damage()
    {
        var mojibake = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("广州市协作办公室"));
        var s = new SubmissionReader().Read(Encoding.UTF8.GetBytes("项目支出绩效目标表\n" + mojibake + "\n"), "x.txt").One();
        s.Diagnostics.ShouldContain(d => d.RuleId == "PR004" && d.Span!.StartLine == 2);
    }
}

/// <summary>The damage scan (vectorised searches) finds what a plain per-character check finds.</summary>
public class DamageScanTests
{
    // The definition: U+FFFD, a control character but tab, a C1 control, or a Latin-1 letter that
    // starts mojibake (Ã Â å æ ç è é ä) followed by a character of U+0080–U+00BF.
    private static int Reference(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\uFFFD' || (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F)) return i;
            if (c is 'Ã' or 'Â' or 'å' or 'æ' or 'ç' or 'è' or 'é' or 'ä' && i + 1 < s.Length && s[i + 1] is >= '\u0080' and <= '\u00BF') return i;
        }
        return -1;
    }

    [Test]
    public void Finds_the_first_damaged_column_of_random_lines()
    {
        const string alphabet = "产出指标90%\t \u0001\u001F\u007F\u0085\u009F\u00A0\u00B7\u00BFÃÂåæçèéäö\uFFFD项目";
        var rng = new Random(5);
        for (int n = 0; n < 50_000; n++)
        {
            var chars = new char[rng.Next(0, 30)];
            for (int k = 0; k < chars.Length; k++) chars[k] = alphabet[rng.Next(alphabet.Length)];
            var line = new string(chars);
            var found = TextDecoder.FindDamage(new SourceText("t.txt", line, "utf-8"));
            int expected = Reference(line);
            if (expected < 0) found.ShouldBeEmpty(line);
            else found.ShouldHaveSingleItem(line).Span!.StartColumn.ShouldBe(expected + 1, line);
        }
    }
}
