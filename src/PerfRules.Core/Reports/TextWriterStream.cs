using System.Text;

namespace PerfRules.Reports;

/// <summary>
/// A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/> as it comes: the JSON
/// formats write bytes (<see cref="System.Text.Json.Utf8JsonWriter"/>) and stay streaming when the
/// report goes to a text writer (the terminal, a test's string). A character split between two
/// writes is kept until its last byte comes.
/// </summary>
internal sealed class TextWriterStream(TextWriter output) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = new char[4096];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var need = _decoder.GetCharCount(buffer, flush: false);
        if (need > _chars.Length) _chars = new char[Math.Max(need, _chars.Length * 2)];
        var n = _decoder.GetChars(buffer, _chars, flush: false);
        output.Write(_chars.AsSpan(0, n));
    }

    public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    // The JSON writer flushes its stream whenever it hands bytes on; the text writer's owner flushes it.
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
