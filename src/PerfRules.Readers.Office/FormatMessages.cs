using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>
/// The one clear PR001 for a file that is an Office or WPS format this reader cannot read: it names
/// the format and says what to do. Never the "damaged text" of reading the bytes as text.
/// </summary>
internal static class FormatMessages
{
    public static Diagnostic Zip(ZipKind kind) => Pr001(kind switch
    {
        ZipKind.BinaryWorkbook => "Excel 二进制工作簿（.xlsb）无法直接读取，请另存为 .xlsx 后再检查",
        ZipKind.PowerPoint => "PowerPoint 演示文稿不是绩效目标表，无法检查；请使用 .xlsx、.docx 或 .csv 文件",
        ZipKind.OpenDocumentSpreadsheet => "OpenDocument 表格（.ods）无法直接读取，请另存为 .xlsx 后再检查",
        ZipKind.OpenDocumentText => "OpenDocument 文本（.odt）无法直接读取，请另存为 .docx 后再检查",
        ZipKind.OpenDocumentOther => "OpenDocument 文件无法直接读取，请另存为 .xlsx 或 .docx 后再检查",
        ZipKind.Ofd => "OFD 版式文件无法检查，请使用原始的 Excel 或 Word 文件",
        _ => "文件是 zip 压缩包，不是 Excel（.xlsx）或 Word（.docx）文件；请解压后检查其中的表格文件",
    });

    /// <summary>An OLE compound file (the pre-2007 Office and WPS binary formats) other than a readable .xls.</summary>
    public static Diagnostic Ole(OleKind kind, string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return Pr001(kind switch
        {
            OleKind.Encrypted => "文件已加密（设置了打开密码），无法读取；请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再检查",
            OleKind.Word when ext == ".wps" => "WPS 文字文件（.wps）无法直接读取，请另存为 .docx 后再检查",
            OleKind.Word => "Word 97-2003 文档（.doc）无法直接读取，请另存为 .docx 后再检查",
            OleKind.PowerPoint => "PowerPoint 演示文稿不是绩效目标表，无法检查；请使用 .xlsx、.docx 或 .csv 文件",
            OleKind.Workbook when ext == ".et" => "WPS 表格文件（.et）无法直接读取，请另存为 .xlsx 后再检查",
            OleKind.Workbook => "旧版 Excel 工作簿（.xls）已损坏或使用了无法读取的格式，请另存为 .xlsx 后再检查",
            _ => ext switch
            {
                ".et" or ".ett" => "WPS 表格文件（.et）无法直接读取，请另存为 .xlsx 后再检查",
                ".wps" or ".wpt" => "WPS 文字文件（.wps）无法直接读取，请另存为 .docx 后再检查",
                ".dps" => "WPS 演示文件（.dps）不是绩效目标表，无法检查；请使用 .xlsx、.docx 或 .csv 文件",
                _ => "文件是 OLE 复合文档（旧版 Office 或 WPS 的二进制格式），无法直接读取；请在 Excel、Word 或 WPS 中另存为 .xlsx 或 .docx 后再检查",
            },
        });
    }

    public static Diagnostic Damaged(string what) => Pr001($"{what}已损坏或不完整，无法读取；请在 Excel、Word 或 WPS 中打开并另存后再检查");

    private static Diagnostic Pr001(string message) => new("PR001", message, null);
}
