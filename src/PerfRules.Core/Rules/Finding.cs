using System.Buffers;
using System.Text;
using PerfRules.Model;

namespace PerfRules.Rules;

/// <summary>
/// 检查结果: one thing a rule found wrong in a submission, with where it is (file, span, and the
/// logical path department › unit › project › 指标 n) and the values that led to it.
/// </summary>
public sealed record Finding
{
    public required string RuleId { get; init; }
    public required Severity Severity { get; init; }
    /// <summary>The message for people (Chinese), holes filled.</summary>
    public required string Message { get; init; }
    /// <summary>What to change (Chinese), from the rule's <c>fix:</c> template; null when the rule has none.</summary>
    public string? Fix { get; init; }
    public string Title { get; init; } = "";
    /// <summary>The submission's source file.</summary>
    public string File { get; init; } = "";
    /// <summary>
    /// Where the problem is: the faulty part where the rule names one (<c>at:</c> — the code, the
    /// value, the figure), else the object's own span.
    /// </summary>
    public SourceSpan? Span { get; init; }
    /// <summary>
    /// The whole object the finding is about (the indicator, the row, the project) when
    /// <see cref="Span"/> points at a part of it; null when Span is the object's own span.
    /// </summary>
    public SourceSpan? Related { get; init; }
    /// <summary>部门名称</summary>
    public string? Department { get; init; }
    /// <summary>资金使用单位</summary>
    public string? Unit { get; init; }
    /// <summary>项目</summary>
    public string? Project { get; init; }
    /// <summary>The indicator's number (指标 n).</summary>
    public int? IndicatorSeq { get; init; }
    /// <summary>The logical path, e.g. 广州市商务局 › 广州市国内合作服务中心 › 会展业务费 › 指标 3.</summary>
    public string Path { get; init; } = "";
    public IReadOnlyList<Evidence> Evidence { get; init; } = Array.Empty<Evidence>();
    public string RuleSet { get; init; } = "";
    public string RuleSetVersion { get; init; } = "";
    /// <summary>Stable across edits that only move lines: for baselines and SARIF partialFingerprints.</summary>
    public string Fingerprint { get; init; } = "";
    /// <summary>True when the rule itself failed (threw) on this object.</summary>
    public bool IsRuleFailure { get; init; }

    public int Line => Span?.StartLine ?? 0;

    /// <summary>SHA-256 (first 16 hex digits) over rule id, file name, path and evidence; no line numbers.</summary>
    public static string ComputeFingerprint(string ruleId, string file, string path, IEnumerable<Evidence> evidence, string? extra = null) =>
        // The engine's evidence is an array, read as a span (no interface call per item); anything else is copied once.
        HashOf(ruleId, file, path, evidence as Evidence[] ?? evidence.ToArray(), extra);

    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static string HashOf(string ruleId, string file, string path, ReadOnlySpan<Evidence> items, string? extra)
    {
        // The UTF-8 of "rule\nfile\npath\nname=value\n…extra", written piece by piece (every piece is bounded by
        // ASCII separators, so this is the same bytes as encoding the joined text), on the stack when it fits
        // (nearly always: a finding's pieces are a few hundred bytes), else in a pooled buffer.
        var name = System.IO.Path.GetFileName(file.AsSpan());
        long chars = ruleId.Length + name.Length + path.Length + (extra?.Length ?? 0);
        foreach (var e in items) chars += e.Name.Length + e.Value.Length;
        // At most 3 bytes a UTF-16 unit (a pair: 4 bytes for 2), 1 for a separator.
        var max = checked((int)(chars * 3 + 3 + 2L * items.Length));
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Put(ruleId, buffer);
            buffer[n++] = (byte)'\n';
            n += Put(name, buffer[n..]);
            buffer[n++] = (byte)'\n';
            n += Put(path, buffer[n..]);
            buffer[n++] = (byte)'\n';
            foreach (var e in items)
            {
                n += Put(e.Name, buffer[n..]);
                buffer[n++] = (byte)'=';
                n += Put(e.Value, buffer[n..]);
                buffer[n++] = (byte)'\n';
            }
            if (extra is not null) n += Put(extra, buffer[n..]);
            Span<byte> hash = stackalloc byte[32];
            ThreadSha256.Hash(buffer[..n], hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
        finally { if (rented is not null) ArrayPool<byte>.Shared.Return(rented); }

        // As Encoding.UTF8.GetBytes of the piece alone (a lone surrogate becomes U+FFFD), without its virtual calls.
        static int Put(ReadOnlySpan<char> text, Span<byte> to)
        {
            System.Text.Unicode.Utf8.FromUtf16(text, to, out _, out var written);
            return written;
        }
    }

    /// <summary>Value equality, evidence compared item by item.</summary>
    public bool Equals(Finding? other) =>
        other is not null
        && RuleId == other.RuleId && Severity == other.Severity && Message == other.Message && Fix == other.Fix && Title == other.Title
        && File == other.File && Equals(Span, other.Span) && Equals(Related, other.Related) && Department == other.Department && Unit == other.Unit
        && Project == other.Project && IndicatorSeq == other.IndicatorSeq && Path == other.Path
        && Evidence.SequenceEqual(other.Evidence) && RuleSet == other.RuleSet && RuleSetVersion == other.RuleSetVersion
        && Fingerprint == other.Fingerprint && IsRuleFailure == other.IsRuleFailure;

    public override int GetHashCode() => HashCode.Combine(RuleId, Message, File, Span, Path, Fingerprint);

    public override string ToString() =>
        $"{File}:{Line}: {Severity.Name()} {RuleId}: {Message}" + (Path.Length > 0 ? $" [{Path}]" : "");
}
