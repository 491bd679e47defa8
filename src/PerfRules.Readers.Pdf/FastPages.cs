using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace PerfRules.Readers.Pdf;

/// <summary>A page read by <see cref="FastPages"/>: what <see cref="PageGlyphs.Read"/> and <see cref="Rulings.Read"/> would have given.</summary>
internal sealed record FastPageResult(List<Glyph> Glyphs, List<DrawnPath> Paths, PageTurn Turn, double Width, double Height);

/// <summary>
/// Reads the pages of the PDFs browsers print (Type 3 fonts with ToUnicode maps, per-glyph text
/// operators, rectangles for borders) with its own content-stream interpreter instead of PdfPig's
/// page objects, which cost most of a read (docs/pdf.md, "The reader's own content interpreter"). It reproduces PdfPig
/// 0.1.16's letters (text, baseline ends, point size; ActualText) and paths with PdfPig's own
/// matrix and rectangle arithmetic, so the glyphs and rulings are the same numbers. Whatever it
/// does not know (another font type, an unmapped code, an operator outside its set, a form, an
/// inline image, a rotated or offset page) makes it give up on that page: the caller then reads the
/// page with PdfPig. Streams are decoded through the document's limited filters.
/// </summary>
internal sealed class FastPages
{
    private readonly IPdfTokenScanner _scanner;
    private readonly IFilterProvider _filters;
    private readonly List<(DictionaryToken Page, double Width, double Height)> _pages;
    private readonly Dictionary<IndirectReference, Type3Metrics?> _fonts = new();

    private FastPages(IPdfTokenScanner scanner, IFilterProvider filters, List<(DictionaryToken, double, double)> pages)
    {
        _scanner = scanner;
        _filters = filters;
        _pages = pages;
    }

    /// <summary>Deeper page trees are left to PdfPig.</summary>
    private const int MaxTreeDepth = 32;

    /// <summary>The document's pages in PdfPig's order, or null when its page tree is not the plain kind this reader knows.</summary>
    public static FastPages? Open(PdfDocument document, IFilterProvider filters)
    {
        try
        {
            var scanner = document.Structure.TokenScanner;
            int count = document.NumberOfPages;
            var pages = new List<(DictionaryToken, double, double)>(count);
            if (!document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Pages, out var root)) return null;
            var seen = new HashSet<IndirectReference>();
            var stack = new Stack<(IToken Node, ArrayToken? MediaBox, int Depth)>();
            stack.Push((root, null, 0));
            while (stack.Count > 0)
            {
                var (node, inheritedBox, depth) = stack.Pop();
                if (node is IndirectReferenceToken r && !seen.Add(r.Data)) return null;
                var dict = DirectObjectFinder.Get<DictionaryToken>(node, scanner);
                if (dict is null || depth > MaxTreeDepth) return null;
                if (dict.ContainsKey(NameToken.Create("CropBox")) || dict.ContainsKey(NameToken.Create("UserUnit"))) return null;
                if (dict.TryGet(NameToken.Rotate, out var rotate) && !(rotate is NumericToken { Double: 0 })) return null;
                var box = dict.TryGet(NameToken.MediaBox, out var b) ? DirectObjectFinder.Get<ArrayToken>(b, scanner) : inheritedBox;
                if (!dict.TryGet(NameToken.Type, out var type) || type is not NameToken typeName) return null;
                if (typeName.Data == "Pages")
                {
                    if (dict.ContainsKey(NameToken.Create("Resources"))) return null;
                    if (!dict.TryGet(NameToken.Kids, out var kidsToken) || DirectObjectFinder.Get<ArrayToken>(kidsToken, scanner) is not { } kids) return null;
                    for (int i = kids.Data.Count - 1; i >= 0; i--) stack.Push((kids.Data[i], box, depth + 1));
                }
                else if (typeName.Data == "Page")
                {
                    if (box is null || box.Data.Count != 4) return null;
                    // A page at the origin: PdfPig's initial matrix is then the identity and PageTurn subtracts nothing.
                    if (box.Data[0] is not NumericToken { Double: 0 } || box.Data[1] is not NumericToken { Double: 0 }
                        || box.Data[2] is not NumericToken { Double: > 0 } w || box.Data[3] is not NumericToken { Double: > 0 } h) return null;
                    pages.Add((dict, w.Double, h.Double));
                    if (pages.Count > count) return null;
                }
                else return null;
            }
            return pages.Count == count ? new FastPages(scanner, filters, pages) : null;
        }
        catch (PdfLimitException) { throw; }
        catch (Exception) { return null; }
    }

    /// <summary>Page <paramref name="number"/> (1-based) read here, or null: read it with PdfPig.</summary>
    public FastPageResult? Read(int number)
    {
        var (dict, width, height) = _pages[number - 1];
        try
        {
            if (!dict.TryGet(NameToken.Resources, _scanner, out DictionaryToken? resources)) return null;
            var fonts = Fonts(resources);
            if (fonts is null) return null;
            if (!dict.TryGet(NameToken.Contents, out var contents)) return null;
            byte[] content;
            int length;
            if (DirectObjectFinder.TryGet<ArrayToken>(contents, _scanner, out var parts))
            {
                // As PdfPig joins them: a newline between the streams.
                using var joined = new MemoryStream();
                for (int i = 0; i < parts.Data.Count; i++)
                {
                    if (parts.Data[i] is not IndirectReferenceToken part) return null;
                    var stream = DirectObjectFinder.Get<StreamToken>(part, _scanner);
                    if (stream is null) return null;
                    joined.Write(stream.Decode(_filters).Span);
                    if (i < parts.Data.Count - 1) joined.WriteByte((byte)'\n');
                }
                content = joined.ToArray();
                length = content.Length;
            }
            else
            {
                var stream = DirectObjectFinder.Get<StreamToken>(contents, _scanner);
                if (stream is null) return null;
                var decoded = stream.Decode(_filters);
                // Read in place where the filter's buffer starts at the content (it may be longer).
                if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(decoded, out var seg) && seg.Offset == 0)
                    (content, length) = (seg.Array!, seg.Count);
                else
                {
                    content = decoded.ToArray();
                    length = content.Length;
                }
            }
            var turn = new PageTurn(0, width, height) { Left = 0, Bottom = 0 };
            var interpreter = new Interpreter(this, number, turn, resources, fonts, content, length);
            return interpreter.Run() ? new FastPageResult(interpreter.Glyphs, interpreter.Paths, turn, width, height) : null;
        }
        catch (PdfLimitException) { throw; }
        catch (Exception) { return null; }
    }

    /// <summary>The page's fonts by resource name; null when any is not a Type 3 font this reader knows (PdfPig loads them all with the page).</summary>
    private Dictionary<string, Type3Metrics>? Fonts(DictionaryToken resources)
    {
        var result = new Dictionary<string, Type3Metrics>();
        if (!resources.TryGet(NameToken.Font, _scanner, out DictionaryToken? fonts)) return result;
        foreach (var (name, token) in fonts.Data)
        {
            Type3Metrics? metrics;
            if (token is IndirectReferenceToken r)
            {
                if (!_fonts.TryGetValue(r.Data, out metrics))
                    _fonts[r.Data] = metrics = Type3Metrics.Read(DirectObjectFinder.Get<DictionaryToken>(r, _scanner), _scanner, _filters);
            }
            else metrics = Type3Metrics.Read(token as DictionaryToken, _scanner, _filters);
            if (metrics is null) return null;
            result[name] = metrics;
        }
        return result;
    }

    private DictionaryToken? Resource(DictionaryToken resources, NameToken kind, string name)
    {
        if (!resources.TryGet(kind, _scanner, out DictionaryToken? group)) return null;
        return group.TryGet(NameToken.Create(name), _scanner, out DictionaryToken? d) ? d : null;
    }

    private StreamToken? XObject(DictionaryToken resources, string name)
    {
        if (!resources.TryGet(NameToken.Xobject, _scanner, out DictionaryToken? group)) return null;
        return group.TryGet(NameToken.Create(name), out var t) ? DirectObjectFinder.Get<StreamToken>(t, _scanner) : null;
    }

    /// <summary>
    /// What a Type 3 font gives a letter, as PdfPig's <c>Type3Font</c> computes it: each code's
    /// advance (its width through the font matrix) and its text from the ToUnicode map.
    /// </summary>
    internal sealed class Type3Metrics
    {
        /// <summary>The advance of each code in text space (PdfPig's <c>CharacterBoundingBox.Width</c>).</summary>
        public readonly double[] Advance = new double[256];
        /// <summary>The ToUnicode text of each code; null: not mapped (PdfPig would try the encoding, or warn).</summary>
        public readonly string?[] Unicode = new string?[256];

        public static Type3Metrics? Read(DictionaryToken? font, IPdfTokenScanner scanner, IFilterProvider filters)
        {
            if (font is null || !font.TryGet(NameToken.Subtype, out var subtype) || subtype is not NameToken { Data: "Type3" }) return null;
            // Type3FontHandler.Generate, step by step.
            if (!font.TryGet(NameToken.FontBbox, out var bboxObject)) return null;
            PdfRectangle bbox = new(0, 0, 0, 0);
            if (bboxObject is ArrayToken ba)
            {
                if (ba.Data.Count < 4 || !AllNumbers(ba, 4)) return null;
                bbox = new PdfRectangle(Num(ba, 0), Num(ba, 1), Num(ba, 2), Num(ba, 3));
            }
            if (!font.TryGet(NameToken.FontMatrix, out var matrixObject) || DirectObjectFinder.Get<ArrayToken>(matrixObject, scanner) is not { } m
                || m.Data.Count < 6 || !AllNumbers(m, 6)) return null;
            var matrix = TransformationMatrix.FromValues(Num(m, 0), Num(m, 1), Num(m, 2),
                Num(m, 3), Num(m, 4), Num(m, 5));
            if (bbox.Left == 0 && bbox.Bottom == 0 && bbox.Height == 0 && bbox.Width == 0 && matrix.A != 0 && matrix.D != 0)
                bbox = new PdfRectangle(0, 0, 1 / matrix.A, 1 / matrix.D);
            if (!font.TryGet(NameToken.FirstChar, out var fc) || fc is not NumericToken first) return null;
            if (!font.TryGet(NameToken.LastChar, out var lc) || lc is not NumericToken) return null;
            if (!font.TryGet(NameToken.Widths, out var widthsToken)) return null;
            var widthArray = DirectObjectFinder.Get<ArrayToken>(widthsToken, scanner);
            var widths = new double[widthArray?.Data.Count ?? 0];
            for (int i = 0; i < widths.Length; i++)
            {
                if (widthArray!.Data[i] is not NumericToken w) return null;
                widths[i] = w.Double;
            }
            // An encoding is only read when a code is not in the ToUnicode map, and such a page is PdfPig's.
            if (font.TryGet(NameToken.Encoding, out var encoding) && encoding is not (NameToken or DictionaryToken or IndirectReferenceToken)) return null;
            if (!font.TryGet(NameToken.ToUnicode, out var toUnicodeObject) || DirectObjectFinder.Get<StreamToken>(toUnicodeObject, scanner) is not { } toUnicode)
                return null;
            var metrics = new Type3Metrics();
            if (!ToUnicodeMap.Read(toUnicode.Decode(filters).ToArray(), metrics.Unicode)) return null;
            int firstChar = first.Int;
            for (int code = 0; code < 256; code++)
            {
                int index = code - firstChar;
                double width = index >= 0 && index < widths.Length ? widths[index] : bbox.Width;
                metrics.Advance[code] = matrix.TransformX(width);
            }
            return metrics;
        }

        private static double Num(ArrayToken a, int i) => ((NumericToken)a.Data[i]).Double;

        private static bool AllNumbers(ArrayToken a, int n)
        {
            for (int i = 0; i < n; i++)
                if (a.Data[i] is not NumericToken) return false;
            return true;
        }
    }

    /// <summary>
    /// A ToUnicode map of one-byte codes (bfchar and bfrange), read as PdfPig's CMap parser reads it:
    /// one byte of text is Latin-1, more are UTF-16BE, a later entry for a code replaces an earlier.
    /// False for anything else (two-byte codes, usecmap, counts that do not match): the font is then PdfPig's.
    /// </summary>
    internal static class ToUnicodeMap
    {
        /// <summary>Entries a map may set (each code at most a few times over); a map beyond it is PdfPig's.</summary>
        private const int MaxEntries = 4096;

        public static bool Read(byte[] cmap, string?[] into)
        {
            var lex = new Lexer(cmap, cmap.Length);
            int entries = 0;
            double? count = null;
            while (lex.Next() is var kind && kind != Tok.End)
            {
                if (kind == Tok.Unknown) return false;
                if (kind == Tok.Number) { count = lex.Number; continue; }
                if (kind != Tok.Operator) { count = null; continue; }
                if (lex.Is("usecmap")) return false;
                bool chars = lex.Is("beginbfchar"), ranges = lex.Is("beginbfrange");
                if (!chars && !ranges) { count = null; continue; }
                if (count is not { } n || n < 0 || n > 10000 || n != Math.Floor(n)) return false;
                for (int i = 0; i < (int)n; i++)
                {
                    if (lex.Next() != Tok.Hex) return false;
                    var source = lex.HexBytes();
                    if (source.Length != 1) return false;
                    if (chars)
                    {
                        if (lex.Next() != Tok.Hex) return false;
                        into[source[0]] = Text(lex.HexBytes());
                        if (++entries > MaxEntries) return false;
                        continue;
                    }
                    if (lex.Next() != Tok.Hex) return false;
                    var high = lex.HexBytes();
                    if (high.Length != 1) return false;
                    var kindOfDestination = lex.Next();
                    int code = source[0], end = high[0];
                    if (kindOfDestination == Tok.Hex)
                    {
                        var destination = lex.HexBytes();
                        if (destination.Length == 0) return false;
                        while (true)
                        {
                            bool done = code >= end;
                            into[code] = Text(destination);
                            if (++entries > MaxEntries) return false;
                            code++;
                            Increment(destination, destination.Length - 1);
                            if (done || code > 255) break;
                        }
                    }
                    else if (kindOfDestination == Tok.ArrayStart)
                    {
                        while (true)
                        {
                            bool done = code >= end;
                            if (lex.Next() != Tok.Hex) return false;
                            into[code] = Text(lex.HexBytes());
                            if (++entries > MaxEntries) return false;
                            code++;
                            if (done || code > 255) break;
                        }
                        if (lex.Next() != Tok.ArrayEnd) return false;
                    }
                    else return false;
                }
                if (lex.Next() != Tok.Operator || !lex.Is(chars ? "endbfchar" : "endbfrange")) return false;
                count = null;
            }
            return true;
        }

        private static string Text(byte[] bytes) =>
            bytes.Length == 1 ? ((char)bytes[0]).ToString() : Encoding.BigEndianUnicode.GetString(bytes);

        private static void Increment(byte[] data, int position)
        {
            if (position > 0 && data[position] == 255)
            {
                data[position] = 0;
                Increment(data, position - 1);
            }
            else data[position] = (byte)(data[position] + 1);
        }
    }

    internal enum Tok { End, Number, Name, Hex, String, ArrayStart, ArrayEnd, DictStart, DictEnd, Operator, Unknown }

    /// <summary>
    /// The tokens of a content stream or CMap. Numbers are parsed as PdfPig's NumericTokenizer
    /// parses them (its digits-then-fraction arithmetic), so the same text gives the same double.
    /// </summary>
    internal sealed class Lexer(byte[] data, int length)
    {
        private int _at;
        public int Start, Stop;
        public double Number;

        public ReadOnlySpan<byte> Span => data.AsSpan(Start, Stop - Start);
        public bool Is(string op) => Span.Length == op.Length && Ascii(op);

        private bool Ascii(string op)
        {
            var s = Span;
            for (int i = 0; i < s.Length; i++)
                if (s[i] != op[i]) return false;
            return true;
        }

        private static bool IsWhite(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;
        private static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

        public Tok Next()
        {
            while (true)
            {
                while (_at < length && IsWhite(data[_at])) _at++;
                if (_at >= length) return Tok.End;
                if (data[_at] != '%') break;
                while (_at < length && data[_at] != '\n' && data[_at] != '\r') _at++;
            }
            Start = _at;
            byte c = data[_at];
            switch (c)
            {
                case (byte)'[': _at++; Stop = _at; return Tok.ArrayStart;
                case (byte)']': _at++; Stop = _at; return Tok.ArrayEnd;
                case (byte)'<':
                    if (_at + 1 < length && data[_at + 1] == '<') { _at += 2; Stop = _at; return Tok.DictStart; }
                    _at++;
                    while (_at < length && data[_at] != '>')
                    {
                        byte h = data[_at];
                        if (!IsWhite(h) && !char.IsAsciiHexDigit((char)h)) return Tok.Unknown;
                        _at++;
                    }
                    if (_at >= length) return Tok.Unknown;
                    _at++;
                    Stop = _at;
                    return Tok.Hex;
                case (byte)'>':
                    if (_at + 1 < length && data[_at + 1] == '>') { _at += 2; Stop = _at; return Tok.DictEnd; }
                    return Tok.Unknown;
                case (byte)'(':
                {
                    // Balanced parentheses; escapes are read when the string is shown.
                    int depth = 0;
                    for (; _at < length; _at++)
                    {
                        byte s = data[_at];
                        if (s == '\\') { _at++; continue; }
                        if (s == '(') depth++;
                        else if (s == ')' && --depth == 0) break;
                    }
                    if (_at >= length) return Tok.Unknown;
                    _at++;
                    Stop = _at;
                    return Tok.String;
                }
                case (byte)'/':
                    _at++;
                    while (_at < length && !IsWhite(data[_at]) && !IsDelimiter(data[_at])) _at++;
                    Stop = _at;
                    return Tok.Name;
                case (byte)')' or (byte)'{' or (byte)'}':
                    return Tok.Unknown;
            }
            if (c is >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'+' or (byte)'.') return ReadNumber();
            while (_at < length && !IsWhite(data[_at]) && !IsDelimiter(data[_at])) _at++;
            Stop = _at;
            return Tok.Operator;
        }

        /// <summary>Math.Pow(10, n) as PdfPig computes it for each number, computed once.</summary>
        private static readonly double[] PowersOfTen = Enumerable.Range(0, 19).Select(n => Math.Pow(10, n)).ToArray();

        /// <summary>PdfPig's NumericTokenizer without exponents (a number with one is left to PdfPig).</summary>
        private Tok ReadNumber()
        {
            bool negative = false, hasFraction = false;
            double integerPart = 0;
            long fractionalPart = 0;
            int fractionalCount = 0, read = 0;
            for (; _at < length; _at++, read++)
            {
                byte b = data[_at];
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    if (hasFraction)
                    {
                        if (fractionalCount >= 18) return Tok.Unknown;
                        fractionalPart = fractionalPart * 10 + (b - '0');
                        fractionalCount++;
                    }
                    else integerPart = integerPart * 10 + (b - '0');
                }
                else if (b == '+') { }
                else if (b == '-') negative = true;
                else if (b == '.')
                {
                    if (hasFraction) return Tok.Unknown;
                    hasFraction = true;
                }
                else if (b is (byte)'e' or (byte)'E') return Tok.Unknown;
                else break;
            }
            if (_at < length && !IsWhite(data[_at]) && !IsDelimiter(data[_at])) return Tok.Unknown;
            if (hasFraction && fractionalCount > 0)
            {
                integerPart += fractionalCount switch
                {
                    1 => fractionalPart / 10.0,
                    2 => fractionalPart / 100.0,
                    3 => fractionalPart / 1000.0,
                    _ => fractionalPart / PowersOfTen[fractionalCount],
                };
            }
            if (negative) integerPart = -integerPart;
            Number = integerPart == 0 ? 0 : integerPart;
            Stop = _at;
            return Tok.Number;
        }

        /// <summary>The bytes of the hex string just read (a missing last digit is 0, as PdfPig reads it).</summary>
        public byte[] HexBytes()
        {
            var digits = new List<byte>(Stop - Start);
            for (int i = Start + 1; i < Stop - 1; i++)
                if (!IsWhite(data[i])) digits.Add(data[i]);
            var bytes = new byte[(digits.Count + 1) / 2];
            for (int i = 0, k = 0; i < digits.Count; i += 2, k++)
                bytes[k] = (byte)(HexValue(digits[i]) << 4 | (i + 1 < digits.Count ? HexValue(digits[i + 1]) : 0));
            return bytes;
        }

        /// <summary>The hex string just read as its digits (for PdfPig's own HexToken, which decodes text strings).</summary>
        public string HexDigits()
        {
            var sb = new StringBuilder(Stop - Start);
            for (int i = Start + 1; i < Stop - 1; i++)
                if (!IsWhite(data[i])) sb.Append((char)data[i]);
            return sb.ToString();
        }

        public static int HexValue(byte h) => h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10;

        /// <summary>The bytes of a name token at start..stop, without its slash.</summary>
        public ReadOnlySpan<byte> NameAt(int start, int stop) => data.AsSpan(start + 1, stop - start - 1);

        /// <summary>The name just read, without its slash; null when it has # escapes (left to PdfPig).</summary>
        public string? Name()
        {
            var s = data.AsSpan(Start + 1, Stop - Start - 1);
            if (s.IndexOf((byte)'#') >= 0) return null;
            return Encoding.ASCII.GetString(s);
        }

        /// <summary>The bytes a string shows, into <paramref name="into"/>; false when PdfPig might read it otherwise (non-ASCII, octal escapes past 127, a byte-order mark).</summary>
        public bool ShownBytes(int start, int stop, List<byte> into)
        {
            into.Clear();
            if (data[start] == '<')
            {
                int digits = 0, high = 0;
                for (int i = start + 1; i < stop - 1; i++)
                {
                    byte h = data[i];
                    if (IsWhite(h)) continue;
                    if (digits++ % 2 == 0) high = HexValue(h);
                    else into.Add((byte)(high << 4 | HexValue(h)));
                }
                if (digits % 2 == 1) into.Add((byte)(high << 4));
                return true;
            }
            for (int i = start + 1; i < stop - 1; i++)
            {
                byte b = data[i];
                if (b >= 0x80 || b == '\r' || b == '\n') return false;
                if (b != '\\') { into.Add(b); continue; }
                if (++i >= stop - 1) return false;
                byte e = data[i];
                switch (e)
                {
                    case (byte)'n': into.Add((byte)'\n'); break;
                    case (byte)'r': into.Add((byte)'\r'); break;
                    case (byte)'t': into.Add((byte)'\t'); break;
                    case (byte)'b': into.Add(8); break;
                    case (byte)'f': into.Add(12); break;
                    case (byte)'(' or (byte)')' or (byte)'\\': into.Add(e); break;
                    case >= (byte)'0' and <= (byte)'7':
                    {
                        int v = 0, n = 0;
                        while (n < 3 && i < stop - 1 && data[i] is >= (byte)'0' and <= (byte)'7') { v = v * 8 + (data[i] - '0'); i++; n++; }
                        i--;
                        if (v >= 0x80) return false;
                        into.Add((byte)v);
                        break;
                    }
                    default: return false;
                }
            }
            return true;
        }
    }

    /// <summary>An operand of the content stream: a number, or where its token is (name, string, array of TJ, dictionary of BDC).</summary>
    private struct Operand
    {
        public Tok Kind;
        public double Number;
        public int Start, Stop;
        public string? Text;
        /// <summary>For a TJ array: its elements' range in <see cref="Interpreter._tj"/>.</summary>
        public int First, Count;
    }

    /// <summary>The graphics state PdfPig's letters and paths depend on.</summary>
    private struct State
    {
        public TransformationMatrix Ctm;
        /// <summary>The font Tf named; null when the page has none of that name (showing text with it is then PdfPig's).</summary>
        public Type3Metrics? Font;
        public double FontSize, CharacterSpacing, WordSpacing, HorizontalScaling, Leading, Rise, LineWidth;
        public (double R, double G, double B)? Fill, Stroke;
    }

    private sealed class Interpreter(FastPages owner, int page, PageTurn turn, DictionaryToken resources, Dictionary<string, Type3Metrics> fonts, byte[] content, int length)
    {
        public readonly List<Glyph> Glyphs = new();
        public readonly List<DrawnPath> Paths = new();
        private readonly Lexer _lex = new(content, length);
        private readonly Dictionary<string, Type3Metrics>.AlternateLookup<ReadOnlySpan<char>> _fonts = fonts.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly List<Operand> _operands = new();
        private readonly List<Operand> _tj = new();
        private readonly List<byte> _bytes = new();
        private readonly Stack<State> _saved = new();
        private State _state = new() { Ctm = TransformationMatrix.Identity, HorizontalScaling = 100, LineWidth = 1 };
        private TransformationMatrix _tm = TransformationMatrix.Identity, _tlm = TransformationMatrix.Identity;
        private string? _actualText;
        private bool _firstActualTextGlyph;
        private List<PdfSubpath>? _path;
        private PdfSubpath? _subpath;
        private bool _clipping;

        /// <summary>The operators this interpreter knows, by <see cref="Key"/>: no string is made per operator.</summary>
        private static readonly Dictionary<int, string> Operators = new[]
        {
            "BT", "ET", "Tf", "Tm", "Td", "TD", "T*", "Tc", "Tw", "Tz", "TL", "Ts", "Tj", "'", "\"", "TJ", "q", "Q", "cm", "w", "gs",
            "rg", "RG", "g", "G", "re", "m", "l", "h", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n", "W", "W*", "BDC", "BMC", "EMC", "Do",
            "J", "j", "M", "d", "ri", "i", "Tr", "MP", "DP",
        }.ToDictionary(o => Key(Encoding.ASCII.GetBytes(o)));

        /// <summary>An operator of up to three bytes as a number; -1 for a longer one (none is known).</summary>
        private static int Key(ReadOnlySpan<byte> op)
        {
            if (op.Length is 0 or > 3) return -1;
            int key = 0;
            foreach (var b in op) key = key << 8 | b;
            return key;
        }

        /// <summary>Operators that change nothing PdfPig's letters or the rulings read.</summary>
        private static readonly HashSet<string> Ignored = new() { "J", "j", "M", "d", "ri", "i", "Tr", "MP", "DP" };

        /// <summary>Saved states at most (a content stream nesting q deeper is PdfPig's, which guards its own).</summary>
        private const int MaxSaved = 256;

        public bool Run()
        {
            while (true)
            {
                var kind = _lex.Next();
                switch (kind)
                {
                    case Tok.End:
                        return _operands.Count == 0;
                    case Tok.Number:
                        _operands.Add(new Operand { Kind = Tok.Number, Number = _lex.Number });
                        break;
                    case Tok.Name or Tok.Hex or Tok.String:
                        _operands.Add(new Operand { Kind = kind, Start = _lex.Start, Stop = _lex.Stop });
                        break;
                    case Tok.ArrayStart:
                        if (!ReadArray()) return false;
                        break;
                    case Tok.DictStart:
                        if (!ReadDictionary()) return false;
                        break;
                    case Tok.Operator:
                        if (!Operators.TryGetValue(Key(_lex.Span), out var op) || !Do(op)) return false;
                        _operands.Clear();
                        break;
                    default:
                        return false;
                }
            }
        }

        /// <summary>A TJ array: numbers and strings only.</summary>
        private bool ReadArray()
        {
            int first = _tj.Count;
            while (true)
            {
                var kind = _lex.Next();
                if (kind == Tok.ArrayEnd) break;
                if (kind == Tok.Number) _tj.Add(new Operand { Kind = kind, Number = _lex.Number });
                else if (kind is Tok.Hex or Tok.String) _tj.Add(new Operand { Kind = kind, Start = _lex.Start, Stop = _lex.Stop });
                else return false;
            }
            _operands.Add(new Operand { Kind = Tok.ArrayStart, First = first, Count = _tj.Count - first });
            return true;
        }

        /// <summary>A marked-content property list: only its ActualText (a hex string) is kept; other values are skipped.</summary>
        private bool ReadDictionary()
        {
            string? actualText = null;
            while (true)
            {
                var key = _lex.Next();
                if (key == Tok.DictEnd) break;
                if (key != Tok.Name) return false;
                bool isActualText = _lex.Span.SequenceEqual("/ActualText"u8);
                var value = _lex.Next();
                if (isActualText)
                {
                    // PdfPig's HexToken decodes the text (UTF-16BE after a byte-order mark); other kinds are left to PdfPig.
                    if (value != Tok.Hex) return false;
                    actualText = new HexToken(_lex.HexDigits().AsSpan()).Data.Replace("\u00ad", string.Empty);
                }
                else if (!SkipValue(value, 1)) return false;
            }
            _operands.Add(new Operand { Kind = Tok.DictStart, Text = actualText });
            return true;
        }

        /// <summary>Passes over one value of a property list (nested at most 8 deep; references and the rest are PdfPig's).</summary>
        private bool SkipValue(Tok value, int depth)
        {
            if (depth > 8) return false;
            switch (value)
            {
                case Tok.Number or Tok.Name or Tok.Hex or Tok.String:
                    return true;
                case Tok.Operator:
                    return _lex.Is("true") || _lex.Is("false") || _lex.Is("null");
                case Tok.ArrayStart:
                    while (true)
                    {
                        var k = _lex.Next();
                        if (k == Tok.ArrayEnd) return true;
                        if (!SkipValue(k, depth + 1)) return false;
                    }
                case Tok.DictStart:
                    while (true)
                    {
                        var k = _lex.Next();
                        if (k == Tok.DictEnd) return true;
                        if (k != Tok.Name || !SkipValue(_lex.Next(), depth + 1)) return false;
                    }
                default:
                    return false;
            }
        }

        private bool Numbers(int n)
        {
            if (_operands.Count != n) return false;
            foreach (var o in _operands)
                if (o.Kind != Tok.Number) return false;
            return true;
        }

        private double N(int i) => _operands[i].Number;

        private bool Do(string op)
        {
            switch (op)
            {
                case "BT" or "ET":
                    if (_operands.Count != 0) return false;
                    _tm = _tlm = TransformationMatrix.Identity;
                    return true;
                case "Tf":
                {
                    if (_operands.Count != 2 || _operands[0].Kind != Tok.Name || _operands[1].Kind != Tok.Number) return false;
                    var name = _lex.NameAt(_operands[0].Start, _operands[0].Stop);
                    if (name.Length > 127 || name.IndexOf((byte)'#') >= 0) return false;
                    Span<char> chars = stackalloc char[name.Length];
                    for (int i = 0; i < name.Length; i++) chars[i] = (char)name[i];
                    _state.Font = _fonts.TryGetValue(chars, out var font) ? font : null;
                    _state.FontSize = N(1);
                    return true;
                }
                case "Tm":
                    if (!Numbers(6)) return false;
                    _tm = _tlm = TransformationMatrix.FromValues(N(0), N(1), N(2), N(3), N(4), N(5));
                    return true;
                case "Td":
                    if (!Numbers(2)) return false;
                    MoveLine(N(0), N(1));
                    return true;
                case "TD":
                    if (!Numbers(2)) return false;
                    _state.Leading = -N(1);
                    MoveLine(N(0), N(1));
                    return true;
                case "T*":
                    if (_operands.Count != 0) return false;
                    MoveLine(0, -1 * _state.Leading);
                    return true;
                case "Tc": if (!Numbers(1)) return false; _state.CharacterSpacing = N(0); return true;
                case "Tw": if (!Numbers(1)) return false; _state.WordSpacing = N(0); return true;
                case "Tz": if (!Numbers(1)) return false; _state.HorizontalScaling = N(0); return true;
                case "TL": if (!Numbers(1)) return false; _state.Leading = N(0); return true;
                case "Ts": if (!Numbers(1)) return false; _state.Rise = N(0); return true;
                case "Tj":
                    return _operands.Count == 1 && _operands[0].Kind is Tok.Hex or Tok.String && Show(_operands[0]);
                case "'":
                    if (_operands.Count != 1 || _operands[0].Kind is not (Tok.Hex or Tok.String)) return false;
                    MoveLine(0, -1 * _state.Leading);
                    return Show(_operands[0]);
                case "\"":
                    if (_operands.Count != 3 || _operands[0].Kind != Tok.Number || _operands[1].Kind != Tok.Number
                        || _operands[2].Kind is not (Tok.Hex or Tok.String)) return false;
                    _state.WordSpacing = N(0);
                    _state.CharacterSpacing = N(1);
                    MoveLine(0, -1 * _state.Leading);
                    return Show(_operands[2]);
                case "TJ":
                    return _operands.Count == 1 && _operands[0].Kind == Tok.ArrayStart && ShowPositioned(_operands[0]);
                case "q":
                    if (_operands.Count != 0 || _saved.Count >= MaxSaved) return false;
                    _saved.Push(_state);
                    return true;
                case "Q":
                    if (_operands.Count != 0) return false;
                    // PdfPig (lenient) ignores a Q without its q.
                    if (_saved.Count > 0) _state = _saved.Pop();
                    return true;
                case "cm":
                    if (!Numbers(6)) return false;
                    _state.Ctm = TransformationMatrix.FromValues(N(0), N(1), N(2), N(3), N(4), N(5)).Multiply(_state.Ctm);
                    return true;
                case "w": if (!Numbers(1)) return false; _state.LineWidth = N(0); return true;
                case "gs":
                    return _operands.Count == 1 && _operands[0].Kind == Tok.Name && GraphicsState();
                case "rg": if (!Numbers(3)) return false; _state.Fill = (N(0), N(1), N(2)); return true;
                case "RG": if (!Numbers(3)) return false; _state.Stroke = (N(0), N(1), N(2)); return true;
                case "g": if (!Numbers(1)) return false; _state.Fill = (N(0), N(0), N(0)); return true;
                case "G": if (!Numbers(1)) return false; _state.Stroke = (N(0), N(0), N(0)); return true;
                case "re":
                {
                    if (!Numbers(4)) return false;
                    BeginSubpath();
                    var lowerLeft = _state.Ctm.Transform(new PdfPoint(N(0), N(1)));
                    var upperRight = _state.Ctm.Transform(new PdfPoint(N(0) + N(2), N(1) + N(3)));
                    _subpath!.Rectangle(lowerLeft.X, lowerLeft.Y, upperRight.X - lowerLeft.X, upperRight.Y - lowerLeft.Y);
                    AddSubpath();
                    return true;
                }
                case "m":
                {
                    if (!Numbers(2)) return false;
                    BeginSubpath();
                    var point = _state.Ctm.Transform(new PdfPoint(N(0), N(1)));
                    _subpath!.MoveTo(point.X, point.Y);
                    return true;
                }
                case "l":
                {
                    if (!Numbers(2)) return false;
                    if (_subpath is null) return true;
                    var point = _state.Ctm.Transform(new PdfPoint(N(0), N(1)));
                    _subpath.LineTo(point.X, point.Y);
                    return true;
                }
                case "h":
                    if (_operands.Count != 0) return false;
                    if (_subpath is null) return true;
                    if (_subpath.Commands.Count == 0 || _subpath.Commands[0] is not PdfSubpath.Move) return false;
                    _subpath.CloseSubpath();
                    AddSubpath();
                    return true;
                case "f" or "F" or "f*":
                    return _operands.Count == 0 && Paint(fill: true, stroke: false, close: false);
                case "S":
                    return _operands.Count == 0 && Paint(fill: false, stroke: true, close: false);
                case "s":
                    return _operands.Count == 0 && Paint(fill: false, stroke: true, close: true);
                case "B" or "B*":
                    return _operands.Count == 0 && Paint(fill: true, stroke: true, close: false);
                case "b" or "b*":
                    return _operands.Count == 0 && Paint(fill: true, stroke: true, close: true);
                case "n":
                    if (_operands.Count != 0) return false;
                    EndPath();
                    return true;
                case "W" or "W*":
                    if (_operands.Count != 0) return false;
                    if (_path is null) return true;
                    AddSubpath();
                    _clipping = true;
                    return true;
                case "BDC":
                    if (_operands.Count != 2 || _operands[0].Kind != Tok.Name || _operands[1].Kind != Tok.DictStart) return false;
                    _actualText = _operands[1].Text;
                    _firstActualTextGlyph = _actualText is not null;
                    return true;
                case "BMC":
                    if (_operands.Count != 1 || _operands[0].Kind != Tok.Name) return false;
                    _actualText = null;
                    return true;
                case "EMC":
                    if (_operands.Count != 0) return false;
                    _actualText = null;
                    return true;
                case "Do":
                    return _operands.Count == 1 && _operands[0].Kind == Tok.Name && Image();
                default:
                    return Ignored.Contains(op);
            }
        }

        private void MoveLine(double tx, double ty)
        {
            _tlm = TransformationMatrix.FromValues(1, 0, 0, 1, tx, ty).Multiply(_tlm);
            _tm = _tlm;
        }

        private string? OperandName(int i)
        {
            _lex.Start = _operands[i].Start;
            _lex.Stop = _operands[i].Stop;
            return _lex.Name();
        }

        /// <summary>An ExtGState: its line width; one that sets a font or a soft mask is PdfPig's.</summary>
        private bool GraphicsState()
        {
            var name = OperandName(0);
            if (name is null) return false;
            var state = owner.Resource(resources, NameToken.ExtGState, name);
            if (state is null || state.ContainsKey(NameToken.Create("Font")) || state.ContainsKey(NameToken.Create("SMask"))) return false;
            if (state.TryGet(NameToken.Lw, owner._scanner, out NumericToken? lw)) _state.LineWidth = lw.Data;
            return true;
        }

        /// <summary>Do of an image draws nothing PdfPig's letters or paths hold; a form (which may hold text) is PdfPig's.</summary>
        private bool Image()
        {
            var name = OperandName(0);
            if (name is null) return false;
            var stream = owner.XObject(resources, name);
            return stream is not null && stream.StreamDictionary.TryGet(NameToken.Subtype, out var subtype) && subtype is NameToken { Data: "Image" };
        }

        private void BeginSubpath()
        {
            _path ??= new List<PdfSubpath>();
            AddSubpath();
            _subpath = new PdfSubpath();
        }

        private void AddSubpath()
        {
            if (_subpath is null) return;
            _path!.Add(_subpath);
            _subpath = null;
        }

        /// <summary>PdfPig's FillPath / StrokePath / FillStrokePath, then its ClosePath (which keeps the path).</summary>
        private bool Paint(bool fill, bool stroke, bool close)
        {
            if (_path is null) return true;
            if (close) _subpath?.CloseSubpath();
            AddSubpath();
            if (_clipping)
            {
                EndPath();
                return true;
            }
            var color = stroke && !fill ? _state.Stroke : _state.Fill;
            bool invisible = color is { } c && Rulings.IsWhite(c.R, c.G, c.B);
            Paths.Add(new DrawnPath(_path, false, fill, stroke, stroke ? _state.LineWidth : 0, invisible));
            _path = null;
            return true;
        }

        /// <summary>PdfPig's EndPath with ClipPaths off: a clipping path is kept among the paths, any other too (neither filled nor stroked).</summary>
        private void EndPath()
        {
            if (_path is null) return;
            AddSubpath();
            Paths.Add(new DrawnPath(_path, _clipping, false, false, 0, false));
            _path = null;
            _clipping = false;
        }

        private bool ShowPositioned(Operand array)
        {
            if (_state.Font is null) return false;
            double fontSize = _state.FontSize, horizontalScaling = _state.HorizontalScaling / 100.0;
            for (int i = array.First; i < array.First + array.Count; i++)
            {
                var e = _tj[i];
                if (e.Kind == Tok.Number)
                {
                    double tx = -e.Number / 1000 * fontSize * horizontalScaling;
                    _tm = TransformationMatrix.GetTranslationMatrix(tx, 0).Multiply(_tm);
                }
                else if (!Show(e)) return false;
            }
            return true;
        }

        /// <summary>PdfPig's ShowTextInternal and RenderGlyph for a Type 3 font, letter by letter.</summary>
        private bool Show(Operand text)
        {
            if (_state.Font is not { } font) return false;
            if (!_lex.ShownBytes(text.Start, text.Stop, _bytes)) return false;
            double fontSize = _state.FontSize, horizontalScaling = _state.HorizontalScaling / 100.0;
            var rendering = TransformationMatrix.FromValues(fontSize * horizontalScaling, 0, 0, fontSize, 0, _state.Rise);
            var pointSize = Math.Round(_state.Ctm.Multiply(_tm).Transform(new PdfRectangle(0, 0, 1, fontSize)).Height, 2);
            // A letter without a size takes its glyph box's height, which this reader does not compute.
            if (!(pointSize > 0.5)) return _bytes.Count == 0;
            foreach (var code in _bytes)
            {
                var unicode = font.Unicode[code];
                if (unicode is null) return false;
                double wordSpacing = code == ' ' ? _state.WordSpacing : 0;
                double width = font.Advance[code];
                if (_actualText is not null)
                {
                    unicode = _firstActualTextGlyph ? _actualText : string.Empty;
                    _firstActualTextGlyph = false;
                }
                // PdfPig joins a combining mark to the letter before it.
                if (unicode.Length == 1 && unicode[0] is >= '\u0300' and <= '\u036F') return false;
                var bounds = PerformantRectangleTransformer.Transform(rendering, _tm, _state.Ctm, new PdfRectangle(0, 0, width, 1));
                Glyphs.Add(PageGlyphs.Make(page, turn, unicode, bounds.BottomLeft, bounds.BottomRight, pointSize, double.NaN, bounds.Width, null));
                double tx = (width * fontSize + _state.CharacterSpacing + wordSpacing) * horizontalScaling;
                _tm = _tm.Translate(tx, 0);
            }
            return true;
        }
    }
}
