using FsCheck;
using FsCheck.Fluent;
using PerfRules.Model;
using PerfRules.Tests.Properties;

namespace PerfRules.Tests.Values;

/// <summary>
/// WordIndex (Model), which the value parser's comparator, unit and measure-noun tables and the rules'
/// keyword lists share: it never rules out a text that holds a word, and finds the word a plain search in
/// list order finds.
/// </summary>
public class WordIndexTests
{
    // Words sharing first and last characters, prefixes of each other, one character long, repeated;
    // texts made of their pieces and of characters no word has.
    private static readonly Gen<string[]> Words =
        Gen.Elements("满意度", "满意率", "率", "完成", "完成率", "及时", "度", "意度满", "成完成", "以上", "上", "≥", ">=", "=", "满意度")
            .ArrayOf().Where(w => w.Length > 0);

    private static readonly Gen<string> Texts =
        Gen.Elements("满意", "度", "率", "完成", " ", "满意度", "及时率", "以", "上", "≥", ">", "=", "90%", "x", "")
            .ArrayOf().Select(p => string.Concat(p));

    [Test]
    public void Finds_what_a_search_word_by_word_finds()
    {
        var cases = from w in Words from t in Texts select (w, t);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (words, text) = c;
            var first = WordIndex.ByFirst(words);
            var last = WordIndex.ByLast(words);
            first.ContainsAny(text).ShouldBe(words.Any(w => text.Contains(w, StringComparison.Ordinal)), text);
            // Past a vector's width too.
            var longText = new string('x', 70) + text + new string('x', 70);
            first.ContainsAny(longText).ShouldBe(words.Any(w => longText.Contains(w, StringComparison.Ordinal)), text);
            for (int i = -1; i <= text.Length + 1; i++)
            {
                first.FirstAt(text, i).ShouldBe(i >= 0 && i < text.Length
                    ? Array.FindIndex(words, w => text.AsSpan(i).StartsWith(w, StringComparison.Ordinal)) : -1, $"{text} at {i}");
                last.FirstEndingAt(text, i).ShouldBe(i > 0 && i <= text.Length
                    ? Array.FindIndex(words, w => text.AsSpan(0, i).EndsWith(w, StringComparison.Ordinal)) : -1, $"{text} ending at {i}");
            }
            first.IndexOf(text).ShouldBe(Array.IndexOf(words, text));
            last.IndexOf(text).ShouldBe(Array.IndexOf(words, text));
            foreach (var w in words)
            {
                first.HasKey(w[0]).ShouldBeTrue();
                last.HasKey(w[^1]).ShouldBeTrue();
            }
        }).Check(PropertyRuns.Config(300));
    }

    [Test]
    public void Every_character_of_a_large_alphabet_finds_its_own_words()
    {
        // More keys than the smallest table, colliding homes: every word is still found, nothing else is.
        var words = Enumerable.Range(0, 300).Select(k => ((char)(0x4E00 + k * 37)).ToString() + (char)('a' + k % 26)).ToArray();
        var first = WordIndex.ByFirst(words);
        var last = WordIndex.ByLast(words);
        for (int k = 0; k < words.Length; k++)
        {
            first.FirstAt(words[k], 0).ShouldBe(k);
            first.IndexOf(words[k]).ShouldBe(k);
            first.ContainsAny("，" + words[k]).ShouldBeTrue();
        }
        // By last character the 26 letters each key a group of a dozen words.
        last.FirstEndingAt("，" + words[27], 3).ShouldBe(27);
        last.FirstEndingAt("zzb", 3).ShouldBe(-1);
        first.ContainsAny("abc，。").ShouldBeFalse();
        first.HasKey('a').ShouldBeFalse();
    }

    [Test]
    public void An_empty_word_is_refused()
        => Should.Throw<ArgumentException>(() => WordIndex.ByFirst(["率", ""]));
}
