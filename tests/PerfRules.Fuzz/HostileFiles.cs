using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PerfRules.Tests.Pdf;

namespace PerfRules.Fuzz;

/// <summary>
/// Hostile workbooks and PDFs built in memory, small and fast to make: zip bombs (a few hundred KB
/// that inflate to gigabytes, with honest or lying headers), a million rows, 16,384 columns,
/// millions of shared strings; PDFs nested thousands deep and stream bombs in every filter that
/// expands (Flate, LZW, run-length, CCITT parameters). Shared by the fuzz kinds
/// (<see cref="FuzzHarness"/>) and the tests that pin what each ends as.
/// </summary>
public static class HostileFiles
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // ---- deflate data of any size without compressing it -------------------------------------

    /// <summary>
    /// Raw deflate data that inflates to <paramref name="head"/>, then <paramref name="repeat"/>
    /// MB of <paramref name="fill"/>, then <paramref name="tail"/>: one compressed megabyte (about a
    /// kilobyte) is written once and its blocks repeated, so gigabytes cost a few hundred KB and no time.
    /// </summary>
    public static byte[] Deflated(string head, byte fill, int repeat, string tail)
    {
        using var output = new MemoryStream();
        output.Write(Blocks(Encoding.UTF8.GetBytes(head), final: false));
        var unit = Blocks(Enumerable.Repeat(fill, 1 << 20).ToArray(), final: false);
        for (int i = 0; i < repeat; i++) output.Write(unit);
        output.Write(Blocks(Encoding.UTF8.GetBytes(tail), final: true));
        return output.ToArray();
    }

    /// <summary>Deflate blocks of the data, byte-aligned (a sync flush), with the final-block bit only when <paramref name="final"/>.</summary>
    private static byte[] Blocks(byte[] data, bool final)
    {
        var ms = new MemoryStream();
        var z = new DeflateStream(ms, CompressionLevel.SmallestSize, leaveOpen: true);
        z.Write(data);
        if (final)
        {
            z.Dispose();
            return ms.ToArray();
        }
        z.Flush();
        var blocks = ms.ToArray();
        z.Dispose();
        return blocks;
    }

    // ---- zip, written entry by entry ----------------------------------------------------------

    /// <summary>
    /// One zip entry: its name, deflated data, the uncompressed size its headers declare, and its
    /// CRC (0 for the big parts: a limit stops reading them before their end, where it is checked).
    /// </summary>
    public sealed record ZipPart(string Name, byte[] Deflated, long DeclaredSize, uint Crc = 0);

    public static ZipPart Part(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new(name, Blocks(bytes, final: true), bytes.Length, Crc32(bytes));
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] data)
    {
        uint c = 0xFFFFFFFF;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    /// <summary>A zip of the parts as written.</summary>
    public static byte[] Zip(IEnumerable<ZipPart> parts)
    {
        using var ms = new MemoryStream();
        var central = new MemoryStream();
        int count = 0;
        Span<byte> local = stackalloc byte[30];
        Span<byte> entry = stackalloc byte[46];
        foreach (var p in parts)
        {
            var name = Encoding.UTF8.GetBytes(p.Name);
            uint size = (uint)Math.Min(p.DeclaredSize, uint.MaxValue - 1);
            long offset = ms.Position;
            local.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local[6..], 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(local[8..], 8);
            BinaryPrimitives.WriteUInt32LittleEndian(local[14..], p.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local[18..], (uint)p.Deflated.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local[22..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(local[26..], (ushort)name.Length);
            ms.Write(local);
            ms.Write(name);
            ms.Write(p.Deflated);

            entry.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(entry, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[10..], 8);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], p.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], (uint)p.Deflated.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[42..], (uint)offset);
            central.Write(entry);
            central.Write(name);
            count++;
        }
        long start = ms.Position;
        central.Position = 0;
        central.CopyTo(ms);
        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)start);
        ms.Write(end);
        return ms.ToArray();
    }

    /// <summary>A workbook of one sheet (项目表) from its deflated sheet part, with a shared-strings part when given.</summary>
    public static byte[] Workbook(ZipPart sheet, ZipPart? sharedStrings = null)
    {
        var parts = new List<ZipPart>
        {
            Part("[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                (sharedStrings is null ? "" : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>") +
                "</Types>"),
            Part("_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            Part("xl/workbook.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
                "<sheets><sheet name=\"项目表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            Part("xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                (sharedStrings is null ? "" : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>") +
                "</Relationships>"),
            sheet with { Name = "xl/worksheets/sheet1.xml" },
        };
        if (sharedStrings is not null) parts.Add(sharedStrings with { Name = "xl/sharedStrings.xml" });
        return Zip(parts);
    }

    private const string SheetHead = "<worksheet xmlns=\"" + Main + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>项目名称</t></is></c></row>";
    private const string SheetTail = "</sheetData></worksheet>";

    /// <summary>
    /// A zip bomb: a sheet of <paramref name="megabytes"/> MB of spaces (about 1 KB a megabyte
    /// compressed). With <paramref name="lie"/> its headers say it is as small as the file.
    /// </summary>
    public static byte[] XlsxBomb(int megabytes, bool lie)
    {
        var data = Deflated(SheetHead, (byte)' ', megabytes, SheetTail);
        long real = Encoding.UTF8.GetByteCount(SheetHead) + ((long)megabytes << 20) + SheetTail.Length;
        return Workbook(new ZipPart("", data, lie ? data.Length : real));
    }

    /// <summary>A sheet of <paramref name="rows"/> rows, one number each (rows without a number: the next row).</summary>
    public static byte[] XlsxRows(int rows)
    {
        const string row = "<row><c><v>1</v></c></row>";
        // Blocks of a megabyte of rows (padded with spaces), repeated, then the rest.
        var (unit, perBlock) = Megabyte(row);
        using var ms = new MemoryStream();
        ms.Write(Blocks(Encoding.UTF8.GetBytes(SheetHead), final: false));
        int full = (rows - 1) / perBlock;
        for (int i = 0; i < full; i++) ms.Write(unit);
        ms.Write(Blocks(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(row, rows - 1 - full * perBlock)) + SheetTail), final: true));
        long size = Encoding.UTF8.GetByteCount(SheetHead) + (long)full * (1 << 20) + (long)(rows - 1 - full * perBlock) * row.Length + SheetTail.Length;
        return Workbook(new ZipPart("", ms.ToArray(), size));
    }

    /// <summary>
    /// A megabyte of <paramref name="item"/> repeated (padded with spaces) as a non-final deflate
    /// block, to be written over and over, and how many items it holds.
    /// </summary>
    private static (byte[] Unit, int PerBlock) Megabyte(string item)
    {
        int perBlock = (1 << 20) / item.Length;
        var block = string.Concat(Enumerable.Repeat(item, perBlock)) + new string(' ', (1 << 20) - perBlock * item.Length);
        return (Blocks(Encoding.UTF8.GetBytes(block), final: false), perBlock);
    }

    /// <summary>The header cell, then a number in column A of each of these rows (any row up to 1,048,576).</summary>
    public static byte[] XlsxSparseRows(IEnumerable<int> rows)
    {
        var sb = new StringBuilder(SheetHead);
        foreach (var r in rows) sb.Append("<row r=\"").Append(r).Append("\"><c r=\"A").Append(r).Append("\"><v>1</v></c></row>");
        return Workbook(Part("", sb.Append(SheetTail).ToString()));
    }

    /// <summary>Rows of cells from column A to XFD (16,384 columns, or fewer), a number in each.</summary>
    public static byte[] XlsxWide(int rows, int columns = 16384)
    {
        var sb = new StringBuilder(SheetHead);
        for (int r = 2; r <= rows + 1; r++)
        {
            sb.Append("<row r=\"").Append(r).Append("\">");
            for (int c = 1; c <= columns; c++) sb.Append("<c><v>").Append(c).Append("</v></c>");
            sb.Append("</row>");
        }
        sb.Append(SheetTail);
        return Workbook(Part("", sb.ToString()));
    }

    /// <summary>A shared-strings table of <paramref name="millions"/> million one-letter entries, and a sheet that uses the first.</summary>
    public static byte[] XlsxSharedStrings(int millions)
    {
        const string si = "<si><t>a</t></si>";
        var (unit, perBlock) = Megabyte(si);
        using var ms = new MemoryStream();
        var head = $"<sst xmlns=\"{Main}\">";
        ms.Write(Blocks(Encoding.UTF8.GetBytes(head), final: false));
        int blocks = (int)Math.Ceiling(millions * 1_000_000.0 / perBlock);
        for (int i = 0; i < blocks; i++) ms.Write(unit);
        ms.Write(Blocks("</sst>"u8.ToArray(), final: true));
        var sheet = Part("", SheetHead.Replace("t=\"inlineStr\"><is><t>项目名称</t></is>", "t=\"s\"><v>0</v>") + SheetTail);
        return Workbook(sheet, new ZipPart("", ms.ToArray(), head.Length + ((long)blocks << 20) + "</sst>".Length));
    }

    // ---- PDFs ----------------------------------------------------------------------------------

    /// <summary>
    /// A one-page PDF nested <paramref name="depth"/> deep: arrays or dictionaries, in the page's
    /// content or in the page object itself.
    /// </summary>
    public static byte[] PdfNested(int depth, bool dictionaries, bool inContent)
    {
        var nested = dictionaries
            ? string.Concat(Enumerable.Repeat("<< /A ", depth)) + "1" + string.Concat(Enumerable.Repeat(" >>", depth))
            : new string('[', depth) + new string(']', depth);
        if (inContent)
        {
            var ops = dictionaries ? $"/Span {nested} BDC EMC" : $"BT /F1 12 Tf {nested} TJ ET";
            return RawPdf.OnePage(RawPdf.Stream("", Encoding.Latin1.GetBytes(ops)));
        }
        var pdf = new RawPdf();
        int content = pdf.Add(RawPdf.Stream("", "BT ET"u8.ToArray()));
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Hostile {nested} >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        return pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>"));
    }

    /// <summary>The filters a PDF stream bomb can use.</summary>
    public enum StreamBomb { Flate, Lzw, RunLength, Ccitt }

    /// <summary>A one-page PDF whose content stream decodes to <paramref name="megabytes"/> MB (for CCITT: whose parameters ask for that bitmap).</summary>
    public static byte[] PdfStreamBomb(StreamBomb filter, int megabytes) => filter switch
    {
        StreamBomb.Flate => RawPdf.OnePage(RawPdf.Stream("/Filter /FlateDecode", ZlibOf(Deflated("", (byte)' ', megabytes, "")))),
        StreamBomb.Lzw => RawPdf.OnePage(RawPdf.Stream("/Filter /LZWDecode", LzwSpaces((long)megabytes << 20))),
        StreamBomb.RunLength => RawPdf.OnePage(RawPdf.Stream("/Filter /RunLengthDecode", RunLengthSpaces((long)megabytes << 20))),
        _ => RawPdf.OnePage(RawPdf.Stream($"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 8192 /Rows {megabytes * 1024} >>", new byte[] { 0, 0, 0, 0 })),
    };

    /// <summary>A zlib stream (the PDF's Flate) around raw deflate data (the Adler-32 is not checked before the limit).</summary>
    private static byte[] ZlibOf(byte[] deflated) => new byte[] { 0x78, 0x9C }.Concat(deflated).Concat(new byte[4]).ToArray();

    /// <summary>Run-length data of that many spaces: 128 per two bytes.</summary>
    private static byte[] RunLengthSpaces(long length)
    {
        var data = new byte[(length + 127) / 128 * 2 + 1];
        for (long i = 0; i + 1 < data.Length; i += 2) { data[i] = 129; data[i + 1] = (byte)' '; }
        data[^1] = 128;
        return data;
    }

    /// <summary>
    /// LZW data (9–12-bit codes, early change) of that many spaces: each code names the longest
    /// entry so far and adds one a byte longer, and the table is cleared when full.
    /// </summary>
    private static byte[] LzwSpaces(long length)
    {
        var bits = new BitWriter();
        long written = 0;
        int width = 9;
        while (written < length)
        {
            bits.Write(256, width);
            int count = 258;
            width = 9;
            bits.Write(' ', width);
            written++;
            int size = 1;
            while (count < 4095 && written < length)
            {
                // Code `count` is not in the table yet: the previous entry plus its first byte, one longer.
                bits.Write(count, width);
                written += ++size;
                count++;
                width = count >= 2047 ? 12 : count >= 1023 ? 11 : count >= 511 ? 10 : 9;
            }
        }
        bits.Write(257, width);
        return bits.ToArray();
    }

    private sealed class BitWriter
    {
        private readonly MemoryStream _bytes = new();
        private int _buffer, _count;

        public void Write(int code, int width)
        {
            _buffer = (_buffer << width) | code;
            _count += width;
            while (_count >= 8)
            {
                _bytes.WriteByte((byte)(_buffer >> (_count - 8)));
                _count -= 8;
            }
            _buffer &= (1 << _count) - 1;
        }

        public byte[] ToArray()
        {
            if (_count > 0) _bytes.WriteByte((byte)(_buffer << (8 - _count)));
            return _bytes.ToArray();
        }
    }
}
