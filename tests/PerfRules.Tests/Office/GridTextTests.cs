using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Office;

namespace PerfRules.Tests.Office;

/// <summary>The pieces under the openers: cell text as one line, numbers as shown, CSV records, cell addresses.</summary>
public class GridTextTests
{
    [TestCase("甲\n乙", "甲乙")]
    [TestCase("1、…。\n2、1-产出指标", "1、…。 2、1-产出指标")]
    [TestCase("≥\n90%", "≥ 90%")]
    [TestCase("a\r\n  b", "a b")]
    [TestCase("名称\t备注", "名称 备注")]
    [TestCase("第一段；\r\n\r\n第二段", "第一段；第二段")]
    public void Cell_text_becomes_one_line(string raw, string line) => GridBuilder.CellText(raw).ShouldBe(line);

    [TestCase("20611.439999999999", "#,##0.00", "20611.44")]
    [TestCase("220", "0.00", "220.00")]
    [TestCase("220", "General", "220")]
    [TestCase("0.30000000000000004", "General", "0.3")]
    [TestCase("1493.5699999999999", "#,##0.00_ ", "1493.57")]
    [TestCase("0.95", "0%", "95%")]
    [TestCase("0.955", "0.0%", "95.5%")]
    [TestCase("1", "0%", "100%")]
    [TestCase("45657", "yyyy\"年\"m\"月\"d\"日\"", "2024年12月31日")]
    [TestCase("12.5", "[Red]0.00;[Blue]-0.00", "12.50")]
    [TestCase("1234.5", "\"¥\"#,##0.00\"万元\"", "1234.50")]
    public void Numbers_read_as_the_sheet_shows_them(string stored, string format, string text)
        => CellValues.Number(stored, NumberFormat.Parse(format)).ShouldBe(text);

    [TestCase(4, "Fixed", 2)]
    [TestCase(9, "Percent", 0)]
    [TestCase(14, "Date", 0)]
    [TestCase(31, "Date", 0)]
    [TestCase(49, "Text", 0)]
    [TestCase(0, "General", 0)]
    public void Built_in_formats(int id, string kind, int decimals)
        => NumberFormat.Builtin(id).ShouldBe(new NumberFormat(Enum.Parse<NumberKind>(kind), decimals));

    [TestCase(1, "A")]
    [TestCase(26, "Z")]
    [TestCase(27, "AA")]
    [TestCase(16384, "XFD")]
    public void Column_letters(int column, string letters) => CellMap.ColumnLetters(column).ShouldBe(letters);

    [Test]
    public void Csv_records_hold_quotes_separators_and_line_breaks()
    {
        var csv = "项目,金额,说明\r\n\"甲,乙\",\"20,611.44\",\"第一行\r\n第二行 \"\"引号\"\"\"\r\n丙,1.00,\r\n";
        var opened = new CsvOpener().Open(Csv(csv, "a.csv"), ReadOptions.Default);
        var text = opened.Documents.Single();
        text.Lines.ShouldBe(new[] { "项目\t金额\t说明", "甲,乙\t20,611.44\t第一行第二行 \"引号\"", "丙\t1.00" });
        var map = (CellMap)text.Places!;
        map.Format(SourceSpan.Line(3, 1, 1)).ShouldBe("A3");
        map.Describe(SourceSpan.Line(3, 4, 4)).ShouldContain(new KeyValuePair<string, string>("fileLine", "4"));
        map.Format(SourceSpan.Line(2, 8, 8)).ShouldBe("B2");
        map.Format(SourceSpan.Line(2, 15, 15)).ShouldBe("C2");
    }

    [Test]
    public void Csv_separator_from_a_sep_line_or_semicolons()
    {
        var semi = new CsvOpener().Open(Csv("a;b;c\n1;2;3\n", "a.csv"), ReadOptions.Default).Documents.Single();
        semi.Lines.ShouldBe(new[] { "a\tb\tc", "1\t2\t3" });
        var sep = new CsvOpener().Open(Csv("sep=|\na|b,c\n", "a.csv"), ReadOptions.Default).Documents.Single();
        sep.Lines.ShouldBe(new[] { "a\tb,c" });
        ((CellMap)sep.Places!).Describe(SourceSpan.Line(1, 1, 1)).ShouldContain(new KeyValuePair<string, string>("fileLine", "2"));
    }

    [Test]
    public void An_unclosed_quote_is_a_finding()
    {
        var text = new CsvOpener().Open(Csv("a,b\n\"c,d\ne,f\n", "a.csv"), ReadOptions.Default).Documents.Single();
        text.Problems.ShouldContain(p => p.RuleId == "PR002" && p.Message.Contains("引号没有闭合"));
    }

    [Test]
    public void A_gb18030_csv_is_decoded_as_such()
    {
        var doc = OfficePipeline.ReadOne("001.tabular-gb18030.csv");
        doc.Encoding.ShouldBe("gb18030");
        doc.Department.ShouldBe("广州开发区援建和对外经济合作局");
        doc.Diagnostics.ShouldBeEmpty();
    }

    [TestCase("a,b,c\r\n1,2,3\r\n", "x.txt", 50)]
    [TestCase("a,b,c\r\n1,2,3\r\n", "x.csv", 90)]
    [TestCase("just some prose, with a comma\r\n", "x.csv", 60)]
    [TestCase("just some prose, with a comma\r\n", "x.txt", 0)]
    [TestCase("a\tb\tc\r\n1\t2\t3\r\n", "x.csv", 0)]
    public void Csv_probe(string text, string path, int score)
        => new CsvOpener().Probe(Csv(text, path)).ShouldBe(score);

    /// <summary>The text the reader gives a text opener: the UTF-8 bytes decoded once.</summary>
    private static SourceText Csv(string text, string path)
    {
        var (decoded, encoding) = TextDecoder.Decode(Encoding.UTF8.GetBytes(text));
        return new SourceText(path, decoded, encoding);
    }
}
