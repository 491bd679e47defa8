using PerfRules.Ingest;

namespace PerfRules.Tests.Ingest;

public class SourceTextTests
{
    [TestCase("a\nb\nc", 3)]
    [TestCase("a\r\nb\r\nc\r\n", 3)]
    [TestCase("a\rb\rc", 3)]
    [TestCase("a\n\nb", 3)]
    [TestCase("", 0)]
    public void Splits_lines_on_every_terminator(string text, int expected)
    {
        SourceText.SplitLines(text).Count.ShouldBe(expected);
    }

    [Test]
    public void Mixed_terminators_give_the_same_lines()
    {
        SourceText.SplitLines("x\r\ny\rz\n").ShouldBe(new[] { "x", "y", "z" });
    }
}
