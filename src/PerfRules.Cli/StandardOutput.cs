using System.Text;

namespace PerfRules.Cli;

/// <summary>
/// The host's stdout, with its write errors marked as such: the top-level handler then says
/// "无法写入标准输出" instead of blaming a file.
/// </summary>
internal sealed class StandardOutput : TextWriter
{
    private readonly TextWriter inner;

    public StandardOutput(TextWriter inner)
    {
        this.inner = inner;
        NewLine = inner.NewLine;
    }

    public override Encoding Encoding => inner.Encoding;
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value) => Guard(() => inner.Write(value));
    public override void Write(string? value) => Guard(() => inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));
    public override void Write(ReadOnlySpan<char> buffer)
    {
        try { inner.Write(buffer); }
        catch (IOException e) when (e is not StandardOutputException) { throw new StandardOutputException(e); }
    }
    public override void WriteLine() => Guard(() => inner.WriteLine());
    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));
    public override void Flush() => Guard(inner.Flush);

    private static void Guard(Action write)
    {
        try { write(); }
        catch (IOException e) when (e is not StandardOutputException) { throw new StandardOutputException(e); }
    }
}
