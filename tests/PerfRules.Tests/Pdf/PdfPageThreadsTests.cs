using PerfRules.Ingest;
using PerfRules.Readers.Pdf;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// Pages read on two threads (two documents of the same bytes, a shared queue) give exactly what
/// one thread gives: the same text and the same page, line and column for every character.
/// </summary>
public class PdfPageThreadsTests
{
    [Test]
    public void Two_threads_rebuild_the_ten_page_table_exactly_as_one()
    {
        var bytes = File.ReadAllBytes(PdfFixtures.Seed("000"));
        var one = new PdfOpener(new PdfOptions { PageThreads = 1 }).Open(bytes, "000.pdf", ReadOptions.Default);
        var two = new PdfOpener(new PdfOptions { PageThreads = 2 }).Open(bytes, "000.pdf", ReadOptions.Default);

        two.Problems.ShouldBe(one.Problems);
        var a = one.Documents.ShouldHaveSingleItem();
        var b = two.Documents.ShouldHaveSingleItem();
        b.Text.ShouldBe(a.Text);
        var mapA = (PageMap)a.Places!;
        var mapB = (PageMap)b.Places!;
        mapB.LineCount.ShouldBe(mapA.LineCount);
        mapA.PageOf(mapA.LineCount).ShouldBe(10);
        for (int line = 1; line <= a.LineCount; line++)
            for (int column = 1; column <= a.Chars(line).Length; column++)
                mapB.Locate(line, column).ShouldBe(mapA.Locate(line, column), $"line {line}, column {column}");
    }

    [Test]
    public void A_limit_passed_on_a_later_page_is_the_same_finding_on_two_threads()
    {
        var bytes = File.ReadAllBytes(PdfFixtures.Seed("000"));
        // About 1,500 letters a page: the limit is passed on the third or fourth page, whichever thread reads it.
        var options = new PdfOptions { MaxLetters = 4_000 };
        var one = new PdfOpener(options with { PageThreads = 1 }).Open(bytes, "000.pdf", ReadOptions.Default);
        var two = new PdfOpener(options with { PageThreads = 2 }).Open(bytes, "000.pdf", ReadOptions.Default);
        one.Documents.ShouldBeEmpty();
        one.Problems.ShouldHaveSingleItem().RuleId.ShouldBe("PR006");
        two.Problems.ShouldBe(one.Problems);
        two.Documents.ShouldBeEmpty();
    }
}
