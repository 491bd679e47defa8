using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// Shapes of a PDF that PdfPig 0.1.16 follows by recursion without a limit, checked before it
/// reads any page: a chain of objects that are only references to the next (it overflows the
/// stack), and form XObjects that draw each other in a cycle, nest too deep, or multiply (a form
/// drawing a form a thousand times, ten levels deep: the "billion laughs" of PDF). A stack overflow
/// ends the process, so these are refused up front, never left to a catch.
/// </summary>
internal static class StructureCheck
{
    public const int MaxReferenceChain = 32;
    public const int MaxFormDepth = 32;
    public const long MaxFormCalls = 100_000;

    /// <summary>
    /// Whether arrays and dictionaries in the file's objects nest deeper than <paramref name="max"/>.
    /// PdfPig stops at its <c>MaxStackDepth</c> too, but in an object of the file body it then reads
    /// the object as empty, without a word: a page nested too deep became a page without text ("no
    /// text layer"). One pass over the bytes, outside strings, comments and stream data.
    /// </summary>
    public static bool NestsDeeperThan(byte[] bytes, int max)
    {
        var s = bytes.AsSpan();
        int depth = 0;
        for (int i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case (byte)'[':
                    if (++depth > max) return true;
                    break;
                case (byte)']':
                    if (depth > 0) depth--;
                    break;
                case (byte)'<':
                    if (i + 1 < s.Length && s[i + 1] == '<')
                    {
                        i++;
                        if (++depth > max) return true;
                    }
                    else
                    {
                        // A hex string.
                        int end = s[i..].IndexOf((byte)'>');
                        if (end < 0) return false;
                        i += end;
                    }
                    break;
                case (byte)'>':
                    if (i + 1 < s.Length && s[i + 1] == '>') { i++; if (depth > 0) depth--; }
                    break;
                case (byte)'(':
                    // A literal string: balanced parentheses, backslash escapes.
                    for (int open = 1; open > 0 && ++i < s.Length;)
                    {
                        if (s[i] == '\\') i++;
                        else if (s[i] == '(') open++;
                        else if (s[i] == ')') open--;
                    }
                    break;
                case (byte)'%':
                    while (i + 1 < s.Length && s[i + 1] is not ((byte)'\r' or (byte)'\n')) i++;
                    break;
                case (byte)'s' when s[i..].StartsWith("stream"u8) && (i == 0 || !IsRegular(s[i - 1]))
                                    && i + 6 < s.Length && s[i + 6] is (byte)'\r' or (byte)'\n':
                {
                    // Stream data is not objects: on to its end.
                    int end = s[(i + 6)..].IndexOf("endstream"u8);
                    if (end < 0) return false;
                    i += 6 + end + 8;
                    break;
                }
                case (byte)'e' when s[i..].StartsWith("endobj"u8):
                    // Each object on its own: a damaged one that leaves brackets open does not add up.
                    depth = 0;
                    i += 5;
                    break;
            }
        }
        return false;
    }

    private static bool IsRegular(byte b) => !IsSpace(b) && b is not ((byte)'>' or (byte)']' or (byte)')');

    /// <summary>Null when the structure is safe to read, else why not (Chinese, for the finding).</summary>
    public static string? Check(PdfDocument document, byte[] bytes, ReadLimits limits)
    {
        var structure = document.Structure;
        // Objects are looked at in the bytes where they can be (no parsing); objects packed in object
        // streams, and the forms, are parsed by PdfPig's scanner (no recursion there).
        var references = new Dictionary<long, long>();
        var generations = new Dictionary<long, int>();
        var formCandidates = new List<long>();
        foreach (var (number, generation, body) in RawObjects(bytes))
        {
            generations.TryAdd(number, generation);
            if (BareReference(bytes, body) is { } target) references[number] = target;
            else if (MentionsForm(bytes, body)) formCandidates.Add(number);
        }
        int seen = 0;
        foreach (var (reference, location) in structure.CrossReferenceTable.ObjectOffsets)
        {
            generations.TryAdd(reference.ObjectNumber, reference.Generation);
            if (location.Type == XrefEntryType.File) continue;
            if ((++seen & 255) == 0) limits.CheckTime();
            if (Get(structure, reference) is IndirectReferenceToken r) references[reference.ObjectNumber] = r.Data.ObjectNumber;
        }

        // Reference chains: 5 0 obj 6 0 R endobj, 6 0 obj 7 0 R endobj, …
        foreach (var number in references.Keys)
        {
            var visited = new HashSet<long> { number };
            long at = number;
            int steps = 0;
            while (references.TryGetValue(at, out var next))
            {
                if (!visited.Add(next) || ++steps > MaxReferenceChain) return "对象引用链过长或形成循环";
                at = next;
            }
        }

        IToken? Lookup(long number) =>
            generations.TryGetValue(number, out var g) ? Get(structure, new IndirectReference(number, g)) : null;

        // Form XObjects: which forms each one draws, and how many times.
        var forms = new Dictionary<long, StreamToken>();
        foreach (var number in formCandidates)
        {
            limits.CheckTime();
            if (Lookup(number) is StreamToken s && IsForm(s)) forms[number] = s;
        }
        if (forms.Count == 0) return null;
        var calls = new Dictionary<long, List<(long Child, int Times)>>();
        foreach (var (number, form) in forms)
        {
            limits.CheckTime();
            var children = new List<(long, int)>();
            var named = XObjects(form, Lookup);
            if (named.Count > 0)
            {
                var counts = DoCounts(form, structure);
                foreach (var (name, child) in named)
                    if (forms.ContainsKey(child)) children.Add((child, Math.Max(1, counts.GetValueOrDefault(name))));
            }
            calls[number] = children;
        }

        // Depth-first, without recursion: a cycle, the depth, and the calls each form expands to.
        var expanded = new Dictionary<long, long>();
        var depth = new Dictionary<long, int>();
        var onPath = new HashSet<long>();
        foreach (var start in forms.Keys)
        {
            if (expanded.ContainsKey(start)) continue;
            var stack = new Stack<(long Form, int Next)>();
            stack.Push((start, 0));
            onPath.Add(start);
            while (stack.Count > 0)
            {
                var (form, next) = stack.Pop();
                var children = calls[form];
                if (next < children.Count)
                {
                    stack.Push((form, next + 1));
                    var child = children[next].Child;
                    if (onPath.Contains(child)) return "表单对象（Form XObject）相互引用形成循环";
                    if (expanded.ContainsKey(child)) continue;
                    if (stack.Count + 1 > MaxFormDepth) return $"表单对象（Form XObject）嵌套超过 {MaxFormDepth} 层";
                    onPath.Add(child);
                    stack.Push((child, 0));
                    continue;
                }
                long total = 1;
                int d = 1;
                foreach (var (child, times) in children)
                {
                    total = Math.Min(long.MaxValue / 4, total + times * expanded[child]);
                    d = Math.Max(d, depth[child] + 1);
                }
                if (total > MaxFormCalls) return $"表单对象（Form XObject）展开后超过 {MaxFormCalls} 次绘制（可能是恶意构造的文件）";
                if (d > MaxFormDepth) return $"表单对象（Form XObject）嵌套超过 {MaxFormDepth} 层";
                expanded[form] = total;
                depth[form] = d;
                onPath.Remove(form);
            }
        }
        return null;
    }

    private static IToken? Get(Structure structure, IndirectReference reference)
    {
        try
        {
            return structure.GetObject(reference).Data;
        }
        catch (Exception e) when (e is not PdfLimitException)
        {
            return null; // a damaged object: PdfPig reports it when (if) a page needs it
        }
    }

    /// <summary>Every "n g obj" in the bytes, with where its body starts (a damaged table is rebuilt by scanning, so all count).</summary>
    private static List<(long Number, int Generation, int Body)> RawObjects(byte[] bytes)
    {
        var result = new List<(long, int, int)>();
        var span = bytes.AsSpan();
        int from = 0;
        while (true)
        {
            int i = span[from..].IndexOf(" obj"u8);
            if (i < 0) return result;
            i += from;
            from = i + 4;
            // Back over "<number> <generation>".
            int g1 = i, g0 = g1;
            while (g0 > 0 && char.IsAsciiDigit((char)span[g0 - 1])) g0--;
            if (g0 == g1 || g0 < 2 || span[g0 - 1] != ' ') continue;
            int n1 = g0 - 1, n0 = n1;
            while (n0 > 0 && char.IsAsciiDigit((char)span[n0 - 1])) n0--;
            if (n0 == n1 || n1 - n0 > 10 || g1 - g0 > 5) continue;
            if (!long.TryParse(span[n0..n1], out var number) || !int.TryParse(span[g0..g1], out var generation)) continue;
            result.Add((number, generation, from));
        }
    }

    /// <summary>The target when an object's body is only a reference ("7 0 R").</summary>
    private static long? BareReference(byte[] bytes, int at)
    {
        int i = SkipSpace(bytes, at);
        int n0 = i;
        while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i])) i++;
        if (i == n0 || i - n0 > 10) return null;
        long.TryParse(bytes.AsSpan(n0, i - n0), out var target);
        int j = SkipSpace(bytes, i);
        int g0 = j;
        while (j < bytes.Length && char.IsAsciiDigit((char)bytes[j])) j++;
        if (j == g0) return null;
        j = SkipSpace(bytes, j);
        if (j >= bytes.Length || bytes[j] != 'R') return null;
        j = SkipSpace(bytes, j + 1);
        return bytes.AsSpan(j).StartsWith("endobj"u8) ? target : null;
    }

    /// <summary>Whether the object's dictionary (before its stream or end) names /Form.</summary>
    private static bool MentionsForm(byte[] bytes, int at)
    {
        var body = bytes.AsSpan(at, Math.Min(bytes.Length - at, 1 << 16));
        int end = body.IndexOf("stream"u8);
        int endobj = body.IndexOf("endobj"u8);
        if (end < 0 || (endobj >= 0 && endobj < end)) end = endobj;
        if (end >= 0) body = body[..end];
        return body.IndexOf("/Form"u8) >= 0;
    }

    private static int SkipSpace(byte[] bytes, int i)
    {
        while (i < bytes.Length && IsSpace(bytes[i])) i++;
        return i;
    }

    private static bool IsForm(StreamToken s) =>
        s.StreamDictionary.Data.TryGetValue(NameToken.Subtype.Data, out var t) && t is NameToken n && n.Data == NameToken.Form.Data;

    /// <summary>The XObjects a form's resources name, resolved through references (bounded).</summary>
    private static List<(string Name, long Object)> XObjects(StreamToken form, Func<long, IToken?> lookup)
    {
        var result = new List<(string, long)>();
        if (Resolve(Entry(form.StreamDictionary, "Resources"), lookup) is not DictionaryToken resources) return result;
        if (Resolve(Entry(resources, "XObject"), lookup) is not DictionaryToken xobjects) return result;
        foreach (var (name, value) in xobjects.Data)
        {
            IToken? at = value;
            long? target = null;
            for (int steps = 0; at is IndirectReferenceToken r && steps <= MaxReferenceChain; steps++)
            {
                target = r.Data.ObjectNumber;
                at = lookup(r.Data.ObjectNumber);
            }
            if (target is { } t) result.Add((name, t));
        }
        return result;
    }

    private static IToken? Entry(DictionaryToken d, string key) => d.Data.TryGetValue(key, out var t) ? t : null;

    private static IToken? Resolve(IToken? token, Func<long, IToken?> lookup)
    {
        for (int steps = 0; token is IndirectReferenceToken r && steps <= MaxReferenceChain; steps++)
            token = lookup(r.Data.ObjectNumber);
        return token;
    }

    /// <summary>How many times the form's content draws each XObject name ("/Fm1 Do"); decoding goes through the limits.</summary>
    private static Dictionary<string, int> DoCounts(StreamToken form, Structure structure)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        ReadOnlySpan<byte> data;
        try
        {
            data = form.Decode(structure.FilterProvider, structure.TokenScanner).Span;
        }
        catch (Exception e) when (e is not PdfLimitException)
        {
            return counts;
        }
        int from = 0;
        while (true)
        {
            int i = data[from..].IndexOf("Do"u8);
            if (i < 0) break;
            i += from;
            from = i + 2;
            // "/Name" then white space before "Do".
            int end = i;
            while (end > 0 && IsSpace(data[end - 1])) end--;
            int start = end;
            while (start > 0 && !IsSpace(data[start - 1]) && data[start - 1] != '/') start--;
            if (start == 0 || data[start - 1] != '/' || start == end) continue;
            var name = System.Text.Encoding.Latin1.GetString(data[start..end]);
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
        return counts;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0 or 12;
}
