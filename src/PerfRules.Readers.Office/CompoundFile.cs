using System.Buffers.Binary;
using System.Text;

namespace PerfRules.Readers.Office;

/// <summary>
/// Lists the stream and storage names of an OLE compound file ([MS-CFB]): enough to tell an old
/// Excel workbook (Workbook, Book) from a Word or WPS document (WordDocument), a presentation, or an
/// encrypted OOXML file (EncryptedPackage). Bounded: a broken or looping sector chain ends the list.
/// </summary>
internal static class CompoundFile
{
    private static ReadOnlySpan<byte> Signature => new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

    public static bool HasSignature(ReadOnlySpan<byte> head) => head.StartsWith(Signature);

    public static OleKind Kind(IReadOnlyCollection<string> names)
    {
        bool Has(string n) => names.Contains(n, StringComparer.OrdinalIgnoreCase);
        if (Has("EncryptedPackage") || Has("EncryptionInfo")) return OleKind.Encrypted;
        if (Has("Workbook") || Has("Book")) return OleKind.Workbook;
        if (Has("WordDocument")) return OleKind.Word;
        if (Has("PowerPoint Document")) return OleKind.PowerPoint;
        return OleKind.Other;
    }

    /// <summary>The names of the directory entries (streams and storages), or an empty list when the file is broken.</summary>
    public static List<string> Names(byte[] bytes)
    {
        var names = new List<string>();
        if (bytes.Length < 512 || !HasSignature(bytes)) return names;
        int shift = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x1E));
        if (shift is not (9 or 12)) return names;
        int size = 1 << shift;
        var fat = ReadFat(bytes, size);
        uint sector = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x30));
        var seen = new HashSet<uint>();
        while (sector < 0xFFFFFFFA && seen.Add(sector) && seen.Count <= 100_000)
        {
            long offset = ((long)sector + 1) * size;
            if (offset + size > bytes.Length) break;
            for (int e = 0; e < size / 128; e++)
            {
                var entry = bytes.AsSpan((int)offset + e * 128, 128);
                byte type = entry[0x42];
                int length = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
                if (type is not (1 or 2 or 5) || length is < 2 or > 64) continue;
                names.Add(Encoding.Unicode.GetString(entry[..(length - 2)]));
            }
            sector = sector < fat.Count ? fat[(int)sector] : 0xFFFFFFFE;
        }
        return names;
    }

    /// <summary>The sector allocation table, from the 109 header entries and the DIFAT chain.</summary>
    private static List<uint> ReadFat(byte[] bytes, int size)
    {
        var fatSectors = new List<uint>();
        for (int i = 0; i < 109; i++)
        {
            uint s = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x4C + i * 4));
            if (s < 0xFFFFFFFA) fatSectors.Add(s);
        }
        uint difat = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x44));
        var seen = new HashSet<uint>();
        while (difat < 0xFFFFFFFA && seen.Add(difat) && seen.Count <= 10_000)
        {
            long offset = ((long)difat + 1) * size;
            if (offset + size > bytes.Length) break;
            for (int i = 0; i < size / 4 - 1; i++)
            {
                uint s = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset + i * 4));
                if (s < 0xFFFFFFFA) fatSectors.Add(s);
            }
            difat = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset + size - 4));
        }
        var fat = new List<uint>();
        foreach (var s in fatSectors)
        {
            long offset = ((long)s + 1) * size;
            if (offset + size > bytes.Length) break;
            for (int i = 0; i < size / 4; i++) fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset + i * 4)));
        }
        return fat;
    }
}
