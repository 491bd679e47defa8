using System.Runtime.InteropServices;
using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// The primitives of the spill's records. Strings are stored as UTF-16 code units (-1 for null), so
/// damaged text (lone surrogates) comes back exactly as it went in, with no transcoding.
/// </summary>
internal static class SpillBinary
{
    public static void Str(BinaryWriter w, string? s)
    {
        if (s is null) { w.Write(-1); return; }
        w.Write(s.Length);
        w.Write(MemoryMarshal.AsBytes(s.AsSpan()));
    }

    public static string? Str(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0) return null;
        var bytes = r.ReadBytes(n * 2);
        return new string(MemoryMarshal.Cast<byte, char>(bytes));
    }

    public static void Span(BinaryWriter w, SourceSpan? s)
    {
        w.Write(s is not null);
        if (s is null) return;
        w.Write(s.StartLine); w.Write(s.StartColumn); w.Write(s.EndLine); w.Write(s.EndColumn);
    }

    public static SourceSpan? Span(BinaryReader r) =>
        r.ReadBoolean() ? new SourceSpan(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) : null;

    public static void Dec(BinaryWriter w, decimal? v) { w.Write(v.HasValue); w.Write(v ?? 0m); }

    public static decimal? Dec(BinaryReader r) { var has = r.ReadBoolean(); var v = r.ReadDecimal(); return has ? v : null; }

    /// <summary>A whole text as one record (a home document's text, quoted by cross-document findings).</summary>
    public static byte[] EncodeText(string text)
    {
        using var ms = new MemoryStream(text.Length * 2 + 4);
        using var w = new BinaryWriter(ms);
        Str(w, text);
        w.Flush();
        return ms.ToArray();
    }

    public static string DecodeText(byte[] record)
    {
        using var r = new BinaryReader(new MemoryStream(record));
        return Str(r) ?? "";
    }
}
