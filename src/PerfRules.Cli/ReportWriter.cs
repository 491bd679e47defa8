using System.Text;

namespace PerfRules.Cli;

/// <summary>
/// A report on its way to stdout: written as it is made (never gathered into one string, which
/// grew with the run), with "\n" line ends as in a report file whatever the platform's.
/// </summary>
internal sealed class ReportWriter : TextWriter
{
    private readonly TextWriter inner;

    public ReportWriter(TextWriter inner)
    {
        this.inner = inner;
        NewLine = "\n";
    }

    public override Encoding Encoding => inner.Encoding;
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value) => inner.Write(value);
    public override void Write(string? value) => inner.Write(value);
    public override void Write(char[] buffer, int index, int count) => inner.Write(buffer, index, count);
    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(buffer);
    public override void Flush() => inner.Flush();
}
