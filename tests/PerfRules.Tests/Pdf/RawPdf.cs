using System.IO.Compression;
using System.Text;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// Writes small PDFs object by object, with a correct cross-reference table, for hostile input
/// (bombs, deep nesting, many pages) that no PDF library would produce.
/// </summary>
public sealed class RawPdf
{
    private readonly List<byte[]> _objects = new();

    /// <summary>Adds an object (its body, without "n 0 obj"); returns its number.</summary>
    public int Add(string body) => Add(Encoding.Latin1.GetBytes(body));

    public int Add(byte[] body)
    {
        _objects.Add(body);
        return _objects.Count;
    }

    /// <summary>Reserves a number to fill later (for objects that refer to each other).</summary>
    public int Reserve() => Add(Array.Empty<byte>());

    public void Set(int number, string body) => _objects[number - 1] = Encoding.Latin1.GetBytes(body);

    public static byte[] Stream(string dictionary, byte[] data) =>
        Concat(Encoding.Latin1.GetBytes($"<< {dictionary} /Length {data.Length} >>\nstream\n"), data, "\nendstream"u8.ToArray());

    /// <summary>zlib (the PDF's FlateDecode) of the data.</summary>
    public static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    public byte[] Write(int root)
    {
        using var ms = new MemoryStream();
        void Put(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        Put("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new long[_objects.Count];
        for (int i = 0; i < _objects.Count; i++)
        {
            offsets[i] = ms.Position;
            Put($"{i + 1} 0 obj\n");
            ms.Write(_objects[i]);
            Put("\nendobj\n");
        }
        long xref = ms.Position;
        Put($"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) Put($"{o:D10} 00000 n \n");
        Put($"trailer\n<< /Size {_objects.Count + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return ms.ToArray();
    }

    /// <summary>A one-page PDF whose page draws the given content stream with Helvetica.</summary>
    public static byte[] OnePage(byte[] contentStream)
    {
        var pdf = new RawPdf();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int content = pdf.Add(contentStream);
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        int catalog = pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>");
        return pdf.Write(catalog);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
