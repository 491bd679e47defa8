using PerfRules.Ingest;
using PerfRules.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// Opens a PDF into the text the layout readers read: the lines of every page rebuilt from the
/// letters and their positions (ruled tables row by row, cells joined by tabs), with a
/// <see cref="PageMap"/> saying for every character which page and line it came from. A PDF that
/// cannot be read (no text layer, encrypted, damaged, beyond a limit) is one clear finding.
/// </summary>
public sealed class PdfOpener : IFileOpener
{
    private readonly PdfOptions _pdf;

    public PdfOpener(PdfOptions? options = null) => _pdf = options ?? PdfOptions.Default;

    public string Format => "pdf";

    /// <summary>"%PDF-1.x" in the first KB (writers may put junk before it); the extension never decides.</summary>
    public int Probe(ReadOnlySpan<byte> head, string path)
    {
        var window = head[..Math.Min(head.Length, 1024)];
        for (int at = window.IndexOf("%PDF-"u8); at >= 0; )
        {
            var rest = window[(at + 5)..];
            if (rest.Length >= 3 && char.IsAsciiDigit((char)rest[0]) && rest[1] == '.' && char.IsAsciiDigit((char)rest[2])) return 100;
            int next = rest.IndexOf("%PDF-"u8);
            at = next < 0 ? -1 : at + 5 + next;
        }
        return 0;
    }

    public OpenedFile Open(byte[] bytes, string path, ReadOptions options)
    {
        if (options.MaxFileSize > 0 && bytes.LongLength > options.MaxFileSize)
            return OpenedFile.Failed(SubmissionReader.TooLarge(path, bytes.LongLength, options.MaxFileSize).Diagnostics[0]);
        var limits = new ReadLimits(_pdf.MaxStreamBytes, _pdf.MaxContentBytes, _pdf.MaxDecodedBytes, _pdf.TimeBudget);
        OpenedFile? result = null;
        Exception? failure = null;
        // PdfPig recurses as deep as the file nests; its own thread gets a stack that the checks in
        // StructureCheck keep far from full, and the caller stops waiting when the time is up.
        var worker = new Thread(() =>
        {
            try { result = Guarded(bytes, path, limits); }
            catch (Exception e) { failure = e; }
        }, StackBytes) { IsBackground = true, Name = "perfrules-pdf" };
        worker.Start();
        var wait = _pdf.TimeBudget > TimeSpan.Zero ? _pdf.TimeBudget + TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan;
        if (!worker.Join(wait))
        {
            // Left to finish on its own (a thread cannot be stopped); every decode it does is still limited.
            limits.Expire();
            return OpenedFile.Failed(Limit("time"));
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result!;
    }

    /// <summary>Stack of the reading thread: deep enough for any PDF that passes <see cref="StructureCheck"/>.</summary>
    private const int StackBytes = 64 * 1024 * 1024;

    private OpenedFile Guarded(byte[] bytes, string path, ReadLimits limits)
    {
        try
        {
            return Read(bytes, path, limits);
        }
        catch (PdfLimitException e)
        {
            return OpenedFile.Failed(Limit(e.Message));
        }
        catch (PdfDocumentStackDepthException)
        {
            return OpenedFile.Failed(Limit("nesting"));
        }
        catch (PdfDocumentEncryptedException)
        {
            return OpenedFile.Failed(new Diagnostic("PR001", "PDF 已加密，需要密码才能打开，无法检查；请提供未加密的 PDF 或原始电子文件", null));
        }
        catch (Exception e) when (IsDamage(e))
        {
            return OpenedFile.Failed(Damaged(e));
        }
    }

    internal ParsingOptions Parsing(UnmappedLog log, ReadLimits limits) => new()
    {
        Logger = log,
        UseLenientParsing = true,
        // Chromium (and others) give the text of glyphs whose Unicode is ambiguous (a CJK character
        // that shares its glyph with a radical) as marked-content ActualText.
        UseActualText = true,
        SkipMissingFonts = true,
        ClipPaths = false,
        MaxStackDepth = _pdf.MaxNesting,
        // One provider per document: it caches the document's glyph procedures.
        FilterProvider = limits.Filters(),
    };

    /// <summary>PDFs being read in this process now: a helper thread is started only when a core is left over.</summary>
    private static int s_reading;

    /// <summary>What reading one page gave: its lines, or the finding that replaces it, or what stopped the read.</summary>
    private struct PageResult
    {
        public PageLines? Lines;
        public Diagnostic? Problem;
        public int Letters, Damaged;
        public Exception? Stop;
    }

    private OpenedFile Read(byte[] bytes, string path, ReadLimits limits)
    {
        if (StructureCheck.NestsDeeperThan(bytes, _pdf.MaxNesting)) throw new PdfLimitException("nesting");
        var log = new UnmappedLog();
        using var document = PdfDocument.Open(bytes, Parsing(log, limits));
        if (StructureCheck.Check(document, bytes, limits) is { } hostile)
            return OpenedFile.Failed(new Diagnostic("PR001", $"PDF 的结构异常（{hostile}），未读取；文件可能是恶意构造的", null));
        int pageCount = document.NumberOfPages;
        if (pageCount == 0) return OpenedFile.Failed(new Diagnostic("PR001", "PDF 中没有页面，无法检查", null));
        if (_pdf.MaxPages > 0 && pageCount > _pdf.MaxPages)
            return OpenedFile.Failed(new Diagnostic("PR006", $"PDF 页数过多（{pageCount} 页，上限 {_pdf.MaxPages} 页），未读取", null));

        var results = new PageResult[pageCount];
        var shared = new SharedPages(pageCount);
        Interlocked.Increment(ref s_reading);
        try
        {
            // A second thread takes pages from the same queue through a document of its own (PdfPig's
            // document is not thread-safe), only when a core is idle: in a batch (`audit --jobs 2`)
            // or a busy service the other cores are already reading files.
            Thread? helper = null;
            if (pageCount >= MinPagesForHelper && (_pdf.PageThreads >= 2
                || (_pdf.PageThreads == 0 && Environment.ProcessorCount >= 2 && Volatile.Read(ref s_reading) < Environment.ProcessorCount)))
            {
                helper = new Thread(() => Help(bytes, limits, shared, results), StackBytes) { IsBackground = true, Name = "perfrules-pdf-pages" };
                helper.Start();
            }
            ReadPages(document, log, limits, shared, results);
            helper?.Join();
        }
        finally
        {
            Interlocked.Decrement(ref s_reading);
        }

        var pages = new List<PageLines>(pageCount);
        var problems = new List<Diagnostic>();
        int letters = 0, damaged = 0;
        var damagedPages = new List<int>();
        // In page order, as one thread would have met them: what stopped the read at the first
        // page it stopped at, the letter limit at the page it was passed at. The pages read form a
        // prefix: a thread takes the next page only while nothing has stopped.
        for (int i = 0; i < pageCount; i++)
        {
            ref var r = ref results[i];
            if (r.Stop is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(r.Stop).Throw();
            if (r.Problem is not null) { problems.Add(r.Problem); continue; }
            if (r.Lines is null) break;
            letters += r.Letters;
            if (_pdf.MaxLetters > 0 && letters > _pdf.MaxLetters)
                return OpenedFile.Failed(new Diagnostic("PR006", $"PDF 中的文字过多（超过 {_pdf.MaxLetters} 个字符），未读取", null));
            damaged += r.Damaged;
            if (r.Damaged > 0) damagedPages.Add(i + 1);
            pages.Add(r.Lines);
        }

        if (letters == 0 && problems.Count == 0)
            return OpenedFile.Failed(new Diagnostic("PR001", NoTextLayer, null));
        if (letters == 0)
            return new OpenedFile(Array.Empty<SourceText>(), problems);
        // Mostly boxes: the fonts carry no text. Reading the rest would give a table of fragments.
        if (damaged * 2 > letters)
            return OpenedFile.Failed(new Diagnostic("PR004",
                "PDF 的字体缺少文字映射（ToUnicode），文字无法提取（会显示为方框或乱码），无法检查；" + AskForOriginal, null));
        if (damaged > 0)
            problems.Add(new Diagnostic("PR004",
                $"PDF 的字体缺少文字映射（ToUnicode），第 {Pages(damagedPages)} 页有 {damaged} 个字符无法提取，显示为 �；" + AskForOriginal, null));

        var (text, map) = DocumentText.Join(pages);
        return new OpenedFile(new[] { new SourceText(path, text, "pdf", map) }, problems);
    }

    /// <summary>Fewer pages are read by one thread: a second document's fonts cost more than it saves.</summary>
    private const int MinPagesForHelper = 4;

    /// <summary>The pages still to read, shared by the threads reading one PDF.</summary>
    private sealed class SharedPages(int count)
    {
        private int _next;
        public int Count { get; } = count;
        public int Letters;
        /// <summary>Set when a page stopped the read or the letters passed their limit: no thread takes another page.</summary>
        public volatile bool Stopped;

        /// <summary>The next 1-based page to read, or 0 when there is none.</summary>
        public int Take()
        {
            if (Stopped) return 0;
            int n = Interlocked.Increment(ref _next);
            return n <= Count ? n : 0;
        }
    }

    /// <summary>The helper thread: its own document of the same bytes, the same limits; gives up quietly if it cannot open.</summary>
    private void Help(byte[] bytes, ReadLimits limits, SharedPages shared, PageResult[] results)
    {
        PdfDocument document;
        var log = new UnmappedLog();
        try { document = PdfDocument.Open(bytes, Parsing(log, limits)); }
        catch (Exception) { return; } // the first thread opened these bytes and reads every page itself
        using (document) ReadPages(document, log, limits, shared, results);
    }

    /// <summary>Pages read by <see cref="FastPages"/> in this process (tests and the benchmark check that the fast path ran).</summary>
    internal static long FastPagesRead => Interlocked.Read(ref s_fastPages);

    private static long s_fastPages;

    private void ReadPages(PdfDocument document, UnmappedLog log, ReadLimits limits, SharedPages shared, PageResult[] results)
    {
        var fast = _pdf.FastPages ? FastPages.Open(document, limits.Filters()) : null;
        for (int n; (n = shared.Take()) > 0;)
        {
            ref var r = ref results[n - 1];
            try
            {
                limits.CheckTime();
                log.Take();
                // The fast path when it knows the page, else PdfPig's page: the same glyphs and paths.
                var quick = fast?.Read(n);
                var page = quick is null ? document.GetPage(n) : null;
                var glyphs = quick?.Glyphs ?? PageGlyphs.Read(page!, log.Take());
                PageGlyphs.NumberLines(glyphs);
                foreach (var g in glyphs)
                {
                    if (g.Damaged) r.Damaged++;
                    if (!g.IsSpace) r.Letters++;
                }
                if (_pdf.MaxLetters > 0 && Interlocked.Add(ref shared.Letters, r.Letters) > _pdf.MaxLetters)
                {
                    r.Lines = new PageLines(n, new List<RebuiltLine>(), null);
                    shared.Stopped = true;
                    continue;
                }
                double? bottom = null;
                var rulings = _pdf.Layout != PdfLayoutMode.Cells ? new List<Ruling>()
                    : quick is not null ? Rulings.From(quick.Paths, quick.Turn, quick.Width, quick.Height, out bottom)
                    : Rulings.Read(page!, out bottom);
                r.Lines = new PageLines(n, PageLayout.Build(n, glyphs, rulings, _pdf.Layout), bottom);
                if (quick is not null) Interlocked.Increment(ref s_fastPages);
            }
            catch (PdfDocumentStackDepthException)
            {
                // A limit, not damage: the other pages are read.
                r.Problem = new Diagnostic("PR006", $"PDF 第 {n} 页的对象嵌套超过 {_pdf.MaxNesting} 层，该页未读取；文件可能是恶意构造的", null);
            }
            catch (Exception e) when (IsDamage(e))
            {
                r.Problem = new Diagnostic("PR004", $"PDF 第 {n} 页已损坏，其中的文字无法读取（{Why(e)}）", null);
            }
            catch (Exception e)
            {
                r.Stop = e;
                shared.Stopped = true;
            }
        }
    }

    public const string NoTextLayer = "PDF 没有文字层（可能是扫描件），无法检查；请使用原始电子文件";

    private const string AskForOriginal = "请使用原始电子文件，或导出 PDF 时嵌入字体并保留文字";

    private static string Pages(List<int> pages) =>
        pages.Count <= 8 ? string.Join("、", pages) : string.Join("、", pages.Take(8)) + $" 等 {pages.Count} ";

    private Diagnostic Limit(string which) => which switch
    {
        "nesting" => new Diagnostic("PR006", $"PDF 中的对象嵌套超过 {_pdf.MaxNesting} 层，未读取；文件可能是恶意构造的", null),
        "time" => new Diagnostic("PR006", $"读取 PDF 超过时间上限（{_pdf.TimeBudget.TotalSeconds:0.#} 秒），未读取；文件可能是恶意构造的", null),
        "stream" => new Diagnostic("PR006", $"PDF 中的数据流解压后超过 {Mb(_pdf.MaxStreamBytes)}，未读取；文件可能是恶意构造的（压缩炸弹）", null),
        "content" => new Diagnostic("PR006", $"PDF 页面内容解压后超过 {Mb(_pdf.MaxContentBytes)}，未读取；文件可能是恶意构造的（压缩炸弹）", null),
        _ => new Diagnostic("PR006", $"PDF 解压后的内容超过 {Mb(_pdf.MaxDecodedBytes)}，未读取；文件可能是恶意构造的（压缩炸弹）", null),
    };

    private static string Mb(long bytes) => $"{bytes / 1048576.0:0.#} MB";

    /// <summary>What bad input makes PdfPig (or the geometry after it) throw; anything else is a bug and propagates.</summary>
    private static bool IsDamage(Exception e) =>
        e is PdfDocumentFormatException or PdfDocumentStackDepthException or InvalidOperationException or ArgumentException
            or IndexOutOfRangeException or NullReferenceException or InvalidCastException or KeyNotFoundException
            or FormatException or OverflowException or InvalidDataException or EndOfStreamException or IOException
            or NotSupportedException or NotImplementedException or InsufficientExecutionStackException or DivideByZeroException
            or ArithmeticException or UglyToad.PdfPig.Fonts.InvalidFontFormatException or UglyToad.PdfPig.Fonts.CorruptCompressedDataException;

    private static Diagnostic Damaged(Exception e) =>
        new("PR001", $"PDF 文件已损坏或不完整，无法读取（{Why(e)}）；请重新导出或重新下载原始文件", null);

    /// <summary>A short reason for the message: the kind of problem, not PdfPig's text (it may quote the file).</summary>
    private static string Why(Exception e) => e switch
    {
        PdfDocumentFormatException f when f.Message.Contains("xref", StringComparison.OrdinalIgnoreCase) => "找不到交叉引用表",
        PdfDocumentFormatException => "结构不符合 PDF 格式",
        InvalidDataException or UglyToad.PdfPig.Fonts.CorruptCompressedDataException => "压缩数据已损坏",
        UglyToad.PdfPig.Fonts.InvalidFontFormatException => "字体已损坏",
        EndOfStreamException => "文件被截断",
        _ => "内容无法解析",
    };
}
