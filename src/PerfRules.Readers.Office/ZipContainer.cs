using System.IO.Compression;
using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>What a zip file holds, judged by the names of its parts.</summary>
internal enum ZipKind { Workbook, BinaryWorkbook, Word, PowerPoint, OpenDocumentSpreadsheet, OpenDocumentText, OpenDocumentOther, Ofd, Other }

/// <summary>
/// Looks into a zip without inflating it: the names in the local headers the head shows (for
/// <see cref="PerfRules.Ingest.IFileOpener.Probe"/>), and the central directory (for opening: the
/// kind, and whether the declared sizes fit the budget before anything is inflated).
/// </summary>
internal static class ZipContainer
{
    /// <summary>
    /// Opens an Office zip by what it holds, whatever its name or which opener claimed it: a workbook
    /// or a Word document is read, any other zip is one finding that says what it is.
    /// </summary>
    internal static OpenedFile Open(byte[] bytes, string path, ReadOptions options, IReadOnlyList<IDocumentReader> readers)
    {
        var limits = OfficeLimits.For(options);
        if (options.MaxFileSize > 0 && bytes.LongLength > options.MaxFileSize)
            return OpenedFile.Failed(new Diagnostic("PR006", $"文件过大（超过 {OfficeLimits.Mb(options.MaxFileSize)}），未读取", null));
        var (kind, problem) = Inspect(bytes, limits);
        if (problem is not null) return OpenedFile.Failed(problem);
        return kind switch
        {
            ZipKind.Workbook => XlsxOpener.ReadWorkbook(bytes, path, limits, readers),
            ZipKind.Word => DocxOpener.ReadDocument(bytes, path, limits, readers),
            _ => OpenedFile.Failed(FormatMessages.Zip(kind)),
        };
    }

    public static bool HasSignature(ReadOnlySpan<byte> head)
        => head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && (head[2], head[3]) is (3, 4) or (5, 6);

    /// <summary>The kind from the part names in the local headers within the head, or null when none tells.</summary>
    public static ZipKind? KindFromHead(ReadOnlySpan<byte> head)
    {
        if (!HasSignature(head)) return null;
        ZipKind? found = null;
        for (int i = 0; i + 30 <= head.Length; i++)
        {
            if (head[i] != 'P' || head[i + 1] != 'K' || head[i + 2] != 3 || head[i + 3] != 4) continue;
            int nameLength = head[i + 26] | head[i + 27] << 8;
            int extraLength = head[i + 28] | head[i + 29] << 8;
            if (nameLength == 0 || i + 30 + nameLength > head.Length) continue;
            var name = Encoding.UTF8.GetString(head.Slice(i + 30, nameLength));
            string? mimetype = null;
            if (name == "mimetype" && head[i + 8] == 0)
            {
                int size = head[i + 18] | head[i + 19] << 8;
                int data = i + 30 + nameLength + extraLength;
                if (size is > 0 and < 200 && data + size <= head.Length) mimetype = Encoding.ASCII.GetString(head.Slice(data, size));
            }
            var kind = KindOf(name, mimetype);
            if (kind is ZipKind.Other) continue;
            found = kind;
            if (kind is not ZipKind.Workbook || !name.EndsWith(".bin", StringComparison.Ordinal)) break;
        }
        return found;
    }

    private static ZipKind KindOf(string name, string? mimetype)
    {
        if (name.StartsWith("xl/", StringComparison.Ordinal))
            return name.StartsWith("xl/workbook.bin", StringComparison.Ordinal) ? ZipKind.BinaryWorkbook : ZipKind.Workbook;
        if (name.StartsWith("word/", StringComparison.Ordinal)) return ZipKind.Word;
        if (name.StartsWith("ppt/", StringComparison.Ordinal)) return ZipKind.PowerPoint;
        if (name.Equals("OFD.xml", StringComparison.OrdinalIgnoreCase)) return ZipKind.Ofd;
        if (mimetype is not null && mimetype.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal))
            return mimetype.EndsWith(".spreadsheet", StringComparison.Ordinal) ? ZipKind.OpenDocumentSpreadsheet
                : mimetype.EndsWith(".text", StringComparison.Ordinal) ? ZipKind.OpenDocumentText : ZipKind.OpenDocumentOther;
        return ZipKind.Other;
    }

    /// <summary>
    /// The kind of the zip from its central directory, or the problem that stops reading: a damaged
    /// zip (PR001), too many parts, or parts that declare more than the inflate budget (PR006).
    /// </summary>
    public static (ZipKind Kind, Diagnostic? Problem) Inspect(byte[] bytes, OfficeLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxEntries)
                return (ZipKind.Other, new Diagnostic("PR006", $"压缩包中的文件过多（{zip.Entries.Count} 个，上限 {limits.MaxEntries}），未读取", null));
            long declared = 0;
            var kind = ZipKind.Other;
            bool binary = false;
            foreach (var e in zip.Entries)
            {
                declared += e.Length;
                string? mimetype = null;
                if (e.FullName == "mimetype" && e.Length is > 0 and < 200)
                {
                    using var s = e.Open();
                    using var r = new StreamReader(s, Encoding.ASCII);
                    mimetype = r.ReadToEnd();
                }
                var k = KindOf(e.FullName, mimetype);
                if (k == ZipKind.BinaryWorkbook) binary = true;
                if (kind == ZipKind.Other) kind = k;
            }
            if (binary) kind = ZipKind.BinaryWorkbook;
            if (declared > limits.MaxInflatedBytes)
                return (kind, new Diagnostic("PR006",
                    $"文件解压后有 {OfficeLimits.Mb(declared)}，超过上限 {OfficeLimits.Mb(limits.MaxInflatedBytes)}（可能是压缩炸弹），未读取", null));
            return (kind, null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            return (ZipKind.Other, new Diagnostic("PR001", "文件已损坏：不是完整的 zip 压缩包（.xlsx/.docx 都是 zip 格式），无法读取；请重新导出或另存后再检查", null));
        }
    }
}
