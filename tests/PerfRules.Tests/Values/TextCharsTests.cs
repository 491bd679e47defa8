using NUnit.Framework;
using PerfRules.Model;
using PerfRules.Rules.Runtime;
using PerfRules.Values;
using Shouldly;

namespace PerfRules.Tests.Values;

/// <summary>The readers' fast white-space test and the value copy must mean exactly what they replace.</summary>
public class TextCharsTests
{
    [Test]
    public void IsSpace_agrees_with_char_IsWhiteSpace_on_every_character()
    {
        for (int c = 0; c <= char.MaxValue; c++)
            if (TextChars.IsSpace((char)c) != char.IsWhiteSpace((char)c))
                Assert.Fail($"U+{c:X4}: IsSpace {TextChars.IsSpace((char)c)}, char.IsWhiteSpace {char.IsWhiteSpace((char)c)}");
    }

    [Test]
    public void The_ranges_searched_for_hold_exactly_their_characters()
    {
        // SearchValues in place of IndexOfAnyInRange (which boxed its bounds in the ReadyToRun build): the same sets.
        for (int c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            TextChars.FullWidthForms.Contains(ch).ShouldBe(ch is >= '\uFF01' and <= '\uFF5E', $"U+{c:X4}");
            TextChars.Latin1Upper.Contains(ch).ShouldBe(ch is >= '\u007F' and <= '\u00FF', $"U+{c:X4}");
            TextChars.Digits.Contains(ch).ShouldBe(ch is >= '0' and <= '9', $"U+{c:X4}");
        }
    }

    [Test]
    public void NameKey_drops_white_space_and_halves_full_width_forms_as_before()
    {
        // The old definition (a StringBuilder over every character) against the one without a builder, on names
        // that change and names that do not, short and longer than its stack buffer.
        static string Old(string? name)
        {
            if (string.IsNullOrEmpty(name)) return "";
            var sb = new System.Text.StringBuilder(name.Length);
            foreach (var c in name)
            {
                if (char.IsWhiteSpace(c)) continue;
                sb.Append(c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c);
            }
            return sb.ToString();
        }
        var random = new Random(17);
        const string alphabet = "会展业务费ab1 \u3000\t\u00A0（）ＡＺ０９～！\uFF00\uFF5F\u2003-";
        RuleHelpers.NameKey(null).ShouldBe("");
        RuleHelpers.NameKey("").ShouldBe("");
        const string plain = "区东西部协作经费";
        RuleHelpers.NameKey(plain).ShouldBeSameAs(plain);
        for (var round = 0; round < 3000; round++)
        {
            var length = round % 10 == 0 ? random.Next(250, 700) : random.Next(1, 40);
            var name = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            RuleHelpers.NameKey(name).ShouldBe(Old(name), name);
        }
    }

    [TestCase("  a b \u3000", "a b")]
    [TestCase("\u3000\u00A0", "")]
    [TestCase("产出指标", "产出指标")]
    public void Trim_trims_what_string_Trim_trims(string text, string trimmed)
    {
        TextChars.Trim(text).ToString().ShouldBe(trimmed);
        TextChars.Trim(text).ToString().ShouldBe(text.Trim());
        TextChars.IsBlank(text).ShouldBe(string.IsNullOrWhiteSpace(text));
    }

    [Test]
    public void A_value_copied_for_another_place_keeps_every_property_but_its_span()
    {
        var v = TargetValueParser.Parse("10次以上优秀；8-10次良好");
        v.Span = SourceSpan.Line(3, 1, 5);
        v.Year = 2025; v.Month = 6; v.Day = 30; v.Subject = "s"; v.Reason = "r"; v.Comparator = Comparator.Ge; v.Number = 1.5m; v.Unit = "次";
        var copy = v.CopyWithoutSpan();
        copy.Span.ShouldBeNull();
        foreach (var p in typeof(TargetValue).GetProperties())
        {
            if (p.Name == nameof(TargetValue.Span) || !p.CanWrite) continue;
            p.GetValue(copy).ShouldBe(p.GetValue(v), p.Name);
            p.GetValue(v).ShouldNotBeNull(p.Name + " is set in this test, so a property the copy forgets is seen");
        }
    }
}
