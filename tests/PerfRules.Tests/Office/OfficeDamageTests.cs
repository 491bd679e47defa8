using PerfRules.Ingest;

namespace PerfRules.Tests.Office;

/// <summary>Damaged Office files (bytes flipped, cut, zeroed) never throw: each is read or gives findings.</summary>
public class OfficeDamageTests
{
    [TestCase("000.layout2-merged.xlsx")]
    [TestCase("004.layout2.docx")]
    [TestCase("libreoffice/003.layout1.xls")]
    [TestCase("001.layout1-utf8bom.csv")]
    public void Damaged_copies_never_throw(string fixture)
    {
        var original = OfficeFixtures.Bytes(fixture);
        var random = new Random(fixture.Length);
        for (int i = 0; i < 150; i++)
        {
            var bytes = (byte[])original.Clone();
            switch (i % 3)
            {
                case 0: for (int k = 0; k < 1 + i % 7; k++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes = bytes[..random.Next(1, bytes.Length)]; break;
                default: Array.Clear(bytes, random.Next(bytes.Length / 2), random.Next(1, 64)); break;
            }
            List<PerfRules.Model.Submission>? docs = null;
            Should.NotThrow(() => docs = OfficePipeline.Read(bytes, fixture), $"copy {i}");
            docs.ShouldNotBeEmpty();
            // Each is a table or says why not.
            docs!.ShouldAllBe(d => d.Kind != PerfRules.Model.SubmissionKind.Unknown || d.Diagnostics.Count > 0);
        }
    }
}
