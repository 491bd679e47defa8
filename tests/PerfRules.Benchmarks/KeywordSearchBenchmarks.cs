using System.Buffers;
using BenchmarkDotNet.Attributes;
using PerfRules.Model;

namespace PerfRules.Benchmarks;

/// <summary>
/// "Does this short text contain any of these words?" four ways, on the two kinds of text that ask it:
/// the seeds' indicator names (the rules' keyword lists, PR504–PR507) and their number-free value texts
/// (the value parser's grade words). `--filter *KeywordSearch*`.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class KeywordSearchBenchmarks
{
    // (texts, words): names against a keyword list of review.yaml, value texts against the grade words.
    [Params("names/satisfaction", "names/outputs", "names/dimensionless", "values/grades")]
    public string Case { get; set; } = "";

    private string[] _texts = [];
    private string[] _words = [];
    private SearchValues<string> _strings = null!;
    private SearchValues<char> _firstChars = null!;
    private WordIndex _index = null!;
    private System.Collections.ObjectModel.ReadOnlyCollection<string> _list = null!;

    [GlobalSetup]
    public void Setup()
    {
        var docs = Inputs.Read(new[] { "inline-large", "inline", "tabular", "overall" }.Select(l => (l + ".txt", Inputs.Seed(l))));
        var indicators = docs.SelectMany(d => d.Projects.SelectMany(p => p.Indicators).Concat(d.Overall?.Indicators ?? [])).ToList();
        _texts = Case.StartsWith("names", StringComparison.Ordinal)
            ? indicators.Select(i => i.Name).Distinct().ToArray()
            // The texts MeasureText sees: number-free value texts, white space out.
            : indicators.SelectMany(i => new[] { i.Cycle.Text, i.Annual.Text }).Where(t => t is not null && !t.Any(char.IsAsciiDigit))
                .Select(t => string.Concat(t!.Where(c => !char.IsWhiteSpace(c)))).Where(t => t.Length > 0).Distinct().ToArray();
        _words = Case switch
        {
            "names/satisfaction" => ["满意度", "满意率"],
            "names/outputs" => ["活动次数", "活动数量", "活动场次", "参观人次", "参展参会数量", "调研次数", "培训人次"],
            "names/dimensionless" => ["指数", "系数", "比值", "倍数", "得分", "分值", "评分", "分数", "等级", "星级", "排名", "名次"],
            _ => ["较好", "较高", "良好", "明显", "显著", "提升", "提高", "改善"],
        };
        _strings = SearchValues.Create(_words, StringComparison.Ordinal);
        _firstChars = SearchValues.Create(new string(_words.Select(w => w[0]).Distinct().ToArray()));
        _index = WordIndex.ByFirst(_words);
        _list = new System.Collections.ObjectModel.ReadOnlyCollection<string>(_words);
        Console.WriteLine($"// {Case}: {_texts.Length} texts, mean {_texts.Average(t => t.Length):0.0} characters, {_texts.Count(t => _words.Any(w => t.Contains(w, StringComparison.Ordinal)))} contain a word");
    }

    [Benchmark(Baseline = true)]
    public int WordByWord()
    {
        int n = 0;
        foreach (var t in _texts)
            foreach (var w in _words)
                if (t.Contains(w, StringComparison.Ordinal)) { n++; break; }
        return n;
    }

    [Benchmark]
    public int SearchValuesOfStrings()
    {
        int n = 0;
        foreach (var t in _texts)
            if (t.AsSpan().IndexOfAny(_strings) >= 0) n++;
        return n;
    }

    /// <summary>h-rules4's KeywordList: a vectorised scan for the first characters, then StartsWith each word.</summary>
    [Benchmark]
    public int FirstCharsScan()
    {
        int n = 0;
        foreach (var t in _texts)
        {
            var span = t.AsSpan();
            for (var at = span.IndexOfAny(_firstChars); at >= 0;)
            {
                var rest = span[at..];
                bool found = false;
                foreach (var w in _words)
                    if (rest.StartsWith(w, StringComparison.Ordinal)) { found = true; break; }
                if (found) { n++; break; }
                var next = rest[1..].IndexOfAny(_firstChars);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }
        return n;
    }

    /// <summary>KeywordList.MayContainAny as h-rules4 wrote it: the same scan, its words read through ReadOnlyCollection.</summary>
    [Benchmark]
    public int KeywordListBefore()
    {
        int n = 0;
        foreach (var t in _texts)
        {
            var span = t.AsSpan();
            bool found = false;
            for (var at = span.IndexOfAny(_firstChars); at >= 0 && !found;)
            {
                var rest = span[at..];
                for (var k = 0; k < _list.Count; k++)
                    if (rest.StartsWith(_list[k], StringComparison.Ordinal)) { found = true; break; }
                var next = rest[1..].IndexOfAny(_firstChars);
                at = next < 0 ? -1 : at + 1 + next;
            }
            if (found) n++;
        }
        return n;
    }

    /// <summary>WordIndex.ContainsAny: the scan for the first characters, then only the words of the character found.</summary>
    [Benchmark]
    public int WordIndexContainsAny()
    {
        int n = 0;
        foreach (var t in _texts)
            if (_index.ContainsAny(t)) n++;
        return n;
    }

    /// <summary>Tried for WordIndex and not kept: a table lookup per character instead of the vectorised scan.</summary>
    [Benchmark]
    public int LookupPerCharacter()
    {
        int n = 0;
        foreach (var t in _texts)
            for (int i = 0; i < t.Length; i++)
                if (_index.HasKey(t[i]) && _index.FirstAt(t, i) >= 0) { n++; break; }
        return n;
    }
}
