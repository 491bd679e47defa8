using FsCheck;
using FsCheck.Fluent;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Values;
using PerfRules.Tests.Properties;
using static PerfRules.Rules.Runtime.RuleHelpers;

namespace PerfRules.Tests.Rules;

/// <summary>The helpers the review rules (rules/review.yaml, PR5xx) call, and their budget.</summary>
public class ReviewHelperTests
{
    [TestCase(85, "85")]
    [TestCase(0.5, "0.5")]
    [TestCase(1000, "1,000")]
    [TestCase(14000.0, "14,000")]
    public void Num_prints_a_number_as_written(decimal value, string text) => Num(value).ShouldBe(text);

    [Test]
    public void Num_of_nothing_is_empty() => Num(null).ShouldBe("（空）");

    [Test]
    public void Figures_are_the_numbers_with_units_in_a_goal_with_the_words_before_them()
    {
        // Seed 001 line 11: 产值约15亿 and 税收约0.5亿 have no unit, so they are not figures.
        var figures = Figures("保障园区正常运行。预期当年投产企业30家，产值约15亿，税收约0.5亿，带动就业人员3000人。");
        figures.Select(f => (f.Words, f.Text, f.Number, f.Unit)).ShouldBe(new[]
        {
            ("预期当年投产企业", "30家", 30m, "家"),
            ("带动就业人员", "3000人", 3000m, "人"),
        });
    }

    [Test]
    public void Figures_are_scaled_like_values_and_skip_years()
    {
        var figures = Figures("2024年计划帮助转移就业1.4万人，完成率达到95%，安排资金1000万元");
        figures.Select(f => (f.Number, f.Unit)).ShouldBe(new[] { (14000m, "人"), (95m, "%"), (10000000m, "元") });
        figures[1].Text.ShouldBe("达到95%");
        Figures(null).ShouldBeEmpty();
        Figures("").ShouldBeEmpty();
    }

    [Test]
    public void FiguresIn_never_throws_on_odd_text()
    {
        foreach (var s in new[] { "１２３４５６７８９０个", "99999999999999999999999999999999亿元", "$\\geq 80\\%$", "第3期5个", "5G基站10个" })
            Should.NotThrow(() => TargetValueParser.FiguresIn(s));
        TargetValueParser.FiguresIn("5G基站10个").Select(f => f.Number).ShouldBe(new[] { 10m });
    }

    [Test]
    public void Jaccard_compares_sets()
    {
        Jaccard(new[] { "a", "b", "c" }, new[] { "b", "c", "d" }).ShouldBe(0.5m);
        Jaccard(new[] { "a", "a" }, new[] { "a" }).ShouldBe(1m);
        Jaccard(Array.Empty<string>(), Array.Empty<string>()).ShouldBe(0m);
        Jaccard(new[] { ("参会代表团个数", "10个") }, new[] { ("参会代表团数量", "10个") }).ShouldBe(0m);
    }

    [Test]
    public void Text_similarity_of_goals_differing_in_a_place_is_high()
    {
        const string qingyuan = "通过广州市安排的财政资金援助广清产业合作园和民生事业帮扶项目建设，突出引导产业优化布局和有序转移。";
        var meizhou = qingyuan.Replace("广清产业合作园", "广梅产业共建园");
        // 45 distinct character pairs in each; 广清产业合作园 → 广梅产业共建园 changes 5 of them: 40 shared of 50.
        TextSimilarity(qingyuan, meizhou).ShouldBe(0.8m);
        TextSimilarity(qingyuan, qingyuan).ShouldBe(1m);
        TextSimilarity(qingyuan, "维持指挥部的日常行政运行。").ShouldBeLessThan(0.2m);
        TextSimilarity(null, "").ShouldBe(0m);
    }

    [TestCase("预期当年投产企业", "新增投产企业数量", 4)]
    [TestCase("带动就业人员", "带动就业人数", 5)]
    [TestCase("专项资金", "总投资额", 1)]
    [TestCase("", "甲", 0)]
    public void SharedRun_is_the_longest_common_run(string a, string b, int run) => SharedRun(a, b).ShouldBe(run);

    [Test]
    public void Differing_is_what_sets_a_name_apart()
    {
        Differing("广州市对口帮扶协作梅州指挥部工作经费", "广州市对口帮扶协作清远指挥部工作经费").ShouldBe("梅州");
        SharedAffixes("广州市对口帮扶协作梅州指挥部工作经费", "广州市对口帮扶协作清远指挥部工作经费").ShouldBe(16);
        Differing("广州市援藏工作组工作经费", "广州市援疆工作队工作经费").ShouldBe("藏工作组");
        Differing("会展业务费", "会展业务费").ShouldBe("");
        Differing("ab", "abc").ShouldBe("");
        Differing("aXa", "aa").ShouldBe("X");
    }

    [Test]
    public void Grade_overlaps_name_the_shared_values()
    {
        GradeOverlaps(TargetValueParser.Parse("10次以上优秀；8-10次良好；5-8次合格"))
            .ShouldBe(new[] { "10 同时属于“优秀”和“良好”", "8 同时属于“良好”和“合格”" });
        GradeOverlaps(TargetValueParser.Parse("10次以上优秀；5-9次合格")).ShouldBeEmpty();
        GradeOverlaps(TargetValueParser.Parse("≥10次")).ShouldBeEmpty();
        GradeOverlaps(new TargetValue
        {
            Kind = ValueKind.GradedScale,
            Grades = [new Grade { Label = "优", Low = 5, High = 10 }, new Grade { Label = "良", Low = 8, High = 12 }],
        }).ShouldBe(new[] { "8–10 同时属于“优”和“良”" });
    }

    [Test]
    public void An_open_bound_does_not_overlap()
    {
        var v = new TargetValue
        {
            Kind = ValueKind.GradedScale,
            Grades = [new Grade { Label = "优", Comparator = Comparator.Gt, Low = 10 }, new Grade { Label = "良", Low = 8, High = 10 }],
        };
        GradeOverlaps(v).ShouldBeEmpty();
    }

    [TestCase("塑造更受年轻群体青睐的现", "现")]
    [TestCase("<p>推动工作走在全国前列。</p>", "。")]
    [TestCase("完成任务。  \n", "。")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void LastChar_skips_trailing_space_and_markup(string? text, string last) => LastChar(text).ShouldBe(last);

    private static readonly string[] Endings = ["。", "；", "！"];

    [TestCase("甲乙丙丁。戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥的现", true)]
    [TestCase("甲乙丙丁。戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。", false)]
    [TestCase("甲乙丙丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥的现", false)] // never uses a full stop: a style
    [TestCase("甲乙。丙丁", false)] // too short to judge
    public void LooksCut_wants_a_long_punctuated_text_that_stops(string text, bool cut) =>
        LooksCut(text, 20, Endings).ShouldBe(cut);

    private static Project P(string name, decimal? total, string? goal = null, params (string Name, string Annual)[] indicators) => new()
    {
        Name = name, Goal = goal, Amounts = new Amounts { Total = total },
        Indicators = indicators.Select(i => new Indicator { Name = i.Name, Annual = TargetValueParser.Parse(i.Annual, i.Name) }).ToList(),
    };

    // The similarities count their sets (indicator pairs by merging sorted arrays, goal pairs through a hash table): the same figure as the sets' definition,
    // repeats, letters dropped as punctuation and duplicate indicators included.
    [Test]
    public void Similarities_are_the_Jaccard_of_the_sets()
    {
        static decimal Jaccard<T>(HashSet<T> a, HashSet<T> b) =>
            a.Count + b.Count == 0 ? 0m : (decimal)a.Count(b.Contains) / (a.Count + b.Count - a.Count(b.Contains));
        static HashSet<int> Bigrams(string s)
        {
            var letters = s.Where(char.IsLetterOrDigit).ToArray();
            return letters.Zip(letters.Skip(1), (x, y) => (x << 16) | y).ToHashSet();
        }
        // A small alphabet (repeats are likely), with punctuation and a character above U+8000.
        var text = Gen.Elements('甲', '乙', '丙', 'a', '1', '，', ' ', '\uFF01', '鿿').ArrayOf().Select(c => new string(c));
        var indicators = Gen.Elements(("数量", "10个"), ("数量", "12个"), ("质量", "≥90%"), ("时效", "100%"), ("质量", "10个")).ArrayOf();
        var cases = from x in text from y in text from i in indicators from j in indicators select (x, y, i, j);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (x, y, i, j) = c;
            TextSimilarity(x, y).ShouldBe(Jaccard(Bigrams(x), Bigrams(y)));
            var (a, b) = (P("甲", 1m, x, i), P("乙", 1m, y, j));
            GoalSimilarity(a, b).ShouldBe(TextSimilarity(x, y));
            IndicatorSimilarity(a, b).ShouldBe(Jaccard(a.Indicators.Select(k => (k.Name, k.Annual.Text)).ToHashSet(),
                b.Indicators.Select(k => (k.Name, k.Annual.Text)).ToHashSet()));
        }).Check(PropertyRuns.Config(300));
    }

    // PR508/PR509's indicator pairs are ordered by a hash of their strings' lengths and first, middle and last
    // characters, then ordinally: pairs that hash alike and differ elsewhere (…1…, …9…) must still count as different,
    // equal ones (duplicates too) as one.
    [Test]
    public void Indicator_similarity_is_the_Jaccard_of_the_pairs_when_their_hashes_collide()
    {
        static decimal Jaccard<T>(HashSet<T> a, HashSet<T> b) =>
            a.Count + b.Count == 0 ? 0m : (decimal)a.Count(b.Contains) / (a.Count + b.Count - a.Count(b.Contains));
        var names = Gen.Elements("满意度甲", "满意甲甲", "满乙度甲", "完成率", "完成度", "");
        var values = Gen.Elements("≥10%", "≥90%", "≥1%%", "10个", "");
        var indicators = (from n in names from v in values select (n, v)).ArrayOf();
        Prop.ForAll((from i in indicators from j in indicators from k in Gen.Choose(0, 3) select (i, j, k)).ToArbitrary(), c =>
        {
            var (i, j, _) = c;
            var (a, b) = (P("甲", 1m, "", i), P("乙", 1m, "", j));
            IndicatorSimilarity(a, b).ShouldBe(Jaccard(a.Indicators.Select(k => (k.Name, k.Annual.Text)).ToHashSet(),
                b.Indicators.Select(k => (k.Name, k.Annual.Text)).ToHashSet()));
        }).Check(PropertyRuns.Config(500));
    }

    // A goal's pairs are counted through a hash table (no sort); past 2,048 characters the table is pooled,
    // not on the stack. Long texts of few characters (many repeats) and of many (few repeats).
    [TestCase(3000, 4)]
    [TestCase(5000, 3000)]
    [TestCase(40, 20)]
    public void Similarity_of_long_texts_is_the_Jaccard_of_their_pairs(int length, int alphabet)
    {
        static HashSet<int> Bigrams(string s)
        {
            var letters = s.Where(char.IsLetterOrDigit).ToArray();
            return letters.Zip(letters.Skip(1), (x, y) => (x << 16) | y).ToHashSet();
        }
        var random = new Random(17);
        string Text() => new(Enumerable.Range(0, length).Select(_ => (char)(0x4E00 + random.Next(alphabet))).ToArray());
        for (var k = 0; k < 5; k++)
        {
            var (x, y) = (Text(), Text());
            var (a, b) = (Bigrams(x), Bigrams(y));
            var both = a.Count(b.Contains);
            TextSimilarity(x, y).ShouldBe((decimal)both / (a.Count + b.Count - both));
            TextSimilarity(x, x).ShouldBe(1m);
        }
    }

    // BigramSet decides ASCII and the CJK Unified Ideographs without the Unicode tables.
    [Test]
    public void LetterOrDigit_is_char_IsLetterOrDigit()
    {
        for (var c = 0; c <= char.MaxValue; c++)
            if (PerfRules.Rules.Runtime.RuleHelpers.LetterOrDigit((char)c) != char.IsLetterOrDigit((char)c))
                Assert.Fail($"U+{c:X4}");
    }

    // Figures skips the parser for a text without a digit (ASCII or full width): the parser finds none there.
    [Test]
    public void A_text_without_digits_has_no_figures()
    {
        var text = Gen.Elements("投产企业", "三十家", "两万人", "〇", "零", "一百", "，", "%", "万", "ｌ", "Ⅲ", "①", "٣", "\\text{五}", "$", "人次", " ").ArrayOf().Select(p => string.Concat(p));
        Prop.ForAll(text.ToArbitrary(), t => TargetValueParser.FiguresIn(t).ShouldBeEmpty()).Check(PropertyRuns.Config(300));
        Figures("带动就业人员３０００人").Select(f => f.Number).ShouldBe(new[] { 3000m });
    }

    // CopiedFrom's goal comparison skips pairs by a sketch of their character pairs (64 bucket counts): the
    // twin must be the one the plain similarities give, for goals close to and far from each other.
    [Test]
    public void CopiedFrom_picks_the_twin_of_the_plain_similarities()
    {
        var goal = Gen.Elements("保障", "运行", "梅州", "清远", "指挥部", "日常", "工作", "经费", "，").ArrayOf().Select(p => string.Concat(p));
        var cases = from goals in goal.ArrayOf() from t in Gen.Elements(0m, 0.3m, 0.5m, 0.9m, 1m) select (goals, t);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var projects = c.goals.Select((g, k) => P("项目" + k, 10m + k, g)).ToList();
            var doc = Doc(projects.ToArray());
            for (var k = 0; k < projects.Count; k++)
            {
                var p = projects[k];
                Project? expected = null;
                decimal best = 0m;
                foreach (var q in projects.Take(k))
                {
                    var g = (p.Goal ?? "").Length >= 2 && (q.Goal ?? "").Length >= 2 && !GoalNamesItself(p, q) && TextSimilarity(p.Goal, q.Goal) >= c.t ? TextSimilarity(p.Goal, q.Goal) : 0m;
                    if (g > best) { best = g; expected = q; }
                }
                (CopiedFrom(doc, p, 100, 0.7m, c.t, 2, 10)?.Other).ShouldBe(expected);
            }
        }).Check(PropertyRuns.Config(300));
    }

    [Test]
    public void Project_comparisons()
    {
        var a = P("会展业务费", 220m, null, ("参会代表团个数", "10个"), ("专业展举办完成率", "≥90%"));
        var b = P("广州博览会工作经费", 5m, null, ("参会代表团个数", "10个"), ("专业展举办完成率", "≥95%"));
        IndicatorSimilarity(a, b).ShouldBe(1m / 3m);
        AmountRatio(a, b).ShouldBe(44m);
        AmountRatio(b, a).ShouldBe(44m);
        AmountRatio(a, P("无金额", null)).ShouldBe(0m);
        AmountRatio(a, P("零", 0m)).ShouldBe(0m);

        var meizhou = P("对口帮扶协作梅州指挥部工作经费", 450m, "安排对口帮扶清远指挥部工作经费");
        var qingyuan = P("对口帮扶协作清远指挥部工作经费", 450m, "维持清远指挥部的日常运行");
        GoalNamesItself(qingyuan, meizhou).ShouldBeTrue();
        GoalNamesItself(meizhou, qingyuan).ShouldBeFalse();
    }

    private static Submission Doc(params Project[] projects) => new() { Units = { new FundingUnit { Name = "中心", Projects = projects.ToList() } } };

    [Test]
    public void CopiedFrom_finds_the_earlier_project_most_alike_and_says_what_is_alike()
    {
        var pairs = new[] { ("甲", "1个"), ("乙", "2个"), ("丙", "3个"), ("丁", "4个") };
        var first = P("运维项目一", 50m, "保障信息系统稳定运行，及时处理各类故障，提升服务水平。", pairs);
        var second = P("运维项目二", 60m, "完成办公场所的租赁与物业管理，保障干部职工日常办公需要。", pairs);
        var far = P("运维项目三", 600m, "完成办公场所的租赁与物业管理，保障干部职工日常办公需要。", pairs);
        var doc = Doc(first, second, far);
        CopiedFrom(doc, first, 4, 0.7m, 0.9m, 20, 10).ShouldBeNull();   // nothing before it
        var twin = CopiedFrom(doc, second, 4, 0.7m, 0.9m, 20, 10)!;
        (twin.Other, twin.IndicatorSimilarity, twin.What).ShouldBe((first, 1m, "指标"));
        twin.GoalSimilarity.ShouldBeLessThan(0.9m);
        twin.ToString().ShouldBe("运维项目一");
        // Ten times the amount of both: its indicators are PR508's, its goal is the second's word for word.
        var copy = CopiedFrom(doc, far, 4, 0.7m, 0.9m, 20, 10)!;
        (copy.Other, copy.GoalSimilarity, copy.What).ShouldBe((second, 1m, "绩效目标"));
        // Too few indicators and too short a goal: never compared.
        CopiedFrom(doc, far, 5, 0.7m, 0.9m, 100, 10).ShouldBeNull();
    }

    [Test]
    public void CopiedFrom_agrees_with_the_pairwise_similarities_it_skips_computing()
    {
        // Every project of seed 000 against every earlier one: the twin is the one the plain
        // similarities pick (the highest, the first of equals), whatever was skipped on the way.
        var doc = Seeds.Read("000");
        var projects = doc.Projects.ToList();
        for (var k = 0; k < projects.Count; k++)
        {
            var p = projects[k];
            Project? expected = null;
            decimal best = 0m;
            foreach (var q in projects.Take(k))
            {
                var s = p.Indicators.Count >= 4 && q.Indicators.Count >= 4 && AmountRatio(p, q) < 10 && IndicatorSimilarity(p, q) >= 0.7m ? IndicatorSimilarity(p, q) : 0m;
                var g = (p.Goal ?? "").Length >= 20 && (q.Goal ?? "").Length >= 20 && !GoalNamesItself(p, q) && TextSimilarity(p.Goal, q.Goal) >= 0.9m ? TextSimilarity(p.Goal, q.Goal) : 0m;
                if (Math.Max(s, g) > best) { best = Math.Max(s, g); expected = q; }
            }
            (CopiedFrom(doc, p, 4, 0.7m, 0.9m, 20, 10)?.Other).ShouldBe(expected, p.Name);
        }
    }

    // PR508's twin was a LINQ query in the rule file; AmountTwin must pick the same project for every
    // project of seed 000 and for thresholds that land exactly on a similarity or a ratio (its tests
    // decide most pairs in double and only close ones by the decimal division the query did).
    [TestCase(4, 10, 0.7)]
    [TestCase(4, 1, 0.5)]
    [TestCase(2, 2, 0.3)]
    [TestCase(1, 1.5, 0)]
    public void AmountTwin_is_the_query_it_replaces(int minIndicators, decimal ratio, decimal similarity)
    {
        var doc = Seeds.Read("000");
        foreach (var p in doc.Projects)
        {
            var expected = doc.Projects.TakeWhile(q => q != p)
                .Where(q => q.Indicators.Count >= minIndicators && AmountRatio(p, q) >= ratio && IndicatorSimilarity(p, q) >= similarity)
                .OrderByDescending(q => IndicatorSimilarity(p, q)).FirstOrDefault();
            AmountTwin(doc, p, minIndicators, ratio, similarity).ShouldBe(expected, p.Name);
        }
    }

    [Test]
    public void AmountTwin_and_CopiedFrom_test_their_thresholds_exactly()
    {
        var a = P("会展业务费", 220m, null, ("参会代表团个数", "10个"), ("专业展举办完成率", "≥90%"));
        var b = P("广州博览会工作经费", 5m, null, ("参会代表团个数", "10个"), ("专业展举办完成率", "≥95%"));
        var doc = Doc(b, a);
        // Ratio 44, similarity 1/3 (as the decimal division gives it, and a hair above).
        AmountTwin(doc, a, 2, 44m, 1m / 3m).ShouldBe(b);
        AmountTwin(doc, a, 2, 44.000000000000000000000001m, 1m / 3m).ShouldBeNull();
        AmountTwin(doc, a, 2, 44m, 1m / 3m + 0.0000000000000000000000001m).ShouldBeNull();
        var c = P("会展业务费二", 6m, "", ("参会代表团个数", "10个"), ("专业展举办完成率", "≥90%"), ("参观人次", "10万人次"));
        var twin = CopiedFrom(Doc(b, c), c, 2, 1m / 4m, 0.9m, 20, 10)!;
        (twin.Other, twin.IndicatorSimilarity).ShouldBe((b, 1m / 4m));
        CopiedFrom(Doc(b, c), c, 2, 1m / 4m + 0.0000000000000000000000001m, 0.9m, 20, 10).ShouldBeNull();
    }

    // The helpers that replaced lambdas over keyword lists and name parts in the rule files (a lambda
    // that reads the rule's object is a closure allocated for every object): the same answers.
    [Test]
    public void Keyword_and_name_helpers_answer_as_the_expressions_they_replace()
    {
        var text = Gen.Elements("满意", "度", "率", "完成", " ", "满意度", "及时率", "").ArrayOf().Select(p => string.Concat(p));
        var words = Gen.Elements("满意度", "满意率", "率", "完成", "及时", "度", "", "意度满", "成完成").ArrayOf();
        var cases = from t in text from w in words from u in text select (t, w, u);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (t, w, u) = c;
            FirstContained(t, w).ShouldBe(w.FirstOrDefault(x => t.Contains(x)));
            ContainsAny(t, w).ShouldBe(w.Any(x => t.Contains(x)));
            // A parameter list (first characters scanned first) answers the same, empty words included.
            var list = new PerfRules.Rules.KeywordList(w);
            FirstContained(t, list).ShouldBe(w.FirstOrDefault(x => t.Contains(x)));
            ContainsAny(t, list).ShouldBe(w.Any(x => t.Contains(x)));
            var some = new PerfRules.Rules.KeywordList(w.Where(x => x.Length > 0).ToArray());
            ContainsAny(t, some).ShouldBe(w.Any(x => x.Length > 0 && t.Contains(x)));
            StartsWithAny(t, w).ShouldBe(w.Any(x => t.StartsWith(x)));
            DifferingLength(t, u).ShouldBe(Differing(t, u).Length);
            ContainsDiffering(t + u, t, u).ShouldBe((t + u).Contains(Differing(t, u)));
            ContainsDiffering(u, u, t).ShouldBe(u.Contains(Differing(u, t)));
        }).Check(PropertyRuns.Config(300));
        FirstContained(null, new[] { "率" }).ShouldBeNull();
    }

    // PR404's prefix test stays culture-sensitive (ICU ignores zero-width characters); its ordinal path for
    // CJK ideographs must answer exactly as the culture's compare, under the cultures users run with.
    // Every culture the ordinal path is taken under, and one it is not (Czech: "ch" is one letter).
    private static readonly string[] Cultures = PerfRules.Rules.Runtime.RuleHelpers.IdeographCultures.Append("cs-CZ").ToArray();

    [Test]
    public void CultureStartsWith_is_the_culture_compare()
    {
        // Ideographs (the words' own and others, an Extension A one, a compatibility one that decomposes
        // to 無), zero-width and ignorable characters, combining marks, kana voicing, Latin pairs that are
        // contractions in some cultures, punctuation, a lone surrogate.
        var piece = Gen.Elements("符", "合", "按", "时", "无", "無", "未", "发", "生", "杜", "绝", "一", "\u9FFF", "\u4E00", "\u3400", "\uF9B2",
            "\u200B", "\u200D", "\uFEFF", "\u00AD", "\u0301", "\u3099", "\u309A", "か", "c", "h", "a", "e", "ch", "æ", "，", "、", " ", "\uD800", "");
        var text = piece.ArrayOf().Select(p => string.Concat(p));
        var cases = from t in text from w in text select (t, w);
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in Cultures)
            {
                System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(name);
                Prop.ForAll(cases.ToArbitrary(), c =>
                {
                    var (t, w) = c;
                    PerfRules.Rules.Runtime.RuleHelpers.CultureStartsWith(t, w).ShouldBe(t.StartsWith(w), $"{name}: “{t}” “{w}”");
                    PerfRules.Rules.Runtime.RuleHelpers.CultureStartsWith(t + w, t).ShouldBe((t + w).StartsWith(t), name);
                }).Check(PropertyRuns.Config(2000));
                // The seeds' qualitative values against PR404's words.
                foreach (var v in new[] { "符合", "按时完成", "无规模性返贫风险", "未发生", "杜绝", "提升", "有所提升", "符合\u200B要求", "\u200B符合", "符\u200B合", "无\u0301" })
                    foreach (var w in new[] { "符合", "按时", "无", "未发生", "杜绝" })
                        PerfRules.Rules.Runtime.RuleHelpers.CultureStartsWith(v, w).ShouldBe(v.StartsWith(w), $"{name}: “{v}” “{w}”");
            }
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = before; }
    }

    // What the ordinal path rests on, for every ideograph U+4E00–U+9FFF under each culture: its weights are not
    // empty (never ignorable), and of two ideographs neither's weights start the other's. Only ideographs whose
    // first-level weights are equal or one a prefix of the other's can fail that (sorted, they sit together):
    // those pairs are asked of the compare itself (Korean gives the Hanja of one reading the same first level).
    [Test]
    public void Ideographs_weigh_alone_and_apart_under_the_cultures()
    {
        foreach (var name in PerfRules.Rules.Runtime.RuleHelpers.IdeographCultures)
        {
            var compare = System.Globalization.CultureInfo.GetCultureInfo(name).CompareInfo;
            compare.Name.ShouldBe(name);
            var keys = new List<(byte[] Primary, char C)>();
            for (var c = '\u4E00'; c <= '\u9FFF'; c++)
            {
                var key = compare.GetSortKey(c.ToString()).KeyData;
                var primary = Array.IndexOf(key, (byte)1);
                primary.ShouldBeGreaterThan(0, $"{name}: U+{(int)c:X4} has no primary weight");
                keys.Add((key[..primary], c));
            }
            keys.Sort((x, y) => x.Primary.AsSpan().SequenceCompareTo(y.Primary));
            var asked = 0;
            for (var k = 0; k < keys.Count; k++)
                for (var m = k + 1; m < keys.Count && keys[m].Primary.AsSpan().StartsWith(keys[k].Primary); m++)
                {
                    string a = keys[k].C.ToString(), b = keys[m].C.ToString();
                    compare.IsPrefix(b + "一", a).ShouldBeFalse($"{name}: U+{(int)b[0]:X4} starts with U+{(int)a[0]:X4}");
                    compare.IsPrefix(a + "一", b).ShouldBeFalse($"{name}: U+{(int)a[0]:X4} starts with U+{(int)b[0]:X4}");
                    asked++;
                }
            TestContext.Out.WriteLine($"{(name.Length == 0 ? "invariant" : name)}: {asked} pairs of ideographs asked");
        }
    }

    // PR512's other project was a LINQ query in the rule file; PlaceCopiedFrom must pick the same project:
    // names that share ends or not, parts of every length around the thresholds, goals naming either part.
    [Test]
    public void PlaceCopiedFrom_is_the_query_it_replaces()
    {
        static Project? Query(Submission doc, Project project, decimal minShared, decimal maxPlace) =>
            doc.Projects.FirstOrDefault(q => q != project && SharedAffixes(project.Name, q.Name) >= minShared
                && DifferingLength(project.Name, q.Name) >= 2 && DifferingLength(q.Name, project.Name) >= 2
                && DifferingLength(project.Name, q.Name) <= maxPlace && DifferingLength(q.Name, project.Name) <= maxPlace
                && !ContainsDiffering(project.Goal!, project.Name, q.Name) && ContainsDiffering(project.Goal!, q.Name, project.Name));
        var part = Gen.Elements("梅州", "清远", "梅", "湛江市", "", "河源市区", "广州市对口帮扶");
        var name = from a in part from b in part select "对口帮扶" + a + "指挥部" + b + "经费";
        var goal = from a in part from b in part select "维持" + a + "指挥部的运行，" + b;
        var cases = from names in name.ArrayOf() from goals in goal.ArrayOf()
                    from minShared in Gen.Elements(0m, 6m, 6.5m, 12m, 40m) from maxPlace in Gen.Elements(-1m, 1.5m, 2m, 4m, 6m, 100m)
                    select (names, goals, minShared, maxPlace);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var projects = c.names.Select((n, k) => new Project { Name = n, Goal = c.goals.Length > 0 ? c.goals[k % c.goals.Length] : null }).ToList();
            // A project twice (the same object): it is not its own other, but the first of its copies is another's.
            if (projects.Count > 0) projects.Add(projects[0]);
            var doc = new Submission { Units = { new FundingUnit { Name = "甲", Projects = projects.Take(2).ToList() }, new FundingUnit { Name = "乙", Projects = projects.Skip(2).ToList() } } };
            foreach (var p in projects.Where(p => p.Goal is not null))
                PlaceCopiedFrom(doc, p, c.minShared, c.maxPlace).ShouldBe(Query(doc, p, c.minShared, c.maxPlace));
        }).Check(PropertyRuns.Config(300));
        var seed = Seeds.Read("000");
        foreach (var p in seed.Projects.Where(p => p.Goal is not null))
            PlaceCopiedFrom(seed, p, 6, 6).ShouldBe(Query(seed, p, 6, 6), p.Name);
    }

    [Test]
    public void DuplicateNames_are_GroupBy_s_repeated_keys()
    {
        var names = Gen.Elements("甲", "乙", "丙", "丁").ArrayOf();
        Prop.ForAll(names.ToArbitrary(), n =>
        {
            var indicators = n.Select(x => new Indicator { Name = x }).ToList();
            DuplicateNames(indicators).ShouldBe(indicators.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList());
        }).Check(PropertyRuns.Config(300));
        // Past 32 indicators the later ones are looked up in a set.
        var many = Enumerable.Range(0, 80).Select(k => new Indicator { Name = "指标" + (k % 37) }).ToList();
        DuplicateNames(many).ShouldBe(many.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList());
    }

    [Test]
    public void GoalSimilarity_is_the_text_similarity_of_the_goals()
    {
        var a = P("甲", 1m, "通过广州市安排的财政资金援助广清产业合作园和民生事业帮扶项目建设。");
        var b = P("乙", 1m, "通过广州市安排的财政资金援助广梅产业共建园和民生事业帮扶项目建设。");
        GoalSimilarity(a, b).ShouldBe(TextSimilarity(a.Goal, b.Goal));
        // Outside an evaluation nothing is kept: a goal changed after it was compared is compared again.
        b.Goal = a.Goal;
        GoalSimilarity(a, b).ShouldBe(1m);
    }

    [Test]
    public void What_an_evaluation_keeps_is_kept_for_it_alone()
    {
        var key = new object();
        var made = 0;
        object Make(object _) { made++; return new object(); }
        object first;
        using (PerfRules.Rules.Runtime.EvaluationCache.Begin())
        {
            first = PerfRules.Rules.Runtime.EvaluationCache.Get(key, Make);
            PerfRules.Rules.Runtime.EvaluationCache.Get(key, Make).ShouldBeSameAs(first);
        }
        made.ShouldBe(1);
        PerfRules.Rules.Runtime.EvaluationCache.Get(key, Make).ShouldNotBeSameAs(first);
        made.ShouldBe(2);
    }

    private static Submission Table(SubmissionKind kind, int? year, params (string Project, string Name, string Annual)[] indicators)
    {
        var d = new Submission { Kind = kind, Department = "示例局", BudgetYear = year };
        var list = indicators.Select(i => new Indicator { Name = i.Name, Annual = TargetValueParser.Parse(i.Annual, i.Name) }).ToList();
        if (kind == SubmissionKind.DepartmentOverall) d.Overall = new DepartmentOverall { Indicators = list };
        else d.Units.Add(new FundingUnit { Name = "中心", Projects = indicators.Select((i, k) => new Project { Name = i.Project, Indicators = { list[k] } }).ToList() });
        return d;
    }

    [Test]
    public void IndicatorClashes_are_the_same_names_with_other_quantified_targets()
    {
        var overall = Table(SubmissionKind.DepartmentOverall, null, ("", "带动农户人数", "≥10万人"), ("", "转移就业人数", "≥1.4万人"), ("", "社会影响力", "较好"), ("", "活动次数", "10次以上优秀；8-10次良好"));
        var projects = Table(SubmissionKind.ProjectTargets, null,
            ("项目甲", "带动农户人数", "≥30万人"), ("项目乙", "转移就业 人数", "≥14000人"), ("项目丙", "社会影响力", "提升"),
            ("项目丁", "活动次数", "10次"), ("项目戊", "带动农户人数", "≥100000人"));
        IndicatorClashes(overall, new[] { projects }).Select(c => c.Text).ShouldBe(new[]
        {
            "指标“带动农户人数”：部门整体表的年度指标值为“≥10万人”，项目“项目甲”为“≥30万人”",
            "指标“活动次数”：部门整体表的年度指标值为“10次以上优秀；8-10次良好”，项目“项目丁”为“10次”",
        });
        IndicatorClashes(projects, new[] { projects }).ShouldBeEmpty();
    }

    [Test]
    public void YearNote_says_when_the_years_are_unknown_or_differ()
    {
        Submission T(SubmissionKind k, int? y) => Table(k, y);
        var o = SubmissionKind.DepartmentOverall;
        var p = SubmissionKind.ProjectTargets;
        YearNote(T(o, 2025), new[] { T(p, 2025) }).ShouldBe("");
        YearNote(T(o, null), new[] { T(p, null) }).ShouldBe("两类表都没有写明预算年度，按同一年度核对");
        YearNote(T(o, 2025), new[] { T(p, null) }).ShouldBe("预算年度：部门整体表 2025 年，项目支出表未写明，未写明的按同一年度核对");
        YearNote(T(o, 2025), new[] { T(p, 2024) }).ShouldBe("预算年度不同：部门整体表 2025 年，项目支出表 2024 年，请核对是否为同一年度的表");
        YearNote(T(o, 2025), new[] { T(p, 2025), T(p, 2024) }).ShouldBe("预算年度不同：部门整体表 2025 年，项目支出表 2025 年、2024 年，请核对是否为同一年度的表");
    }

    // ---- the budget: a rule cannot make these helpers work without bounds -----------------------

    private static string OneRule(string assert, string let) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: project
            let:
              big: '{{let.Replace("'", "''")}}'
            assert: '{{assert.Replace("'", "''")}}'
            message: 失败
        """;

    [TestCase("SharedRun(big, big) > 0", "new string('a', 100000)", TestName = "Budget: SharedRun of two long strings")]
    [TestCase("TextSimilarity(big, big) > 0", "new string('a', 5000000)", TestName = "Budget: TextSimilarity of a long string")]
    [TestCase("Figures(big).Count > 0", "new string('1', 5000000)", TestName = "Budget: Figures of a long string")]
    public void A_helper_over_a_string_the_rule_built_is_bounded(string assert, string let)
    {
        var rules = RuleTestSupport.CompileText(OneRule(assert, let))
            .WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.FromSeconds(30), AllocationBudget = 64L * 1024 * 1024 });
        var doc = CanonicalReader.Parse("units: [ { name: 中心, projects: [ { name: 项目 } ] } ]");
        var f = rules.Evaluate(doc).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue(f.Message);
        f.Message.ShouldMatch("内存上限|大小");
    }
}
