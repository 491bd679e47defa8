using System.Text;
using PerfRules.Readers.Pdf;

namespace PerfRules.Tests.Pdf;

/// <summary>A PDF is known by its bytes, never by its name.</summary>
public class PdfProbeTests
{
    private readonly PdfOpener _opener = new();

    [Test]
    public void A_pdf_renamed_txt_is_still_read_as_a_pdf()
    {
        var bytes = File.ReadAllBytes(PdfFixtures.Seed("003"));
        _opener.Probe(bytes, "003.txt").ShouldBe(100);
        var read = PdfReading.Read(bytes, "003.txt");
        read.Places.ShouldBeOfType<PageMap>();
        PdfReading.Comparable(read).ShouldBe(PdfReading.Comparable(PdfReading.ExpectedModel("003")));
    }

    [Test]
    public void A_text_file_named_pdf_is_read_as_text()
    {
        var bytes = File.ReadAllBytes(Seeds.Path0("003"));
        _opener.Probe(bytes, "003.pdf").ShouldBe(0);
        var read = PdfReading.Read(bytes, "003.pdf");
        read.Places.ShouldBeNull();
        ModelDump.Of(read).ShouldBe(ModelDump.Of(Seeds.Read("003")));
    }

    [Test]
    public void The_signature_may_follow_some_junk_but_not_a_whole_page_of_it()
    {
        var pdf = File.ReadAllBytes(PdfFixtures.Seed("003"));
        byte[] After(int junk) => Encoding.ASCII.GetBytes(new string(' ', junk)).Concat(pdf).ToArray();
        _opener.Probe(After(200), "x").ShouldBe(100);
        _opener.Probe(After(2000), "x").ShouldBe(0);
        _opener.Probe("%PDF-1.7\n"u8, "x").ShouldBe(100);
        _opener.Probe("%PDF-x and no version"u8, "x.pdf").ShouldBe(0);
    }
}
