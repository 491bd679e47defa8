using System.Buffers.Binary;
using System.Text;
using PerfRules.Model;
using PerfRules.Yaml;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// A parsed <see cref="RuleSet"/> as bytes, for the rule cache (<see cref="ParsedRuleSetCache"/>): everything a
/// run, the rule docs and the examples use (rules, their expressions with every character's place, message and fix
/// templates, params, examples, the code table, the files' descriptions), so that a warm start parses no YAML.
/// Compact: strings once (later uses are indexes), places as runs of columns. The reader takes bytes that passed
/// the cache's MAC and still trusts nothing in them: every count and length is checked against what is left
/// (no allocation larger than the entry), enums against their values, depth bounded; nothing is named by type.
/// Anything off gives null (a miss). Rule files' texts are not stored: they are the input the key was made of.
/// </summary>
internal static class RuleSetModel
{
    /// <summary>Bump when the layout or what a parsed set holds changes (it is also in the entry's key).</summary>
    public const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "PRSM"u8;
    private const int MaxDepth = 16;

    private const byte OwnCodes = 0, BuiltinCodes = 1, ParentCodes = 2;

    /// <summary>The set as bytes; <paramref name="files"/> are the rule files it was loaded from (its files are written as their indexes).</summary>
    public static byte[] Write(RuleSet set, IReadOnlyList<RuleFile> files)
    {
        var w = new Writer(files);
        w.Bytes(Magic);
        w.UInt(FormatVersion);
        w.Set(set);
        return w.ToArray();
    }

    /// <summary>The set back from <see cref="Write"/>'s bytes and the same files, or null when the bytes are not such a set.</summary>
    public static RuleSet? Read(byte[] bytes, IReadOnlyList<RuleFile> files)
    {
        try
        {
            var r = new Reader(bytes, files);
            if (!r.Take(Magic.Length).SequenceEqual(Magic) || r.UInt() != FormatVersion) return null;
            var set = r.Set(0);
            return r.AtEnd ? set : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Writer(IReadOnlyList<RuleFile> files)
    {
        private readonly MemoryStream _out = new();
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private readonly byte[] _scratch = new byte[16];

        public byte[] ToArray() => _out.ToArray();

        public void Bytes(ReadOnlySpan<byte> bytes) => _out.Write(bytes);
        public void Byte(int b) => _out.WriteByte((byte)b);

        public void UInt(long v)
        {
            if (v < 0) throw new ArgumentOutOfRangeException(nameof(v), "negative where only counts and places go");
            var n = (ulong)v;
            while (n >= 0x80) { _out.WriteByte((byte)(n | 0x80)); n >>= 7; }
            _out.WriteByte((byte)n);
        }

        public void Int(long v) => UInt((v << 1) ^ (v >> 63)); // zigzag

        /// <summary>0: null; 1: a new string (its UTF-8 length, then the bytes); k + 2: the k-th string written.</summary>
        public void Str(string? s)
        {
            if (s is null) { UInt(0); return; }
            if (_strings.TryGetValue(s, out var k)) { UInt(k + 2L); return; }
            _strings[s] = _strings.Count;
            UInt(1);
            var bytes = Encoding.UTF8.GetBytes(s);
            UInt(bytes.Length);
            Bytes(bytes);
        }

        public void Decimal(decimal d)
        {
            Span<int> bits = stackalloc int[4];
            System.Decimal.GetBits(d, bits);
            for (var i = 0; i < 4; i++) BinaryPrimitives.WriteInt32LittleEndian(_scratch.AsSpan(i * 4), bits[i]);
            Bytes(_scratch.AsSpan(0, 16));
        }

        public void Strs(IReadOnlyList<string> list)
        {
            UInt(list.Count);
            foreach (var s in list) Str(s);
        }

        public void Expr(Expr? e)
        {
            if (e is null) { Byte(0); return; }
            Byte(1);
            Str(e.Text);
            Str(e.File);
            // Each character's place (and the end's) as runs: a start, then columns one by one on the same line.
            var runs = new List<(int Line, int Column, int Length)>();
            for (var i = 0; i <= e.Text.Length; i++)
            {
                var (line, column) = e.PositionAt(i);
                if (runs.Count > 0 && runs[^1] is var last && last.Line == line && last.Column + last.Length == column)
                    runs[^1] = last with { Length = last.Length + 1 };
                else runs.Add((line, column, 1));
            }
            UInt(runs.Count);
            foreach (var (line, column, length) in runs) { UInt(line); UInt(column); UInt(length); }
        }

        public void Set(RuleSet set)
        {
            Str(set.Name);
            Str(set.Version);
            if (set.Parent is { } p) { Byte(1); Set(p); } else Byte(0);
            UInt(set.Files.Count);
            foreach (var f in set.Files)
            {
                var at = IndexOf(f);
                UInt(at + 1);
                if (at < 0) { Str(f.Name); Str(f.Content); }
            }
            UInt(set.FileDescriptions.Count);
            foreach (var (file, text) in set.FileDescriptions) { Str(file); Str(text); }
            if (set.Parent is { } up && ReferenceEquals(set.Codes, up.Codes)) Byte(ParentCodes);
            else
            {
                // The built-in table is written out too: read back, it becomes the process's built-in table (no YAML parse).
                Byte(ReferenceEquals(set.Codes, CodeTableYaml.Builtin) ? BuiltinCodes : OwnCodes);
                Codes(set.Codes);
            }
            UInt(set.Rules.Count);
            foreach (var r in set.Rules) Rule(r);
        }

        private int IndexOf(RuleFile f)
        {
            for (var i = 0; i < files.Count; i++)
                if (ReferenceEquals(files[i], f) || files[i] == f) return i;
            return -1;
        }

        private void Codes(CodeTable t)
        {
            Str(t.Codes);
            Str(t.Version);
            UInt(t.Level1.Count);
            foreach (var l1 in t.Level1)
            {
                Code(l1.Code);
                Str(l1.Name);
                UInt(l1.Level2.Count);
                foreach (var l2 in l1.Level2) { Code(l2.Code); Str(l2.Name); }
            }
        }

        private void Code(int? code)
        {
            if (code is { } c) { Byte(1); Int(c); } else Byte(0);
        }

        private void Template(MessageTemplate? t) => Expr(t?.Source);

        private void Examples(IReadOnlyList<RuleExample> list)
        {
            UInt(list.Count);
            foreach (var x in list) { Str(x.Text); Str(x.File); UInt(x.Line); UInt(x.Column); }
        }

        private void Rule(Rule r)
        {
            Str(r.Id);
            Str(r.Title);
            Byte((int)r.Severity);
            Byte((int)r.DeclaredSeverity);
            Byte((int)r.Scope);
            Expr(r.When);
            UInt(r.Lets.Count);
            foreach (var l in r.Lets) { Str(l.Name); Expr(l.Value); }
            if (r.EvidenceLabels is { } labels)
            {
                Byte(1);
                UInt(labels.Count);
                foreach (var (k, v) in labels) { Str(k); Str(v); }
            }
            else Byte(0);
            Expr(r.Assert);
            Template(r.Message);
            Template(r.Fix);
            Expr(r.At);
            if (r.Match is { } m)
            {
                Byte(1);
                Byte((int)m.Each);
                Expr(m.Where);
                Expr(m.Key);
                UInt(m.Line);
                UInt(m.Column);
            }
            else Byte(0);
            Str(r.Basis);
            Str(r.Description);
            Strs(r.Tags);
            Strs(r.Yields);
            UInt(r.YieldsAt.Count);
            foreach (var (line, column) in r.YieldsAt) { UInt(line); UInt(column); }
            Examples(r.ValidExamples);
            Examples(r.InvalidExamples);
            Str(r.DefinedIn);
            Str(r.File);
            UInt(r.Line);
            UInt(r.Column);
            UInt(r.Params.Count);
            foreach (var (name, p) in r.Params)
            {
                Str(name);
                Str(p.Name);
                Byte((int)p.Kind);
                Decimal(p.Number);
                Str(p.Text);
                Strs(p.List);
                Str(p.File);
                UInt(p.Line);
                UInt(p.Column);
            }
        }
    }

    /// <summary>Reads what <see cref="Writer"/> wrote; any inconsistency throws <see cref="FormatException"/>.</summary>
    private sealed class Reader(byte[] bytes, IReadOnlyList<RuleFile> files)
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly List<string> _strings = new();
        private int _at;

        public bool AtEnd => _at == bytes.Length;
        private int Left => bytes.Length - _at;

        private static FormatException Bad(string why) => new("rule-set entry: " + why);

        public ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || n > Left) throw Bad("truncated");
            var span = bytes.AsSpan(_at, n);
            _at += n;
            return span;
        }

        public byte Byte() => Take(1)[0];

        public ulong ULong()
        {
            ulong v = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
            throw Bad("number too long");
        }

        /// <summary>A count, a length or a place: non-negative and within int.</summary>
        public int UInt()
        {
            var v = ULong();
            if (v > int.MaxValue) throw Bad("number out of range");
            return (int)v;
        }

        private int Int()
        {
            var u = ULong();
            var v = (long)(u >> 1) ^ -(long)(u & 1);
            if (v is < int.MinValue or > int.MaxValue) throw Bad("number out of range");
            return (int)v;
        }

        /// <summary>A count of items that take at least one byte each: never more than the bytes left, so a list is never larger than the entry.</summary>
        private int Count()
        {
            var n = UInt();
            if (n > Left) throw Bad("count beyond the entry");
            return n;
        }

        private bool Flag()
        {
            var b = Byte();
            return b switch { 0 => false, 1 => true, _ => throw Bad("flag") };
        }

        private T Enum<T>(int count) where T : struct, System.Enum
        {
            var b = Byte();
            if (b >= count) throw Bad("value out of range");
            return (T)(object)(int)b;
        }

        private string? StrOrNull()
        {
            var tag = ULong();
            if (tag == 0) return null;
            if (tag == 1)
            {
                string s;
                try { s = Strict.GetString(Take(UInt())); }
                catch (DecoderFallbackException) { throw Bad("text not UTF-8"); }
                _strings.Add(s);
                return s;
            }
            var k = tag - 2;
            if (k >= (ulong)_strings.Count) throw Bad("string index");
            return _strings[(int)k];
        }

        private string Str() => StrOrNull() ?? throw Bad("missing text");

        private decimal Decimal()
        {
            var span = Take(16);
            Span<int> bits = stackalloc int[4];
            for (var i = 0; i < 4; i++) bits[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
            try { return new decimal(bits); }
            catch (ArgumentException) { throw Bad("decimal"); }
        }

        private List<string> Strs()
        {
            var n = Count();
            var list = new List<string>(n);
            for (var i = 0; i < n; i++) list.Add(Str());
            return list;
        }

        private Expr? ExprOrNull()
        {
            if (!Flag()) return null;
            var text = Str();
            var file = Str();
            var runs = Count();
            var lines = new int[text.Length + 1];
            var columns = new int[text.Length + 1];
            var i = 0;
            for (var k = 0; k < runs; k++)
            {
                var line = UInt();
                var column = UInt();
                var length = UInt();
                if (length == 0 || length > lines.Length - i || column > int.MaxValue - length) throw Bad("places");
                for (var j = 0; j < length; j++, i++) { lines[i] = line; columns[i] = column + j; }
            }
            if (i != lines.Length) throw Bad("places do not cover the expression");
            return new Expr(text, file, lines, columns);
        }

        private Expr Expr() => ExprOrNull() ?? throw Bad("missing expression");

        private MessageTemplate? Template()
        {
            if (ExprOrNull() is not { } source) return null;
            var errors = new List<RuleLoadError>();
            var t = MessageTemplate.Parse(source, errors);
            if (errors.Count > 0) throw Bad("template");
            return t;
        }

        public RuleSet Set(int depth)
        {
            if (depth > MaxDepth) throw Bad("too deep");
            var name = Str();
            var version = Str();
            var parent = Flag() ? Set(depth + 1) : null;
            var n = Count();
            var own = new List<RuleFile>(n);
            for (var i = 0; i < n; i++)
            {
                var at = UInt();
                if (at == 0) own.Add(new RuleFile(Str(), Str()));
                else if (at - 1 < files.Count) own.Add(files[at - 1]);
                else throw Bad("file index");
            }
            n = Count();
            var descriptions = new Dictionary<string, string>(n, StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
                if (!descriptions.TryAdd(Str(), Str())) throw Bad("file description twice");
            var codesKind = Byte();
            CodeTable codes = codesKind switch
            {
                BuiltinCodes => CodeTableYaml.LoadBuiltin(Codes()),
                ParentCodes => parent?.Codes ?? throw Bad("no parent's codes"),
                OwnCodes => Codes(),
                _ => throw Bad("code table kind"),
            };
            n = Count();
            var rules = new List<Rule>(n);
            for (var i = 0; i < n; i++) rules.Add(Rule());
            return new RuleSet
            {
                Name = name, Version = version, Parent = parent, Rules = rules, Codes = codes, Files = own,
                FileDescriptions = descriptions,
            };
        }

        private CodeTable Codes()
        {
            var table = new CodeTable { Codes = Str(), Version = Str() };
            var n = Count();
            var level1 = new List<CodeTable.Level1Entry>(n);
            for (var i = 0; i < n; i++)
            {
                var l1 = new CodeTable.Level1Entry { Code = Code(), Name = Str() };
                var m = Count();
                for (var j = 0; j < m; j++) l1.Level2.Add(new CodeTable.Level2Entry { Code = Code(), Name = Str() });
                level1.Add(l1);
            }
            table.Level1 = level1;
            return table;
        }

        private int? Code() => Flag() ? Int() : null;

        private List<RuleExample> Examples()
        {
            var n = Count();
            var list = new List<RuleExample>(n);
            for (var i = 0; i < n; i++) list.Add(new RuleExample(Str(), Str(), UInt(), UInt()));
            return list;
        }

        private Rule Rule()
        {
            const int Severities = (int)Severity.Error + 1, Scopes = (int)RuleScope.Batch + 1, Kinds = (int)ParamKind.List + 1;
            var id = Str();
            var title = Str();
            var severity = Enum<Severity>(Severities);
            var declared = Enum<Severity>(Severities);
            var scope = Enum<RuleScope>(Scopes);
            var when = ExprOrNull();
            var n = Count();
            var lets = new List<LetBinding>(n);
            for (var i = 0; i < n; i++) lets.Add(new LetBinding(Str(), Expr()));
            Dictionary<string, string>? labels = null;
            if (Flag())
            {
                n = Count();
                labels = new Dictionary<string, string>(n);
                for (var i = 0; i < n; i++)
                    if (!labels.TryAdd(Str(), Str())) throw Bad("evidence label twice");
            }
            var assert = Expr();
            var message = Template() ?? throw Bad("missing message");
            var fix = Template();
            var at = ExprOrNull();
            BatchMatch? match = null;
            if (Flag()) match = new BatchMatch(Enum<RuleScope>(Scopes), ExprOrNull(), Expr(), UInt(), UInt());
            var basis = StrOrNull();
            var description = StrOrNull();
            var tags = Strs();
            var yields = Strs();
            n = Count();
            // An array, not a list: generic code over a tuple of ints would be JIT-compiled at every warm start.
            var yieldsAt = new (int, int)[n];
            for (var i = 0; i < n; i++) yieldsAt[i] = (UInt(), UInt());
            var valid = Examples();
            var invalid = Examples();
            var definedIn = Str();
            var file = Str();
            var line = UInt();
            var column = UInt();
            n = Count();
            var ps = new Dictionary<string, RuleParam>(n, StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                var key = Str();
                var p = new RuleParam
                {
                    Name = Str(), Kind = Enum<ParamKind>(Kinds), Number = Decimal(), Text = Str(), List = Strs(),
                    File = Str(), Line = UInt(), Column = UInt(),
                };
                if (!ps.TryAdd(key, p)) throw Bad("param twice");
            }
            return new Rule
            {
                Id = id, Title = title, Severity = severity, DeclaredSeverity = declared, Scope = scope,
                When = when, Lets = lets, EvidenceLabels = labels, Assert = assert, Message = message, Fix = fix, At = at, Match = match,
                Basis = basis, Description = description, Tags = tags, Yields = yields, YieldsAt = yieldsAt,
                ValidExamples = valid, InvalidExamples = invalid, DefinedIn = definedIn, File = file, Line = line, Column = column,
                Params = ps,
            };
        }
    }
}
