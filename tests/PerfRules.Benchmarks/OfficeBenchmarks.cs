using BenchmarkDotNet.Attributes;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Office;

namespace PerfRules.Benchmarks;

/// <summary>
/// Office files → open (unzip, stream the XML, build the grid text) → read with the layout readers,
/// one file per operation: seed 000 (30 projects, 190 indicators) as a workbook in layouts 1 and 2,
/// seed 001 as a Word table and as a GB18030 CSV, seed 002 as a sheet. Target: the seed-000-sized
/// workbook in ≤ 20 ms warm (docs/office.md).
/// </summary>
[MemoryDiagnoser]
public class OfficeBenchmarks
{
    [Params("000.layout1.xlsx", "000.layout2-merged.xlsx", "002.overall.xlsx", "001.layout1.docx", "001.tabular-gb18030.csv")]
    public string File { get; set; } = "000.layout1.xlsx";

    private byte[] _bytes = Array.Empty<byte>();
    private readonly SubmissionReader _reader = OfficeInputs.Reader();

    [GlobalSetup]
    public void Setup() => _bytes = OfficeInputs.Fixture(File);

    [Benchmark]
    public int OpenAndRead() => OfficeInputs.OpenAndRead(_reader, _bytes, File);
}

public static class OfficeInputs
{
    /// <summary>A file of fixtures/office, embedded in this assembly.</summary>
    public static byte[] Fixture(string name)
    {
        using var s = typeof(OfficeInputs).Assembly.GetManifestResourceStream("office/" + name)
            ?? throw new ArgumentException("not embedded: " + name);
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>A reader with the Office formats registered (and Core's CSV), as the hosts register them.</summary>
    public static SubmissionReader Reader() => new(null, InputFormats.Default().AddOffice());

    /// <summary>Opens the file and reads every table in it, as the hosts do; returns the number of projects and indicators read.</summary>
    public static int OpenAndRead(SubmissionReader reader, byte[] bytes, string name)
    {
        int n = 0;
        foreach (var doc in reader.Read(bytes, name).Documents)
            n += doc.Submission.Projects.Count() + doc.Submission.AllIndicators.Count();
        return n;
    }
}
