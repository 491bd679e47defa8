using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PerfRules.Reports;

/// <summary>
/// Writes the items of a JSON report's per-document array (JSON's documents, SARIF's results) into a
/// buffer of its own: the bytes <see cref="Utf8JsonWriter"/> with the report's options (indented, its
/// encoder) gives for the same calls at the same depth, for the calls those reports make. Rendering was
/// most of a report's CPU, much of it the general writer's own bookkeeping per call (validation, a
/// worst-case length and a buffer check, the indentation filled byte by byte, every string searched by the
/// encoder and then transcoded); here a property is a few copies, and a string is checked and encoded in one pass
/// against the characters the options' encoder leaves as they are (asked of the encoder once). A string with
/// anything to escape goes through a <see cref="Utf8JsonWriter"/>, so its escapes are the writer's own.
/// </summary>
/// <remarks>
/// Its methods are compiled fully optimised when first called, not taken precompiled (ReadyToRun): precompiled
/// code calls the runtime library's span and copy helpers without inlining them, and a report runs at the end of
/// a process, when the tiered JIT is still busy with the checks, so its code was never recompiled before the exit.
/// </remarks>
internal sealed class JsonItemWriter
{
    internal enum Token : byte { Start, Value, Name }

    private readonly byte[] _newLine;
    private readonly byte[] _indent;
    private readonly int _indentSize;
    // A comma, the new line and the indentation of MaxDepth levels: what goes before a value, in one copy.
    private readonly byte[] _separator;
    private const int MaxDepth = 64;
    private readonly JsonWriterOptions _options;
    private byte[] _buffer = new byte[1 << 16];
    private int _length;
    private int _depth;
    private bool _comma;
    private Token _token;
    // For strings with something to escape (rare): the writer itself renders them.
    private ArrayBufferWriter<byte>? _escaped;
    private Utf8JsonWriter? _escaper;
    // Bit c set: the encoder writes UTF-16 code unit c as it is.
    private readonly uint[] _plain;
    // The writer's escape of each ASCII character it does not leave as it is (line breaks, tabs, quotes, backslashes).
    private readonly byte[]?[] _asciiEscapes;
    // Whether Plain may take runs of printable ASCII eight characters at a time (see the constructor).
    private readonly bool _asciiRuns;

    public JsonItemWriter(JsonWriterOptions options)
    {
        // The reports' options; the item layout below is the indented one.
        if (!options.Indented) throw new ArgumentException("indented options only", nameof(options));
        _options = options;
        (_plain, _asciiEscapes) = CharTables(options);
        // Printable ASCII but the quote and backslash plain (the reports' encoder): then runs of it go eight at a time.
        _asciiRuns = System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated;
        for (var c = 0x20; c < 0x7F; c++)
            if (c != '"' && c != '\\' && (_plain[c >> 5] & (1u << (c & 31))) == 0) _asciiRuns = false;
        _newLine = System.Text.Encoding.UTF8.GetBytes(options.NewLine);
        _indentSize = options.IndentSize;
        _indent = new byte[_indentSize * 16];
        _indent.AsSpan().Fill((byte)options.IndentCharacter);
        _separator = new byte[1 + _newLine.Length + _indentSize * MaxDepth];
        _separator[0] = (byte)',';
        _newLine.CopyTo(_separator, 1);
        _separator.AsSpan(1 + _newLine.Length).Fill((byte)options.IndentCharacter);
    }

    /// <summary>What has been written since <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts again inside an array just opened at <paramref name="depth"/> (a writer's <see cref="Utf8JsonWriter.CurrentDepth"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset(int depth) => Reset(depth, false);

    /// <summary>
    /// <see cref="Reset(int)"/>, with a comma first in <see cref="Written"/> when <paramref name="comma"/> (items that follow
    /// others): a chunk goes to the file in one write, not a byte and then the rest (which a file stream's buffer copied whole).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset(int depth, bool comma)
    {
        _length = 0;
        if (comma) _buffer[_length++] = (byte)',';
        _depth = depth;
        _comma = false;
        _token = Token.Start;
        (_pendingId, _pendingKey) = (-1, null); // a run left unkept by a failed item is not kept in another
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteStartObject() { BeforeValue(); Put((byte)'{'); Opened(); }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteStartObject(JsonEncodedText name) { Name(name.EncodedUtf8Bytes); Put((byte)'{'); Opened(); }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteStartArray(JsonEncodedText name) { Name(name.EncodedUtf8Bytes); Put((byte)'['); Opened(); }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteEndObject() => Close((byte)'}');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteEndArray() => Close((byte)']');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(JsonEncodedText name, string? value)
    {
        Name(name.EncodedUtf8Bytes);
        StringValue(value);
    }

    /// <summary>A string value as characters (read in place: <see cref="Runs.FindingView"/>); a null span is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(JsonEncodedText name, ReadOnlySpan<char> value)
    {
        Name(name.EncodedUtf8Bytes);
        SpanValue(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(JsonEncodedText name, JsonEncodedText value)
    {
        Name(name.EncodedUtf8Bytes);
        Quoted(value.EncodedUtf8Bytes);
        Wrote();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        NameText(name);
        StringValue(value);
    }

    /// <summary>A property named by characters, its value too (read in place; a null span is null, as a null string).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        if (Runs.FindingView.IsNull(name)) throw new ArgumentNullException(nameof(name));
        NameText(name);
        SpanValue(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SpanValue(ReadOnlySpan<char> value)
    {
        if (Runs.FindingView.IsNull(value)) Put("null"u8);
        else Text(value);
        Wrote();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NameText(ReadOnlySpan<char> name)
    {
        Separate();
        Text(name);
        Put((byte)':');
        Put((byte)' ');
        _token = Token.Name;
    }

    /// <summary>One string value made of three parts: the bytes of the joined string, without making it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(JsonEncodedText name, string first, string second, string third) =>
        WriteString(name, first.AsSpan(), second.AsSpan(), third.AsSpan());

    /// <summary>One string value made of three parts: the bytes of the joined string, without making it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteString(JsonEncodedText name, ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third)
    {
        Name(name.EncodedUtf8Bytes);
        WriteStringValue(first, second, third);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteNumber(JsonEncodedText name, long value)
    {
        Name(name.EncodedUtf8Bytes);
        WriteNumberValue(value);
    }

    /// <summary>A property's name alone: its value follows (<see cref="WriteNumberValue"/>, <see cref="WriteStringValue(ReadOnlySpan{char})"/>, an object or array).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WritePropertyName(JsonEncodedText name) => Name(name.EncodedUtf8Bytes);

    /// <summary>The value of the property just named (<see cref="WritePropertyName"/>); a null span is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteStringValue(ReadOnlySpan<char> value) => SpanValue(value);

    /// <summary>The value of the property just named (<see cref="WritePropertyName"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteStringValue(string? value) => StringValue(value);

    /// <summary>The value of the property just named, made of three parts: the bytes of the joined string, without making it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteStringValue(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third)
    {
        var length = first.Length + second.Length + third.Length;
        var chars = ArrayPool<char>.Shared.Rent(length);
        first.CopyTo(chars);
        second.CopyTo(chars.AsSpan(first.Length));
        third.CopyTo(chars.AsSpan(first.Length + second.Length));
        Text(chars.AsSpan(0, length));
        Wrote();
        ArrayPool<char>.Shared.Return(chars);
    }

    /// <summary>The value of the property just named (<see cref="WritePropertyName"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteNumberValue(long value)
    {
        Ensure(20);
        if ((ulong)value < 10_000)
        {
            // Line and column numbers, indexes: the digits written here (the same as the invariant format).
            var v = (int)value;
            var digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
            var buffer = _buffer;
            var end = _length + digits;
            for (var at = end - 1; at >= _length; at--)
            {
                buffer[at] = (byte)('0' + v % 10);
                v /= 10;
            }
            _length = end;
        }
        else
        {
            value.TryFormat(_buffer.AsSpan(_length), out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            _length += n;
        }
        Wrote();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteBoolean(JsonEncodedText name, bool value)
    {
        Name(name.EncodedUtf8Bytes);
        Put(value ? "true"u8 : "false"u8);
        Wrote();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StringValue(string? value)
    {
        if (value is null) Put("null"u8);
        else Text(value);
        Wrote();
    }

    /// <summary>A property's name and the separator after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Name(ReadOnlySpan<byte> escaped)
    {
        Separate();
        Ensure(escaped.Length + 4);
        var buffer = _buffer;
        var n = _length;
        buffer[n++] = (byte)'"';
        escaped.CopyTo(buffer.AsSpan(n));
        n += escaped.Length;
        buffer[n++] = (byte)'"';
        buffer[n++] = (byte)':';
        buffer[n++] = (byte)' ';
        _length = n;
        _token = Token.Name;
    }

    /// <summary>Before a value in an array, or a property: the comma after an earlier one, a new line and the indentation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BeforeValue()
    {
        if (_token == Token.Name) return;
        Separate();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Separate()
    {
        if (_depth > MaxDepth)
        {
            if (_comma) Put((byte)',');
            Put(_newLine);
            Indent(_depth);
            return;
        }
        // The comma (when a value came before), the new line and the indentation: one copy.
        var skip = _comma ? 0 : 1;
        var length = 1 + _newLine.Length + _depth * _indentSize - skip;
        Ensure(length);
        _separator.AsSpan(skip, length).CopyTo(_buffer.AsSpan(_length));
        _length += length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Opened()
    {
        _depth++;
        _comma = false;
        _token = Token.Start;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Close(byte token)
    {
        _depth--;
        // An empty object or array is closed on its own line's end, as the writer does.
        if (_token != Token.Start)
        {
            _comma = false;
            Separate();
        }
        Put(token);
        Wrote();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Wrote()
    {
        _comma = true;
        _token = Token.Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Indent(int depth)
    {
        var n = depth * _indentSize;
        Ensure(n);
        while (n > 0)
        {
            var k = Math.Min(n, _indent.Length);
            _indent.AsSpan(0, k).CopyTo(_buffer.AsSpan(_length));
            _length += k;
            n -= k;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Quoted(ReadOnlySpan<byte> escaped)
    {
        Ensure(escaped.Length + 2);
        _buffer[_length++] = (byte)'"';
        escaped.CopyTo(_buffer.AsSpan(_length));
        _length += escaped.Length;
        _buffer[_length++] = (byte)'"';
    }

    /// <summary>
    /// A string in quotes. Every character the encoder leaves as it is (<see cref="CharTables"/>) is encoded to UTF-8
    /// here in the same pass, and an ASCII one it escapes (a line break, a quote) as the writer escapes it on its own
    /// (escapes are per character); a string with anything else (a surrogate, another character to escape) is written
    /// by the writer itself. Messages with a fix hold a line break: they were a fifth of a SARIF report's rendering.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Text(ReadOnlySpan<char> text)
    {
        var start = _length;
        Ensure(text.Length * 3 + 2);
        _buffer[_length++] = (byte)'"';
        var escapes = _asciiEscapes;
        for (var i = Plain(text); i < text.Length; i += Plain(text[i..]))
        {
            var c = text[i];
            if (c < 0x80 && escapes[c] is { } escape)
            {
                // Room for the escape (up to 6 bytes: \u00XX), the rest at 3 bytes a character, and the quote.
                Ensure(escape.Length + (text.Length - i - 1) * 3 + 1);
                escape.CopyTo(_buffer, _length);
                _length += escape.Length;
                i++;
                continue;
            }
            _length = start;
            Escaped(text);
            return;
        }
        _buffer[_length++] = (byte)'"';
    }

    /// <summary>
    /// Encodes the characters of <paramref name="text"/> the encoder leaves as they are, up to the first other one,
    /// as UTF-8 at the end of the buffer (room for 3 bytes a character is there); gives how many it encoded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int Plain(ReadOnlySpan<char> text)
    {
        fixed (char* first = text)
        fixed (byte* buffer = _buffer)
        fixed (uint* plain = _plain)
        {
            var s = first;
            var end = first + text.Length;
            var d = buffer + _length;
            var runs = _asciiRuns;
            while (s < end)
            {
                uint c = *s;
                // Two printable ASCII characters: the run goes eight at a time (file names, numbers, fingerprints). The
                // eight narrowed bytes are stored whole (room for three a character is there), the pointer moves past
                // those that are plain. Not for a lone ASCII character between Chinese ones (a space): that cost more.
                if (runs && end - s >= 8 && c - 0x20u < 0x5Fu && s[1] - 0x20u < 0x5Fu)
                {
                    var v = Vector128.Load((ushort*)s);
                    var ok = Vector128.LessThan(v - Vector128.Create((ushort)0x20), Vector128.Create((ushort)0x5F))
                        & ~Vector128.Equals(v, Vector128.Create((ushort)'"')) & ~Vector128.Equals(v, Vector128.Create((ushort)'\\'));
                    var k = System.Numerics.BitOperations.TrailingZeroCount(~ok.ExtractMostSignificantBits());
                    if (k > 0)
                    {
                        Vector128.Narrow(v, v).Store(d);
                        d += k;
                        s += k;
                        continue;
                    }
                }
                if ((plain[c >> 5] & (1u << (int)(c & 31))) == 0) break;
                if (c < 0x80) *d++ = (byte)c;
                else if (c < 0x800)
                {
                    d[0] = (byte)(0xC0 | (c >> 6));
                    d[1] = (byte)(0x80 | (c & 0x3F));
                    d += 2;
                }
                else
                {
                    d[0] = (byte)(0xE0 | (c >> 12));
                    d[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    d[2] = (byte)(0x80 | (c & 0x3F));
                    d += 3;
                }
                s++;
            }
            _length = (int)(d - buffer);
            return (int)(s - first);
        }
    }

    /// <summary>A string with something to escape: through the writer itself, so that its escapes are the writer's.</summary>
    private void Escaped(ReadOnlySpan<char> text)
    {
        _escaped ??= new ArrayBufferWriter<byte>(256);
        _escaper ??= new Utf8JsonWriter(_escaped, _options);
        _escaped.ResetWrittenCount();
        _escaper.Reset(_escaped);
        _escaper.WriteStringValue(text);
        _escaper.Flush();
        Put(_escaped.WrittenSpan);
    }

    /// <summary>
    /// The options' encoder's tables, asked of the encoder and the writer once per encoder: for each UTF-16 code unit
    /// whether the encoder writes it as it is (its test is per character for everything but surrogates, which are never
    /// plain here: a pair is escaped or not as a whole), and for each ASCII character that is not plain the bytes a
    /// <see cref="Utf8JsonWriter"/> with these options writes for it alone (without the quotes).
    /// </summary>
    private static (uint[] Plain, byte[]?[] AsciiEscapes) CharTables(JsonWriterOptions options)
    {
        var encoder = options.Encoder ?? JavaScriptEncoder.Default;
        lock (TablesByEncoder)
        {
            if (TablesByEncoder.TryGetValue(encoder, out var known)) return known;
            var plain = new uint[(char.MaxValue + 1) / 32];
            Span<char> one = stackalloc char[1];
            for (var c = 0; c <= char.MaxValue; c++)
            {
                if (char.IsSurrogate((char)c)) continue;
                one[0] = (char)c;
                if (FirstToEncode(encoder, one) < 0) plain[c >> 5] |= 1u << (c & 31);
            }
            var escapes = new byte[]?[0x80];
            var bytes = new ArrayBufferWriter<byte>(16);
            using var writer = new Utf8JsonWriter(bytes, new JsonWriterOptions { Encoder = encoder, SkipValidation = true });
            for (var c = 0; c < 0x80; c++)
            {
                if ((plain[c >> 5] & (1u << (c & 31))) != 0) continue;
                bytes.ResetWrittenCount();
                writer.Reset(bytes);
                writer.WriteStringValue([(char)c]);
                writer.Flush();
                escapes[c] = bytes.WrittenSpan[1..^1].ToArray();
            }
            TablesByEncoder.Add(encoder, (plain, escapes));
            return (plain, escapes);
        }
    }

    private static unsafe int FirstToEncode(JavaScriptEncoder encoder, ReadOnlySpan<char> text)
    {
        fixed (char* p = text) return encoder.FindFirstCharacterToEncode(p, text.Length);
    }

    private static readonly Dictionary<JavaScriptEncoder, (uint[] Plain, byte[]?[] AsciiEscapes)> TablesByEncoder = new(ReferenceEqualityComparer.Instance);

    // Runs of calls recorded once and copied after (Replay, Keep): by the caller's id and the token the run started after.
    private Recorded[] _recorded = [];
    private readonly bool _keepsRuns = !WithoutRunsForTests.Value;

    /// <summary>For tests: writers made in this async flow keep no runs (every call is made), to compare with.</summary>
    internal static readonly AsyncLocal<bool> WithoutRunsForTests = new();

    private struct Recorded
    {
        public byte[]? Bytes;
        public object? Key;
        public int Depth, EndDepth;
        public bool Comma, EndComma;
        public Token End;
    }

    // Where a run of calls starts, and the writer's state there (Keep).
    private readonly struct Mark(int at, int depth, bool comma, Token token)
    {
        internal readonly int At = at, Depth = depth;
        internal readonly bool Comma = comma;
        internal readonly Token Token = token;
    }

    // The run the last Replay did not copy, to keep once its calls are made (Keep): where it starts, its id and key.
    private Mark _pending;
    private int _pendingId = -1;
    private object? _pendingKey;

    /// <summary>
    /// Keeps what was written since the last <see cref="Replay"/> that did not copy its run, as that run (its id and key),
    /// so that <see cref="Replay"/> copies it the next time: <c>if (!w.Replay(id)) { calls; w.Keep(); }</c>. The caller's
    /// contract: one id (with one key) always stands for the same calls with the same arguments (the names and fixed values
    /// of a report item, a document's URI). What the writer writes for them depends only on its state where they start (the
    /// depth, whether a value came before, the last token), which is kept with them: a run is copied only into the state it
    /// was written in, so the bytes are those of the calls. Indentation, separators and names were most of a report's item
    /// bytes, each a call of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Keep()
    {
        var id = _pendingId;
        if (id < 0) throw new InvalidOperationException("a run kept with no Replay before it");
        _pendingId = -1;
        var key = _pendingKey;
        _pendingKey = null;
        Keep(id, _pending, key);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Keep(int id, Mark from, object? key)
    {
        if (!_keepsRuns) return;
        var slot = id * 3 + (int)from.Token;
        if (slot >= _recorded.Length) Array.Resize(ref _recorded, Math.Max(slot + 1, _recorded.Length * 2));
        ref var r = ref _recorded[slot];
        var n = _length - from.At;
        if (r.Bytes is null || r.Bytes.Length != n) r.Bytes = new byte[n];
        _buffer.AsSpan(from.At, n).CopyTo(r.Bytes);
        r.Key = key;
        (r.Depth, r.Comma) = (from.Depth, from.Comma);
        (r.EndDepth, r.EndComma, r.End) = (_depth, _comma, _token);
    }

    /// <summary>
    /// Writes run <paramref name="id"/> (with <paramref name="key"/>) as kept (<see cref="Keep"/>) if it was kept in the
    /// writer's present state, and says so; otherwise writes nothing (the caller makes the calls and keeps them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Replay(int id, object? key = null)
    {
        var slot = id * 3 + (int)_token;
        var recorded = _recorded;
        if ((uint)slot < (uint)recorded.Length)
        {
            ref var r = ref recorded[slot];
            if (r.Bytes is { } bytes && r.Depth == _depth && r.Comma == _comma && ReferenceEquals(r.Key, key))
            {
                Put(bytes);
                (_depth, _comma, _token) = (r.EndDepth, r.EndComma, r.End);
                return true;
            }
        }
        (_pending, _pendingId, _pendingKey) = (new Mark(_length, _depth, _comma, _token), id, key);
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Put(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Put(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Ensure(int more)
    {
        if (_buffer.Length - _length >= more) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
