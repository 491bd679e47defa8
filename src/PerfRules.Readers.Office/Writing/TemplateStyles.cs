using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PerfRules.Readers.Office.Writing;

/// <summary>The cell styles of the template workbook (cellXfs indices) and the stylesheet that defines them.</summary>
internal static class TemplateStyles
{
    public const int Default = 0, Title = 1, Head = 2, Cell = 3, Label = 4, Note = 5, NoteTitle = 6;
    private const int MoneyBase = 7;
    public const int MaxDecimals = 6;
    /// <summary>The money figures in 万元: two decimals, thousands separated.</summary>
    public static int Money => MoneyOf(2);

    /// <summary>A bordered number cell showing this many decimals (#,##0.00 for 2).</summary>
    public static int MoneyOf(int decimals) => MoneyBase + Math.Clamp(decimals, 0, MaxDecimals);

    private static string MoneyFormat(int decimals) => decimals == 0 ? "#,##0" : "#,##0." + new string('0', decimals);

    public static Stylesheet Build()
    {
        static Font Font(double size, bool bold)
        {
            var f = new Font();
            if (bold) f.Append(new Bold());
            f.Append(new FontSize { Val = size }, new FontName { Val = "宋体" }, new FontFamilyNumbering { Val = 3 }, new FontCharSet { Val = 134 });
            return f;
        }
        var thin = new Border(
            new LeftBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        static CellFormat Xf(uint font, uint fill, uint border, uint numFmt, HorizontalAlignmentValues? h, VerticalAlignmentValues v, bool wrap)
        {
            var xf = new CellFormat
            {
                NumberFormatId = numFmt, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
                ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyNumberFormat = numFmt != 0, ApplyAlignment = true,
            };
            xf.Append(new Alignment { Horizontal = h, Vertical = v, WrapText = wrap });
            return xf;
        }
        var formats = new NumberingFormats { Count = MaxDecimals + 1 };
        for (int d = 0; d <= MaxDecimals; d++)
            formats.Append(new NumberingFormat { NumberFormatId = (uint)(164 + d), FormatCode = MoneyFormat(d) });
        var xfs = new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            Xf(2, 0, 0, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, false),   // Title
            Xf(1, 2, 1, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, true),    // Head
            Xf(0, 0, 1, 0, null, VerticalAlignmentValues.Top, true),                                   // Cell
            Xf(1, 0, 1, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, true),    // Label
            Xf(0, 0, 0, 0, null, VerticalAlignmentValues.Top, true),                                   // Note
            Xf(2, 0, 0, 0, null, VerticalAlignmentValues.Center, false));                              // NoteTitle
        for (int d = 0; d <= MaxDecimals; d++)
            xfs.Append(Xf(0, 0, 1, (uint)(164 + d), null, VerticalAlignmentValues.Top, false));
        xfs.Count = (uint)xfs.ChildElements.Count;
        return new Stylesheet(
            formats,
            new Fonts(Font(11, false), Font(11, true), Font(14, true)) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = HexBinaryValue.FromString("FFD9D9D9") }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            xfs,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
