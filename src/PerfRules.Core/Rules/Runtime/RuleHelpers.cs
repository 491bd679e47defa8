using System.Buffers;
using System.Runtime.Intrinsics;
using System.Text;
using System.Globalization;
using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Functions every rule expression can call unqualified (<c>using static</c>). Keep them pure:
/// rules must not depend on anything but the submission.
/// </summary>
public static class RuleHelpers
{
    /// <summary>Default amount tolerance: half a unit in the second decimal place (0.005 万元).</summary>
    public const decimal Tolerance = 0.005m;

    /// <summary>True when two amounts differ by at most <paramref name="tol"/>.</summary>
    public static bool Near(decimal a, decimal b, decimal tol = Tolerance) => Math.Abs(a - b) <= tol;

    /// <summary>True when both are null, or both present and near.</summary>
    public static bool Near(decimal? a, decimal? b, decimal tol = Tolerance) =>
        a is null ? b is null : b is not null && Near(a.Value, b.Value, tol);

    /// <summary>An amount with thousands separators and two decimals (1,493.57); （空） for none.</summary>
    public static string Fmt(decimal? value) =>
        value is null ? "（空）" : Grouped(value.Value, "N2", trimZeros: false);

    /// <summary>
    /// <c>value.ToString("#,##0.00")</c> and <c>value.ToString("#,##0.##########")</c> (invariant culture) through the
    /// standard N format, which rounds the same exact digits the same way (half away from zero) and groups them the
    /// same way, without parsing a custom pattern for every value (evidence and messages format several a finding);
    /// for the second the zeros after the point are trimmed as # does. A property test holds them to the patterns.
    /// </summary>
    internal static string Grouped(decimal value, string format, bool trimZeros)
    {
        // At most 29 digits, 9 group separators, a sign, a point and 10 decimals.
        Span<char> text = stackalloc char[64];
        if (!value.TryFormat(text, out var n, format, CultureInfo.InvariantCulture))
            return value.ToString(trimZeros ? "#,##0.##########" : "#,##0.00", CultureInfo.InvariantCulture);
        if (trimZeros)
        {
            while (text[n - 1] == '0') n--;
            if (text[n - 1] == '.') n--;
        }
        return new string(text[..n]);
    }

    /// <summary>The money unit of a table (单位：万元); 万元 when the table does not say (PR005).</summary>
    public static string MoneyUnit(string? unit) => string.IsNullOrWhiteSpace(unit) ? "万元" : unit.Trim();

    /// <summary>An amount with its unit: 1,493.57 万元; （空） for none.</summary>
    public static string Money(decimal? value, string? unit = null) =>
        value is null ? "（空）" : $"{Fmt(value)} {MoneyUnit(unit)}";

    /// <summary>
    /// Which side is larger, and by how much, in words: 项目金额之和比单位金额多 63.00 万元
    /// (<paramref name="left"/> against <paramref name="right"/>); …与…相等 when they are equal.
    /// </summary>
    public static string Difference(string left, decimal a, string right, decimal b, string? unit = null) =>
        a == b ? $"{left}与{right}相等"
            : $"{left}比{right}{(a > b ? "多" : "少")} {Money(Math.Abs(a - b), unit)}";

    /// <summary>
    /// The index of the first figure at which the running total of <paramref name="values"/> (nulls
    /// count as nothing) goes past <paramref name="limit"/> by more than <paramref name="tol"/>; -1 if it never does.
    /// </summary>
    public static int FirstPast(IEnumerable<decimal?> values, decimal limit, decimal tol = Tolerance)
    {
        decimal sum = 0m;
        var i = 0;
        foreach (var v in values)
        {
            sum += v ?? 0m;
            if (sum > limit + tol) return i;
            i++;
        }
        return -1;
    }

    /// <summary>The sum of the figures that are present (nulls count as nothing).</summary>
    public static decimal Sum(IEnumerable<decimal?> values) => values.Sum(v => v ?? 0m);

    /// <summary>The sum of the figures.</summary>
    public static decimal Sum(IEnumerable<decimal> values) => values.Sum();

    /// <summary>The first (leading) decimal digit of a number: 23 → 2.</summary>
    public static int FirstDigit(int n)
    {
        n = Math.Abs(n);
        while (n >= 10) n /= 10;
        return n;
    }

    /// <summary>Joins the parts of a message: 甲；乙. Size-checked like string.Join in a rule (the parts may be the rule's own long strings).</summary>
    public static string Join(IEnumerable<string> parts) => RunGuard.Join("；", parts);

    /// <summary>Named amounts as printed in a message: 基本支出 4,381.54 万元 + 项目支出 270,769.27 万元.</summary>
    public static string Parts(IEnumerable<NamedAmount> amounts, string? unit = null) =>
        string.Join(" + ", amounts.Select(a => $"{a.Name} {Money(a.Value, unit)}"));

    /// <summary>
    /// Where a row's amounts differ from the sum of the rows under it, one line per column: 总计,
    /// and every source column that the text reveals in the row and in all its parts, each with
    /// which side is larger: 总计 100.00 万元 ≠ 各项目之和 163.00 万元（各项目之和比总计多 63.00 万元，允许误差 ±0.005 万元）.
    /// Figures whose column is not known are covered by the 总计 comparison.
    /// </summary>
    public static List<string> SumMismatches(Amounts whole, IEnumerable<Amounts> parts, string partsLabel, string? unit = null, decimal tol = Tolerance)
    {
        var result = new List<string>();
        foreach (var (column, wholeValue, partsValue) in ColumnsOffTheirSum(whole, parts, tol))
            result.Add($"{column} {Money(wholeValue, unit)} ≠ {partsLabel} {Money(partsValue, unit)}（{Difference(partsLabel, partsValue, column, wholeValue, unit)}，允许误差 ±{tol.ToString(CultureInfo.InvariantCulture)} {MoneyUnit(unit)}）");
        return result;
    }

    /// <summary>What each column that <see cref="SumMismatches"/> reports would be if it were the sum of the parts: 总计应为 163.00 万元.</summary>
    public static List<string> SumCorrections(Amounts whole, IEnumerable<Amounts> parts, string? unit = null, decimal tol = Tolerance)
    {
        var result = new List<string>();
        foreach (var (column, _, partsValue) in ColumnsOffTheirSum(whole, parts, tol))
            result.Add($"{column}应为 {Money(partsValue, unit)}");
        return result;
    }

    // A column whose row is not the sum of its parts (a class, not a tuple: a list of tuples with decimals is
    // generic code ReadyToRun cannot hold, JIT-compiled in every run).
    private sealed record ColumnOff(string Column, decimal Whole, decimal Parts);

    // The columns of a row that are not the sum of its parts: 总计, then each source column the row or a part names.
    private static List<ColumnOff> ColumnsOffTheirSum(Amounts whole, IEnumerable<Amounts> parts, decimal tol)
    {
        // Plain loops: this runs for every unit and 合计 of every document, and nearly always passes.
        var list = parts as IReadOnlyList<Amounts> ?? parts.ToList();
        var result = new List<ColumnOff>();
        void Compare(string column, decimal? wholeValue, decimal partsValue)
        {
            if (wholeValue is null || Near(wholeValue.Value, partsValue, tol)) return;
            result.Add(new ColumnOff(column, wholeValue.Value, partsValue));
        }
        decimal total = 0m;
        bool unplaced = whole.Unplaced.Count > 0;
        for (int i = 0; i < list.Count; i++)
        {
            total += list[i].Total ?? 0m;
            unplaced |= list[i].Unplaced.Count > 0;
        }
        Compare(ColumnNames.Total, whole.Total, total);
        if (unplaced) return result;
        // Every column the row or a part names, in order of first appearance.
        var columns = new List<string>();
        foreach (var c in whole.Sources) if (!columns.Contains(c.Column)) columns.Add(c.Column);
        for (int i = 0; i < list.Count; i++)
            foreach (var c in list[i].Sources) if (!columns.Contains(c.Column)) columns.Add(c.Column);
        foreach (var column in columns)
        {
            decimal sum = 0m;
            for (int i = 0; i < list.Count; i++) sum += list[i].Column(column) ?? 0m;
            Compare(column, whole.Column(column) ?? 0m, sum);
        }
        return result;
    }

    // ---------------------------------------------------------------- where a finding points (at:)

    /// <summary>The smallest span covering both (either may be null): two values that disagree, a code and its name.</summary>
    public static SourceSpan? Cover(SourceSpan? a, SourceSpan? b) => a is null ? b : b is null ? a : a.Union(b);

    /// <summary>
    /// The figure of the first column that <see cref="SumMismatches"/> reports (总计, else a source
    /// column), where the text gives its place; null when it does not (a model read from YAML).
    /// </summary>
    public static SourceSpan? MismatchSpan(Amounts whole, IEnumerable<Amounts> parts, decimal tol = Tolerance)
    {
        foreach (var (column, _, _) in ColumnsOffTheirSum(whole, parts, tol))
            if (whole.SpanOf(column) is { } span) return span;
        return null;
    }

    // ---------------------------------------------------------------- across documents

    /// <summary>
    /// What a cross-document finding says about the tables' budget years (预算年度), in Chinese, as a
    /// clause without brackets: empty when every table states the same year; else which years are
    /// stated, unknown or different (the comparison assumes one budget year).
    /// </summary>
    public static string YearNote(Submission overall, IEnumerable<Submission> projectTables)
    {
        var years = projectTables.Select(d => d.BudgetYear).ToList();
        var o = overall.BudgetYear;
        if (o is not null && years.All(y => y == o)) return "";
        if (o is null && years.All(y => y is null)) return "两类表都没有写明预算年度，按同一年度核对";
        var distinct = years.Distinct().ToList();
        var projects = distinct.Count == 1 ? Year(distinct[0]) : " " + string.Join("、", distinct.Select(y => y is null ? "未写明" : $"{y} 年"));
        if (o is null || years.Any(y => y is null))
            return $"预算年度：部门整体表{Year(o)}，项目支出表{projects}，未写明的按同一年度核对";
        return $"预算年度不同：部门整体表{Year(o)}，项目支出表{projects}，请核对是否为同一年度的表";

        static string Year(int? y) => y is null ? "未写明" : $" {y} 年";
    }

    /// <summary>
    /// An indicator of a department-overall table and an indicator of the same name in a project of
    /// the department's project table whose annual values set different targets (PR515).
    /// </summary>
    public sealed record IndicatorClash(Indicator Overall, Project Project, Indicator Other)
    {
        /// <summary>指标“…”：部门整体表的年度指标值为“…”，项目“…”为“…”.</summary>
        public string Text =>
            $"指标“{Overall.Name}”：部门整体表的年度指标值为“{Overall.Annual.Text.Trim()}”，项目“{Project.Name}”为“{Other.Annual.Text.Trim()}”";

        /// <summary>As <see cref="Text"/> (what a finding's evidence shows).</summary>
        public override string ToString() => Text;
    }

    /// <summary>
    /// Each indicator of <paramref name="overall"/>'s indicator grid that a project of
    /// <paramref name="projectTables"/> also has (same name, white space aside) with an annual value
    /// that sets another target (<see cref="ValueConsistency.DifferentTargets"/>): ≥10万人 against
    /// ≥30万人, a graded scale against 10次. Words against words (提升, 较好) are not compared.
    /// </summary>
    public static List<IndicatorClash> IndicatorClashes(Submission overall, IEnumerable<Submission> projectTables)
    {
        var result = new List<IndicatorClash>();
        if (overall.Overall is not { Indicators.Count: > 0 } o) return result;
        var byName = new Dictionary<string, List<Indicator>>(StringComparer.Ordinal);
        foreach (var i in o.Indicators)
        {
            var key = Key(i.Name);
            if (key.Length == 0) continue;
            if (!byName.TryGetValue(key, out var list)) byName[key] = list = new List<Indicator>(1);
            list.Add(i);
        }
        var found = new List<(Indicator Overall, int Order, IndicatorClash Clash)>();
        foreach (var table in projectTables)
            foreach (var p in table.Projects)
                foreach (var i in p.Indicators)
                {
                    if (!byName.TryGetValue(Key(i.Name), out var same)) continue;
                    foreach (var x in same)
                        if (ValueConsistency.DifferentTargets(x.Annual, i.Annual))
                            found.Add((x, o.Indicators.IndexOf(x), new IndicatorClash(x, p, i)));
                }
        // In the order of the department-overall grid, then of the project tables.
        result.AddRange(found.OrderBy(f => f.Order).Select(f => f.Clash));
        return result;

        static string Key(string name) => string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
    }

    /// <summary>Why the cycle and annual values disagree (PR401), in Chinese; null when they agree.</summary>
    public static string? Inconsistency(TargetValue cycle, TargetValue annual) =>
        ValueConsistency.Compare(cycle, annual)?.Description;

    /// <summary>The level-1 indicators of the code table that have a code, as a fix names them: 1-产出指标、2-效益指标、3-满意度指标.</summary>
    public static string Level1Choices(CodeTable codes) =>
        string.Join("、", codes.Level1.Where(l => l.Code is not null).Select(l => $"{l.Code}-{l.Name}"));

    /// <summary>
    /// How a known level-2 name is coded (二级指标“数量指标”的代码是 11，写作“11-数量指标”), preferring
    /// one under the given level-1 name; null when the name is not coded in the table.
    /// </summary>
    public static string? Level2CodeHint(CodeTable codes, string name, string? level1Name) =>
        codes.Level2EntryByName(name, level1Name) is { Code: { } code } e
            ? "二级指标“" + e.Name + "”的代码是 " + code + "，写作“" + code + "-" + e.Name + "”"
            : null;

    /// <summary>The first indicator whose number is not its position (1, 2, 3, …), or null.</summary>
    public static Indicator? FirstOutOfSequence(IEnumerable<Indicator> indicators)
    {
        // Indexed for a list (PR206 asks it of every project): no enumerator.
        if (indicators is IReadOnlyList<Indicator> list)
        {
            for (var i = 0; i < list.Count; i++)
                if (list[i].Seq != i + 1) return list[i];
            return null;
        }
        var k = 0;
        foreach (var i in indicators)
            if (i.Seq != ++k) return i;
        return null;
    }

    /// <summary>
    /// The coded level-2 indicators under a level-1 indicator (found by its code, else by its name):
    /// 11-数量指标、12-质量指标、13-时效指标、14-成本指标; empty when the level-1 indicator is not in the table.
    /// </summary>
    public static string Level2Choices(CodeTable codes, CodeName level1)
    {
        var entry = (level1.Code is { } c ? codes.Level1ByCode(c) : null) ?? codes.Level1ByName(level1.Name);
        return entry is null ? "" : string.Join("、", entry.Level2.Where(l => l.Code is not null).Select(l => $"{l.Code}-{l.Name}"));
    }

    /// <summary>What to change so that the cycle and annual values agree (PR401's fix), in Chinese; null when they agree.</summary>
    public static string? InconsistencyFix(TargetValue cycle, TargetValue annual)
    {
        if (ValueConsistency.Compare(cycle, annual) is not { } problem) return null;
        string c = $"“{cycle.Text.Trim()}”", a = $"“{annual.Text.Trim()}”";
        var scale = cycle.Kind == ValueKind.GradedScale || annual.Kind == ValueKind.GradedScale;
        return problem.Kind switch
        {
            InconsistencyKind.NumberVsText when IsQuantified(annual) =>
                $"将实施周期指标值{c}改为可考核的目标，与年度指标值{a}相对应",
            InconsistencyKind.NumberVsText => $"将年度指标值{a}改为可考核的目标，与实施周期指标值{c}相对应",
            InconsistencyKind.DifferentComparators when scale => $"两个值都写成分级标准，或都写成单一目标值（实施周期为{c}，年度为{a}）",
            InconsistencyKind.DifferentComparators => $"两个值使用同一比较方式：都写{c}，或都写{a}",
            InconsistencyKind.DifferentUnits => $"两个值使用同一单位和写法：按实际目标改正实施周期指标值{c}或年度指标值{a}",
            InconsistencyKind.AnnualBeyondCycle => $"将年度指标值{a}改为不超过实施周期指标值{c}，或核对实施周期指标值",
            InconsistencyKind.AnnualDeadlineLater => $"将年度指标值{a}的期限提前到实施周期指标值{c}之前（或同时），或核对实施周期的期限",
            InconsistencyKind.AnnualBoundLooser => $"将年度指标值{a}改为不比实施周期指标值{c}宽松的时限，或核对实施周期指标值",
            _ => $"核对并统一实施周期指标值{c}与年度指标值{a}",
        };

        static bool IsQuantified(TargetValue v) =>
            v.Number is not null || v.Kind == ValueKind.Deadline || (v.Kind == ValueKind.GradedScale && v.Grades is { Count: > 0 });
    }

    /// <summary>The values of an indicator that are not targets, each with why: 实施周期指标值“…”是计算公式.</summary>
    public static List<string> NotTargets(Indicator indicator)
    {
        var result = new List<string>();
        // PR403 asks this of every indicator, and nearly every value is a target: no pairs to walk then.
        if (indicator.Cycle.Kind != ValueKind.NotATarget && indicator.Annual.Kind != ValueKind.NotATarget) return result;
        foreach (var (label, value) in new[] { ("实施周期指标值", indicator.Cycle), ("年度指标值", indicator.Annual) })
            if (value.Kind == ValueKind.NotATarget)
                result.Add($"{label}“{value.Text}”{Why(value.Reason)}");
        return result;

        static string Why(string? reason) => reason switch
        {
            NotATargetReason.Formula => "是计算公式",
            NotATargetReason.ScoringRule => "是评分规则",
            NotATargetReason.RestatedName => "只重复了指标名称",
            NotATargetReason.MeasureName => "只写了一个指标名称",
            _ => "不是目标值",
        };
    }

    // ---------------------------------------------------------------- keyword lists (per indicator)

    /// <summary>
    /// The first of <paramref name="words"/> that <paramref name="text"/> contains (ordinal, as
    /// string.Contains), or null. What <c>words.FirstOrDefault(w =&gt; text.Contains(w))</c> says,
    /// without the lambda: a lambda that reads the rule's object makes the rule allocate a closure
    /// on every object, and the enumerator of the list another.
    /// </summary>
    public static string? FirstContained(string? text, IReadOnlyList<string> words)
    {
        if (text is null) return null;
        // A parameter list rules out most texts in one scan; a text that may hold a word is searched as before (list order).
        if (words is KeywordList list && !list.MayContainAny(text)) return null;
        for (var k = 0; k < words.Count; k++)
            if (RunGuard.Str(text)!.Contains(RunGuard.Str(words[k])!, StringComparison.Ordinal)) return words[k];
        return null;
    }

    /// <summary>Whether <paramref name="text"/> contains any of <paramref name="words"/> (ordinal): <see cref="FirstContained"/> is not null.</summary>
    public static bool ContainsAny(string? text, IReadOnlyList<string> words) => FirstContained(text, words) is not null;

    /// <summary>Whether <paramref name="text"/> starts with any of <paramref name="words"/> (as string.StartsWith(string), culture-sensitive like it).</summary>
    public static bool StartsWithAny(string? text, IReadOnlyList<string> words)
    {
        if (text is null) return false;
        for (var k = 0; k < words.Count; k++)
            if (CultureStartsWith(RunGuard.Str(text)!, RunGuard.Str(words[k])!)) return true;
        return false;
    }

    /// <summary>
    /// <c>text.StartsWith(word)</c> (the current culture's compare: it ignores zero-width characters, so it
    /// stays), answered ordinally when both sides are CJK Unified Ideographs (U+4E00–U+9FFF) as far as the
    /// compare can look (the whole word, the text up to one character past the word's length) and the culture
    /// is one of <see cref="IdeographCultures"/>. Under those an ideograph is never ignorable and of two
    /// ideographs neither's collation weights start the other's (a test asks every one of them), so the two
    /// answers agree; anything else (a zero-width or combining character, Latin, punctuation, another culture)
    /// goes to the culture's compare.
    /// </summary>
    internal static bool CultureStartsWith(string text, string word)
    {
        if (word.Length > 0 && AllIdeographs(word) && AllIdeographs(text.AsSpan(0, Math.Min(text.Length, word.Length + 1)))
            && IdeographsOrdinal())
            return text.StartsWith(word, StringComparison.Ordinal);
        return text.StartsWith(word);

        // A loop (the words and prefixes are a few characters): the generic range search boxed a char per call in unoptimised code.
        static bool AllIdeographs(ReadOnlySpan<char> s)
        {
            foreach (var c in s)
                if ((uint)(c - '\u4E00') > '\u9FFF' - '\u4E00') return false;
            return true;
        }
    }

    /// <summary>The cultures (by their compare's name; "" is the invariant one, what C.UTF-8 gives) under which the test of <see cref="CultureStartsWith"/> holds.</summary>
    internal static readonly string[] IdeographCultures =
        { "", "en", "en-US", "en-GB", "zh", "zh-CN", "zh-SG", "zh-Hans", "zh-TW", "zh-HK", "zh-MO", "zh-Hant", "ja", "ja-JP", "ko", "ko-KR" };

    private sealed record IdeographCompare(System.Globalization.CompareInfo Compare, bool Ordinal);
    private static IdeographCompare? _ideographCompare;

    // The answer for the current culture's compare, kept for the last one asked (cultures' CompareInfo objects are shared).
    private static bool IdeographsOrdinal()
    {
        var compare = System.Globalization.CultureInfo.CurrentCulture.CompareInfo;
        var known = _ideographCompare;
        if (known is null || !ReferenceEquals(known.Compare, compare))
            _ideographCompare = known = new IdeographCompare(compare, Array.IndexOf(IdeographCultures, compare.Name) >= 0);
        return known.Ordinal;
    }

    /// <summary>
    /// The names that more than one of <paramref name="indicators"/> has, each once, in order of
    /// first appearance (what GroupBy(i =&gt; i.Name).Where(g =&gt; g.Count() &gt; 1) gives), without
    /// the groups: a project's indicators nearly never repeat a name.
    /// </summary>
    public static List<string> DuplicateNames(IReadOnlyList<Indicator> indicators)
    {
        RunGuard.Size(indicators.Count, 8);
        var result = new List<string>();
        HashSet<string>? seen = null;
        for (var k = 1; k < indicators.Count; k++)
        {
            var name = indicators[k].Name;
            // Small lists (a project's) by comparison, large ones by a set.
            bool before;
            if (k < 32)
            {
                before = false;
                for (var j = 0; j < k && !before; j++) before = indicators[j].Name == name;
            }
            else
            {
                if (seen is null) { seen = new HashSet<string>(StringComparer.Ordinal); for (var j = 0; j < k; j++) seen.Add(indicators[j].Name); }
                before = !seen.Add(name);
            }
            if (before) result.Add(name);
        }
        if (result.Count < 2) return result;
        // Each name once, in order of its first appearance among the indicators (GroupBy's order of keys).
        var ordered = new List<string>(result.Count);
        for (var k = 0; k < indicators.Count; k++)
            if (result.Contains(indicators[k].Name) && !ordered.Contains(indicators[k].Name)) ordered.Add(indicators[k].Name);
        return ordered;
    }

    /// <summary>The length of <see cref="Differing"/> (no string made: PR512 asks it of every pair of projects).</summary>
    public static int DifferingLength(string name, string other) => DifferingPart(name, other).Length;

    /// <summary>Whether <paramref name="text"/> contains <see cref="Differing"/>(<paramref name="name"/>, <paramref name="other"/>) (ordinal; an empty part is contained in any text), no string made.</summary>
    public static bool ContainsDiffering(string text, string name, string other) =>
        RunGuard.Str(text)!.AsSpan().IndexOf(DifferingPart(name, other), StringComparison.Ordinal) >= 0;

    // ---------------------------------------------------------------- review rules (PR5xx)

    /// <summary>A number as written in a message: 85, 0.5, 1,000 (no trailing zeros); （空） for none.</summary>
    public static string Num(decimal? value) =>
        value is null ? "（空）" : Grouped(value.Value, "N10", trimZeros: true);

    /// <summary>A figure in running text: 投产企业30家 is 30 家, with the words 投产企业 before it.</summary>
    public sealed record Figure(string Text, string Words, decimal Number, string Unit);

    private static readonly SearchValues<char> FigureDigits = SearchValues.Create("0123456789０１２３４５６７８９");

    /// <summary>
    /// Whether <paramref name="text"/> has a digit a figure can start with (ASCII or full width): a text
    /// without one has no <see cref="Figures"/> (PR510 asks this in <c>when</c>, so that the projects
    /// whose goal has no figure do not build its query).
    /// </summary>
    public static bool HasFigureDigit(string? text) => text is not null && text.AsSpan().IndexOfAny(FigureDigits) >= 0;

    /// <summary>Every number with a unit in a text (a goal), scaled like values (1.4万人 → 14000 人).</summary>
    public static List<Figure> Figures(string? text)
    {
        RunGuard.Size(text?.Length ?? 0, 64);
        // A figure's number starts with a digit (ASCII, or full width before the value's cleaning): most goals
        // have none, and PR510 asks this of every project.
        if (!HasFigureDigit(text)) return new List<Figure>();
        var found = TargetValueParser.FiguresIn(text);
        // Copied into our own record: a rule may name RuleHelpers' types, not the Values layer's (AllowList).
        var figures = new List<Figure>(found.Count);
        foreach (var f in found) figures.Add(new Figure(f.Text, f.Words, f.Number, f.Unit));
        return figures;
    }

    /// <summary>
    /// Jaccard similarity of two collections taken as sets: |A ∩ B| / |A ∪ B|, from 0 to 1 (0 when
    /// both are empty). Elements compare by value (strings, tuples, numbers).
    /// </summary>
    public static decimal Jaccard<T>(IEnumerable<T> a, IEnumerable<T> b)
    {
        var left = a.ToHashSet();
        var right = b.ToHashSet();
        var union = left.Count + right.Count;
        if (union == 0) return 0m;
        var both = left.Count(right.Contains);
        return (decimal)both / (union - both);
    }

    /// <summary>
    /// How alike two projects' indicator sets are: the Jaccard similarity of their (name, annual
    /// value as written) pairs, from 0 to 1.
    /// </summary>
    public static decimal IndicatorSimilarity(Project a, Project b) => JaccardOf(ProjectKeys.Of(a).Pairs, ProjectKeys.Of(b).Pairs);

    /// <summary>
    /// How alike two projects' goals are: <see cref="TextSimilarity"/> of their goal texts, from the
    /// character pairs each project keeps once (PR509 compares every pair of projects).
    /// </summary>
    public static decimal GoalSimilarity(Project a, Project b) => JaccardOf(ProjectKeys.Of(a).Bigrams, ProjectKeys.Of(b).Bigrams);

    // The sets PR508 and PR509 compare are arrays without repeats: a project's (indicator name, annual
    // value) pairs sorted (by a hash of a few of their characters, then ordinal) and counted in one merge of two; its goal's character pairs in
    // order of first appearance, counted through a small hash table (no sort: a goal's pairs are many
    // and most pairs of projects are decided by the sets' sizes alone). Not generic: ReadyToRun code
    // of a generic method over them looks its instantiation up at every call.

    /// <summary>Jaccard of two sets: |A ∩ B| / |A ∪ B|, 0 when both are empty.</summary>
    private static decimal JaccardOf(PairKey[] a, PairKey[] b) => Jaccard(a.Length, b.Length, Shared(a, b));

    /// <inheritdoc cref="JaccardOf(PairKey[], PairKey[])"/>
    private static decimal JaccardOf(int[] a, int[] b) => Jaccard(a.Length, b.Length, Shared(a, b));

    private static decimal Jaccard(int a, int b, int both) => a + b == 0 ? 0m : (decimal)both / (a + b - both);

    /// <summary>
    /// Exactly <c>Jaccard(a, b, both) &gt;= threshold</c> for sets of <paramref name="a"/> and <paramref name="b"/>
    /// elements sharing <paramref name="both"/>, without the decimal division for the pairs that are clearly
    /// above or below it (PR508 and PR509 ask it of every pair of projects).
    /// </summary>
    private static bool JaccardAtLeast(int a, int b, int both, in Threshold threshold) =>
        a + b == 0 ? threshold.ZeroPasses : threshold.AtMost(both, a + b - both);

    /// <summary>|A ∩ B| of two sets of pairs.</summary>
    private static int Shared(PairKey[] a, PairKey[] b)
    {
        int i = 0, j = 0, both = 0;
        while (i < a.Length && j < b.Length)
        {
            var c = PairKey.Compare(a[i], b[j]);
            if (c == 0) { both++; i++; j++; }
            else if (c < 0) i++;
            else j++;
        }
        return both;
    }

    /// <summary>|A ∩ B| of two sets of character pairs (<see cref="BigramSet"/>: no repeats, any order, never 0).</summary>
    private static int Shared(int[] a, int[] b)
    {
        if (a.Length > b.Length) (a, b) = (b, a);
        if (a.Length == 0) return 0;
        var size = IntTable.SizeFor(a.Length);
        if (size > IntTable.OnStack) return SharedBySorting(a, b);
        // The smaller set in a table, the larger looked up in it.
        var table = new IntTable(stackalloc int[size]);
        foreach (var x in a) table.Add(x);
        var both = 0;
        foreach (var x in b)
            if (table.Contains(x)) both++;
        return both;
    }

    /// <summary><see cref="Shared(int[], int[])"/> of sets too large for a table on the stack: sorted copies merged.</summary>
    private static int SharedBySorting(int[] a, int[] b)
    {
        var x = ArrayPool<int>.Shared.Rent(a.Length);
        var y = ArrayPool<int>.Shared.Rent(b.Length);
        try
        {
            a.CopyTo(x, 0);
            b.CopyTo(y, 0);
            var p = x.AsSpan(0, a.Length);
            var q = y.AsSpan(0, b.Length);
            p.Sort();
            q.Sort();
            int i = 0, j = 0, both = 0;
            while (i < p.Length && j < q.Length)
            {
                if (p[i] == q[j]) { both++; i++; j++; }
                else if (p[i] < q[j]) i++;
                else j++;
            }
            return both;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(x);
            ArrayPool<int>.Shared.Return(y);
        }
    }

    /// <summary>Sorts <paramref name="items"/> and moves each value once to its front; the count of distinct values.</summary>
    private static int SortedDistinct(Span<int> items)
    {
        items.Sort();
        var u = 0;
        for (var k = 0; k < items.Length; k++)
            if (u == 0 || items[u - 1] != items[k]) items[u++] = items[k];
        return u;
    }

    /// <summary>
    /// An open-addressing set of ints other than 0 in a caller's buffer on the stack (its length a power of
    /// two, at least 16 and twice the count; 0 marks a free slot): a goal's character pairs, deduplicated and
    /// compared without sorting them.
    /// </summary>
    private readonly ref struct IntTable
    {
        /// <summary>The most slots a caller takes on the stack (16 KB).</summary>
        public const int OnStack = 4096;

        private readonly Span<int> _slots;
        private readonly int _shift;

        public IntTable(Span<int> slots)
        {
            slots.Clear();
            _slots = slots;
            _shift = 32 - System.Numerics.BitOperations.Log2((uint)slots.Length);
        }

        /// <summary>The slots for <paramref name="count"/> values: a power of two, at least 16 and twice the count.</summary>
        public static int SizeFor(int count) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * count));

        // Fibonacci hashing: the high bits of the product, so that both characters of a pair count.
        private int Slot(int x) => (int)(((uint)x * 0x9E3779B1u) >> _shift);

        /// <summary>Adds <paramref name="x"/> (not 0); false when it was there already.</summary>
        public bool Add(int x)
        {
            var mask = _slots.Length - 1;
            for (var h = Slot(x); ; h = (h + 1) & mask)
            {
                var s = _slots[h];
                if (s == x) return false;
                if (s == 0) { _slots[h] = x; return true; }
            }
        }

        public bool Contains(int x)
        {
            var mask = _slots.Length - 1;
            for (var h = Slot(x); ; h = (h + 1) & mask)
            {
                var s = _slots[h];
                if (s == x) return true;
                if (s == 0) return false;
            }
        }
    }

    /// <summary>
    /// A decimal threshold for quotients, with its double and the margin around it (made once per
    /// helper call, not per pair of projects): <see cref="AtMost(int, int)"/> is exactly
    /// <c>num / den &gt;= threshold</c> in decimal arithmetic, decided in double where the quotient is
    /// clearly on one side (a double is within 1e-15 of it, far inside the margin), by the decimal
    /// division itself where it is close.
    /// </summary>
    private readonly struct Threshold
    {
        public readonly decimal Value;
        /// <summary>0 &gt;= threshold: what a quotient of two empty sets, or a ratio without amounts, is held to.</summary>
        public readonly bool ZeroPasses;
        private readonly double _value;
        private readonly double _margin;

        public Threshold(decimal value)
        {
            Value = value;
            ZeroPasses = 0m >= value;
            _value = (double)value;
            _margin = 1e-9 * Math.Max(1.0, Math.Abs(_value));
        }

        /// <summary>Exactly <c>num / den &gt;= threshold</c> for counts (<paramref name="den"/> not 0; converted to double exactly, no decimal conversion).</summary>
        public bool AtMost(int num, int den) => AtMost((double)num / den, num, den);

        /// <summary>The same with <paramref name="q"/> = (double)num / (double)den worked out by the caller.</summary>
        public bool AtMost(double q, decimal num, decimal den)
        {
            if (q > _value + _margin) return true;
            if (q < _value - _margin) return false;
            return num / den >= Value;
        }

        /// <summary>Exactly <c>Math.Max(x, y) / Math.Min(x, y) &gt;= threshold</c> (both more than 0), with <paramref name="q"/> that quotient in double.</summary>
        public bool RatioAtMost(double q, decimal x, decimal y)
        {
            if (q > _value + _margin) return true;
            if (q < _value - _margin) return false;
            return Math.Max(x, y) / Math.Min(x, y) >= Value;
        }
    }

    /// <summary>
    /// Whether the most that a Jaccard similarity can be for sets of these sizes (|A ∩ B| ≤ min, |A ∪ B| ≥ max:
    /// min / max, 0 for two empty sets) is at least <paramref name="threshold"/>, exactly as that decimal quotient.
    /// </summary>
    private static bool BoundAtLeast(int a, int b, in Threshold threshold) =>
        a == 0 && b == 0 ? threshold.ZeroPasses : threshold.AtMost(Math.Min(a, b), Math.Max(a, b));

    /// <summary>Exactly <c>AmountRatio(a, b) &gt;= ratio</c> (<see cref="Threshold"/>), from the amounts the keys keep.</summary>
    private static bool AmountRatioAtLeast(ProjectKeys a, ProjectKeys b, in Threshold ratio)
    {
        double x = a.TotalDouble, y = b.TotalDouble;
        if (x == 0 || y == 0) return ratio.ZeroPasses;
        // (double)Math.Max of the amounts is Math.Max of their doubles: the conversion keeps order.
        return ratio.RatioAtMost(Math.Max(x, y) / Math.Min(x, y), a.Total!.Value, b.Total!.Value);
    }

    /// <summary>The least count that is at least <paramref name="minimum"/> (counts are whole and not negative), so that counts compare as ints.</summary>
    private static long LeastCount(decimal minimum) => minimum <= 0m ? 0 : minimum >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(minimum);

    /// <summary>
    /// An (indicator name, annual value) pair as PR508 and PR509 compare it: equal exactly when both strings are
    /// (ordinal, as the tuples' equality was). Ordered by a hash of the strings' lengths and a few of their
    /// characters first, so that the merge of two projects' sets (PR508 and PR509 make one for most pairs of
    /// projects) compares two ints where it compared two strings, which share long prefixes (…满意度, …完成率);
    /// the strings only where the hashes are equal. Any order that keeps equal pairs together counts the same.
    /// </summary>
    private readonly struct PairKey
    {
        public readonly int Hash;
        public readonly string Name;
        public readonly string Value;

        public PairKey(string name, string value)
        {
            Name = name;
            Value = value;
            Hash = unchecked(HashOf(name) * 31 + HashOf(value));
        }

        // The content alone (no per-process seed): equal strings hash equal.
        private static int HashOf(string? s) =>
            s is null ? -1 : s.Length == 0 ? 0 : unchecked((s.Length * 0x10001) ^ (s[0] << 9) ^ (s[^1] * 0x9E37) ^ (s[s.Length / 2] << 19));

        public static int Compare(in PairKey x, in PairKey y)
        {
            if (x.Hash != y.Hash) return x.Hash < y.Hash ? -1 : 1;
            var c = string.CompareOrdinal(x.Name, y.Name);
            return c != 0 ? c : string.CompareOrdinal(x.Value, y.Value);
        }
    }

    private sealed class PairComparer : IComparer<PairKey>
    {
        public static readonly PairComparer Instance = new();
        public int Compare(PairKey x, PairKey y) => PairKey.Compare(x, y);
    }

    /// <summary>The pairs sorted (<see cref="PairKey.Compare"/>), each once: a set for <see cref="JaccardOf(PairKey[], PairKey[])"/>.</summary>
    private static PairKey[] SetOf(PairKey[] items)
    {
        // A project's handful by insertion (no comparer delegate per comparison), more by the library's sort.
        if (items.Length <= 16)
            for (var k = 1; k < items.Length; k++)
            {
                var x = items[k];
                var j = k - 1;
                for (; j >= 0 && PairKey.Compare(items[j], x) > 0; j--) items[j + 1] = items[j];
                items[j + 1] = x;
            }
        else Array.Sort(items, PairComparer.Instance);
        var n = 0;
        for (var k = 0; k < items.Length; k++)
            if (n == 0 || PairKey.Compare(items[n - 1], items[k]) != 0) items[n++] = items[k];
        if (n == items.Length) return items;
        // Not Array.Resize: generic code over our struct, which ReadyToRun cannot hold.
        var set = new PairKey[n];
        Array.Copy(items, set, n);
        return set;
    }


    /// <summary>
    /// What a project is compared by (PR508, PR509), worked out once per project in an evaluation
    /// (<see cref="EvaluationCache"/>, <see cref="DocumentProjects"/>): its (indicator name, annual value)
    /// pairs, its goal's character pairs with a sketch of them, and its amount (总计) as PR508 and PR509
    /// compare it with every earlier project's.
    /// </summary>
    private sealed class ProjectKeys
    {
        private readonly Project _project;
        private PairKey[]? _pairs;
        private int[]? _bigrams;
        // How many of the goal's pairs fall in each of 64 buckets (by a hash): of two sets, the sum of the
        // smaller counts is at least the pairs they share. Not kept when a count would pass 255.
        private Buckets _buckets;
        private bool _sketched;

        /// <summary>The amount when it is more than 0 (else null: no ratio), and as a double.</summary>
        public readonly decimal? Total;
        /// <summary>The amount as a double, 0 when there is none (a decimal more than 0 stays more than 0).</summary>
        public readonly double TotalDouble;
        public readonly int IndicatorCount;
        public readonly int GoalLength;

        public ProjectKeys(Project p)
        {
            _project = p;
            if (p.Amounts.Total is { } total && total > 0m) { Total = total; TotalDouble = (double)total; }
            IndicatorCount = p.Indicators.Count;
            GoalLength = (p.Goal ?? "").Length;
        }

        public static ProjectKeys Of(Project p) => EvaluationCache.Get(p, x => new ProjectKeys((Project)x));

        public Project Project => _project;
        public PairKey[] Pairs => _pairs ??= Make();
        public int[] Bigrams => _bigrams ??= Sketch(BigramSet(_project.Goal));

        private PairKey[] Make()
        {
            var indicators = _project.Indicators;
            RunGuard.Size(indicators.Count, 48);
            var pairs = new PairKey[indicators.Count];
            for (var k = 0; k < pairs.Length; k++) pairs[k] = new PairKey(indicators[k].Name, indicators[k].Annual.Text);
            return SetOf(pairs);
        }

        private int[] Sketch(int[] set)
        {
            Span<byte> counts = _buckets;
            foreach (var x in set)
            {
                ref var c = ref counts[(int)((uint)x * 0x9E3779B1u >> 26)];
                if (c == byte.MaxValue) return set;
                c++;
            }
            _sketched = true;
            return set;
        }

        /// <summary>
        /// Whether two goals' pairs can have a Jaccard similarity of <paramref name="threshold"/> (exact when false):
        /// they share at most the sum of the smaller bucket counts, and the similarity grows with what they share.
        /// </summary>
        public static bool MaySimilar(ProjectKeys a, ProjectKeys b, in Threshold threshold)
        {
            int na = a.Bigrams.Length, nb = b.Bigrams.Length;
            if (!a._sketched || !b._sketched || na + nb == 0) return true;
            ReadOnlySpan<byte> x = a._buckets, y = b._buckets;
            var most = 0;
            for (var k = 0; k < x.Length; k += Vector128<byte>.Count)
            {
                var m = Vector128.Min(Vector128.Create(x[k..]), Vector128.Create(y[k..]));
                var (lo, hi) = Vector128.Widen(m);
                most += Vector128.Sum(lo + hi);
            }
            most = Math.Min(most, Math.Min(na, nb));
            return threshold.AtMost(most, na + nb - most);
        }
    }

    [System.Runtime.CompilerServices.InlineArray(64)]
    private struct Buckets
    {
        private byte _first;
    }

    /// <summary>
    /// A document's projects in order (doc.Projects) with their keys, made once per evaluation: PR508 and
    /// PR509 walk the projects before each project, and look their keys up only once here.
    /// </summary>
    private sealed class DocumentProjects
    {
        public readonly ProjectKeys[] Keys;

        private DocumentProjects(Submission doc)
        {
            var n = 0;
            foreach (var u in doc.Units) n += u.Projects.Count;
            Keys = new ProjectKeys[n];
            n = 0;
            foreach (var u in doc.Units)
                foreach (var p in u.Projects) Keys[n++] = new ProjectKeys(p);
        }

        public static DocumentProjects Of(Submission doc) => EvaluationCache.Get(doc, x => new DocumentProjects((Submission)x));

        /// <summary>Where <paramref name="project"/> first is among them (the projects before it are the earlier ones); the count when it is none of them.</summary>
        public int IndexOf(Project project)
        {
            for (var k = 0; k < Keys.Length; k++)
                if (ReferenceEquals(Keys[k].Project, project)) return k;
            return Keys.Length;
        }

        /// <summary>The keys of <paramref name="project"/>, found at <paramref name="index"/> (<see cref="IndexOf"/>).</summary>
        public ProjectKeys KeysOf(Project project, int index) => index < Keys.Length ? Keys[index] : ProjectKeys.Of(project);
    }

    /// <summary>The adjacent letter-or-digit pairs of a text (white space and punctuation dropped), each as one int, as a set (each once, in order of first appearance).</summary>
    private static int[] BigramSet(string? s)
    {
        RunGuard.Size(s?.Length ?? 0, 24);
        if (s is null || s.Length < 2) return Array.Empty<int>();
        // A goal's pairs deduplicated through a table on the stack as they come; a text too long for it sorted
        // instead (no table of 16 bytes a character). The pairs found in a pooled buffer, only the set is an array of its own.
        var size = IntTable.SizeFor(s.Length);
        var slots = size <= IntTable.OnStack ? stackalloc int[size] : default;
        var found = ArrayPool<int>.Shared.Rent(s.Length);
        try
        {
            var table = size <= IntTable.OnStack ? new IntTable(slots) : default;
            var n = 0;
            char prev = '\0';
            var have = false;
            foreach (var c in s)
            {
                if (!LetterOrDigit(c)) continue;
                // Never 0: c is a letter or digit.
                if (have && (slots.IsEmpty || table.Add((prev << 16) | c))) found[n++] = (prev << 16) | c;
                prev = c;
                have = true;
            }
            if (slots.IsEmpty) n = SortedDistinct(found.AsSpan(0, n));
            return found.AsSpan(0, n).ToArray();
        }
        finally { ArrayPool<int>.Shared.Return(found); }
    }

    /// <summary>
    /// <c>char.IsLetterOrDigit</c>, with ASCII and the CJK Unified Ideographs (U+4E00–U+9FFF, every one a
    /// letter) decided without the Unicode tables: nearly every character of a goal.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool LetterOrDigit(char c) =>
        (uint)(c - 0x4E00) <= 0x9FFF - 0x4E00 || (c < 0x80 ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c));

    /// <summary>
    /// The earlier project a project most looks copied from (PR509), and how alike they are: by
    /// their indicators (both at least <paramref name="minIndicators"/>, amounts less than
    /// <paramref name="ratio"/> times apart, similarity at least <paramref name="similarity"/>) or by
    /// their goals (both at least <paramref name="minGoalLength"/> characters, similarity at least
    /// <paramref name="goalSimilarity"/>, and this goal does not name its own project and not the
    /// other). Each earlier project is compared once, from keys each project keeps, and skipped as
    /// soon as the set sizes show it cannot reach the threshold. Null when none is alike enough.
    /// </summary>
    public static ProjectTwin? CopiedFrom(Submission doc, Project project, decimal minIndicators, decimal similarity,
        decimal goalSimilarity, decimal minGoalLength, decimal ratio)
    {
        // Counts compare as ints and thresholds keep their doubles: per pair, no decimal conversion.
        long minCount = LeastCount(minIndicators), minGoal = LeastCount(minGoalLength);
        var projects = DocumentProjects.Of(doc);
        var end = projects.IndexOf(project);
        var mine = projects.KeysOf(project, end);
        bool byIndicators = mine.IndicatorCount >= minCount;
        bool byGoal = mine.GoalLength >= minGoal;
        if (!byIndicators && !byGoal) return null;
        Threshold similar = new(similarity), goalSimilar = new(goalSimilarity), apart = new(ratio);
        ProjectKeys? best = null;
        decimal bestScore = 0m;
        for (var k = 0; k < end; k++)   // each pair once
        {
            var theirs = projects.Keys[k];
            // The threshold tests exact but mostly without a decimal division; the similarity itself only for a pair that passes.
            // The tests of counts, sizes and sketches first (constant work a pair): most pairs end there.
            var indicatorsMay = byIndicators && theirs.IndicatorCount >= minCount && !AmountRatioAtLeast(mine, theirs, apart)
                && BoundAtLeast(mine.Pairs.Length, theirs.Pairs.Length, similar);
            var goalMay = byGoal && theirs.GoalLength >= minGoal
                && BoundAtLeast(mine.Bigrams.Length, theirs.Bigrams.Length, goalSimilar) && ProjectKeys.MaySimilar(mine, theirs, goalSimilar);
            if (!indicatorsMay && !goalMay)
            {
                TickEvery16(k);
                continue;
            }
            RunGuard.Tick();
            decimal score = 0m;
            var hit = false;
            if (indicatorsMay
                && Shared(mine.Pairs, theirs.Pairs) is var both && JaccardAtLeast(mine.Pairs.Length, theirs.Pairs.Length, both, similar))
            {
                score = Jaccard(mine.Pairs.Length, theirs.Pairs.Length, both);
                hit = true;
            }
            if (goalMay
                && !GoalNamesItself(project, theirs.Project)
                && Shared(mine.Bigrams, theirs.Bigrams) is var shared && JaccardAtLeast(mine.Bigrams.Length, theirs.Bigrams.Length, shared, goalSimilar))
            {
                var g = Jaccard(mine.Bigrams.Length, theirs.Bigrams.Length, shared);
                if (!hit || g > score) score = g;
                hit = true;
            }
            if (hit && score > bestScore) { best = theirs; bestScore = score; }
        }
        if (best is null) return null;
        var indicators = JaccardOf(mine.Pairs, best.Pairs);
        var goals = JaccardOf(mine.Bigrams, best.Bigrams);
        var other = best.Project;
        bool sameIndicators = byIndicators && other.Indicators.Count >= minIndicators && AmountRatio(project, other) < ratio && indicators >= similarity;
        bool sameGoal = byGoal && (other.Goal ?? "").Length >= minGoalLength && goals >= goalSimilarity && !GoalNamesItself(project, other);
        return new ProjectTwin(other, indicators, goals, sameIndicators, sameGoal);
    }

    /// <summary>
    /// A project's copied twin (PR509): the other project, the similarity of their indicators and
    /// of their goals (0 to 1), and which of the two are alike.
    /// </summary>
    public sealed record ProjectTwin(Project Other, decimal IndicatorSimilarity, decimal GoalSimilarity, bool Indicators, bool Goal)
    {
        /// <summary>What is alike, in words: 指标, 绩效目标, or 绩效目标和指标.</summary>
        public string What => Indicators && Goal ? "绩效目标和指标" : Indicators ? "指标" : "绩效目标";

        /// <summary>The other project's name (what a finding's evidence shows, as for a project).</summary>
        public override string ToString() => Other.Name;
    }

    /// <summary>
    /// The earlier project whose indicators a project copies although their amounts differ
    /// <paramref name="ratio"/> times or more (PR508): of the projects before it with at least
    /// <paramref name="minIndicators"/> indicators, amounts at least <paramref name="ratio"/> times
    /// apart and <see cref="IndicatorSimilarity"/> at least <paramref name="similarity"/>, the most
    /// alike (the first of equals); null when none. Each earlier project once, mostly without a
    /// decimal division (the tests are exact).
    /// </summary>
    public static Project? AmountTwin(Submission doc, Project project, decimal minIndicators, decimal ratio, decimal similarity)
    {
        Project? best = null;
        var bestScore = 0m;
        var minCount = LeastCount(minIndicators);
        Threshold apart = new(ratio), similar = new(similarity);
        var projects = DocumentProjects.Of(doc);
        var end = projects.IndexOf(project);
        var mine = projects.KeysOf(project, end);
        for (var k = 0; k < end; k++)
        {
            var theirs = projects.Keys[k];
            // Counts, amounts and set sizes first (constant work; the size bound is exact: Jaccard is at most min / max).
            if (theirs.IndicatorCount < minCount || !AmountRatioAtLeast(mine, theirs, apart)
                || !BoundAtLeast(mine.Pairs.Length, theirs.Pairs.Length, similar))
            {
                TickEvery16(k);
                continue;
            }
            RunGuard.Tick();
            var both = Shared(mine.Pairs, theirs.Pairs);
            if (!JaccardAtLeast(mine.Pairs.Length, theirs.Pairs.Length, both, similar)) continue;
            var score = Jaccard(mine.Pairs.Length, theirs.Pairs.Length, both);
            if (best is null || score > bestScore) { best = theirs.Project; bestScore = score; }
        }
        return best;
    }

    /// <summary>
    /// The guard's tick for a pair of projects decided in constant work (PR508, PR509, PR512 look at every earlier
    /// or every other project): every 16th such pair, so that a document of very many projects still meets its
    /// deadline, without a tick (thread-static reads, the allocation counter) for each. A pair that goes on to
    /// merge sets or search a text ticks itself.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void TickEvery16(int k)
    {
        if ((k & 15) == 0) RunGuard.Tick();
    }

    /// <summary>How many times the larger of two projects' amounts (总计) is the smaller; 0 when either is missing or zero.</summary>
    public static decimal AmountRatio(Project a, Project b)
    {
        if (a.Amounts.Total is not > 0m || b.Amounts.Total is not > 0m) return 0m;
        var (x, y) = (a.Amounts.Total.Value, b.Amounts.Total.Value);
        return Math.Max(x, y) / Math.Min(x, y);
    }

    /// <summary>
    /// Whether a project's goal names what sets its name apart from another's (梅州 in
    /// …梅州指挥部工作经费 against …清远指挥部工作经费) and not the other's part: the goal is its own.
    /// </summary>
    public static bool GoalNamesItself(Project project, Project other)
    {
        // The differing parts as slices of the names (PR509 asks this for many pairs of projects): no strings made.
        var goal = (project.Goal ?? "").AsSpan();
        var own = DifferingPart(project.Name, other.Name);
        var theirs = DifferingPart(other.Name, project.Name);
        return own.Length >= 2 && goal.IndexOf(own, StringComparison.Ordinal) >= 0 && (theirs.Length == 0 || goal.IndexOf(theirs, StringComparison.Ordinal) < 0);
    }

    /// <summary>
    /// Whether a text looks cut off: at least <paramref name="minLength"/> characters, it uses one of
    /// the sentence <paramref name="endings"/> somewhere, yet does not end with one (markup such as
    /// &lt;/p&gt; at the end aside). A text that never uses them is a style, not a cut.
    /// </summary>
    public static bool LooksCut(string? text, decimal minLength, IReadOnlyList<string> endings)
    {
        if (string.IsNullOrEmpty(text) || text.Length < minLength) return false;
        var last = LastChar(text);
        return !endings.Contains(last) && endings.Any(e => e.Length > 0 && text.Contains(e, StringComparison.Ordinal));
    }

    /// <summary>
    /// How alike two texts are: the Jaccard similarity of their sets of adjacent character pairs
    /// (white space and punctuation dropped), from 0 to 1. Two goals differing only in a place name
    /// score above 0.9.
    /// </summary>
    public static decimal TextSimilarity(string? a, string? b) => JaccardOf(BigramSet(a), BigramSet(b));

    /// <summary>The length of the longest run of characters two texts share (投产企业 in 预期当年投产企业 and 新增投产企业数量: 4).</summary>
    public static int SharedRun(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return 0;
        // Quadratic: bounded like any size a rule asks for.
        RunGuard.Size((int)Math.Min((long)a.Length * b.Length, int.MaxValue), 1);
        var best = 0;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
                if (cur[j] > best) best = cur[j];
            }
            (prev, cur) = (cur, prev);
        }
        return best;
    }

    /// <summary>
    /// What sets <paramref name="name"/> apart from <paramref name="other"/>: its text between the
    /// prefix and the suffix the two share (广州市对口帮扶协作梅州指挥部工作经费 against …清远指挥部工作经费:
    /// 梅州). Empty when one contains the other.
    /// </summary>
    public static string Differing(string name, string other) => DifferingPart(name, other).ToString();

    /// <summary><see cref="Differing"/> as a slice of <paramref name="name"/>.</summary>
    private static ReadOnlySpan<char> DifferingPart(string name, string other)
    {
        var (prefix, suffix) = SharedEnds(name, other);
        return name.AsSpan(prefix, name.Length - prefix - suffix);
    }

    /// <summary>
    /// The prefix and suffix two names share (the same either way round): each name's own part, what
    /// <see cref="Differing"/> gives, lies between them.
    /// </summary>
    private static (int Prefix, int Suffix) SharedEnds(string name, string other)
    {
        var prefix = 0;
        while (prefix < name.Length && prefix < other.Length && name[prefix] == other[prefix]) prefix++;
        var suffix = 0;
        while (suffix < name.Length - prefix && suffix < other.Length - prefix
               && name[name.Length - 1 - suffix] == other[other.Length - 1 - suffix]) suffix++;
        return (prefix, suffix);
    }

    /// <summary>
    /// The first other project of the document (PR512) whose name and this one's differ only in a short
    /// part, the place (…梅州指挥部… against …清远指挥部…: a prefix and suffix of at least
    /// <paramref name="minShared"/> characters shared, each name's own part 2 to <paramref name="maxPlace"/>
    /// characters), where this project's goal names the other's part and not its own; null when none.
    /// What <c>doc.Projects.FirstOrDefault(q =&gt; q != project &amp;&amp; SharedAffixes(project.Name, q.Name) &gt;= minShared
    /// &amp;&amp; DifferingLength(…) …)</c> says, with both parts of a pair of names worked out once.
    /// </summary>
    public static Project? PlaceCopiedFrom(Submission doc, Project project, decimal minShared, decimal maxPlace)
    {
        // Lengths compare as ints: at least minShared, at most maxPlace.
        long least = LeastCount(minShared), most = maxPlace < 0m ? -1 : maxPlace >= long.MaxValue ? long.MaxValue : (long)Math.Floor(maxPlace);
        var goal = project.Goal;
        var seen = 0;
        foreach (var u in doc.Units)
            foreach (var q in u.Projects)
            {
                if (ReferenceEquals(q, project)) continue;
                var (prefix, suffix) = SharedEnds(project.Name, q.Name);
                int own = project.Name.Length - prefix - suffix, theirs = q.Name.Length - prefix - suffix;
                if (prefix + suffix < least || own < 2 || theirs < 2 || own > most || theirs > most)
                {
                    // Decided by the names' ends: constant work unless both names are long (then it ticks, as a long string does).
                    if (prefix + suffix > RunGuard.ShortString) RunGuard.Tick();
                    else TickEvery16(seen++);
                    continue;
                }
                RunGuard.Tick();
                var text = RunGuard.Str(goal).AsSpan();
                if (text.IndexOf(project.Name.AsSpan(prefix, own), StringComparison.Ordinal) < 0
                    && text.IndexOf(q.Name.AsSpan(prefix, theirs), StringComparison.Ordinal) >= 0) return q;
            }
        return null;
    }

    /// <summary>The length of the prefix and suffix two names share (the part of them that is the same).</summary>
    public static int SharedAffixes(string name, string other) => name.Length - DifferingPart(name, other).Length;

    /// <summary>
    /// Where the grades of a graded scale overlap, in Chinese: 10次以上优秀；8-10次良好 → “10 同时属于“优秀”和“良好””.
    /// Bands are closed unless written with &gt; or &lt;. Empty when the value is not a scale or no band overlaps.
    /// </summary>
    public static List<string> GradeOverlaps(TargetValue value)
    {
        var result = new List<string>();
        var grades = value.Grades;
        if (grades is null) return result;
        for (var i = 0; i < grades.Count; i++)
            for (var j = i + 1; j < grades.Count; j++)
            {
                var (a, b) = (grades[i], grades[j]);
                var low = Max(a.Low, b.Low);
                var high = Min(a.High, b.High);
                if (low is null || high is null || low > high) continue;
                if (low == high && (Open(a, low.Value) || Open(b, low.Value))) continue;
                var span = low == high ? Num(low) : $"{Num(low)}–{Num(high)}";
                result.Add($"{span} 同时属于“{a.Label}”和“{b.Label}”");
            }
        return result;

        static decimal? Max(decimal? x, decimal? y) => x is null ? y : y is null ? x : Math.Max(x.Value, y.Value);
        static decimal? Min(decimal? x, decimal? y) => x is null ? y : y is null ? x : Math.Min(x.Value, y.Value);
        // A band written with > or < does not contain its bound.
        static bool Open(Grade g, decimal at) => (g.Comparator == Comparator.Gt && g.Low == at) || (g.Comparator == Comparator.Lt && g.High == at);
    }

    /// <summary>
    /// The last character of a text that ends a sentence or not: white space and trailing markup
    /// (&lt;/p&gt;) dropped. Empty for an empty text.
    /// </summary>
    public static string LastChar(string? text)
    {
        var t = (text ?? "").TrimEnd();
        while (t.EndsWith('>') && t.LastIndexOf('<') is var open and >= 0) t = t[..open].TrimEnd();
        return t.Length == 0 ? "" : t[^1..];
    }

    /// <summary>A rate that cannot exceed 100%: 完成率, 合格率, 满意度 …; growth rates (增长率) can.</summary>
    public static bool IsRate(string indicatorName)
    {
        var n = indicatorName.Replace("（%）", "").Replace("(%)", "").Trim();
        if (n.Contains("增长") || n.Contains("增幅") || n.Contains("提高率")) return false;
        return n.EndsWith("率", StringComparison.Ordinal) || n.EndsWith("满意度", StringComparison.Ordinal);
    }

    /// <summary>
    /// A name as a grouping key: without white space (tables wrap and space names anywhere:
    /// 区东西部协作和 对口支援帮扶合作 专项经费) and with full-width letters, digits and brackets as
    /// half-width ones. "" for null.
    /// </summary>
    public static string NameKey(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        // The name itself when nothing changes (most names), else one string of what is kept: no builder.
        var at = 0;
        while (at < name.Length && !char.IsWhiteSpace(name[at]) && name[at] is not (>= '\uFF01' and <= '\uFF5E')) at++;
        if (at == name.Length) return name;
        var rented = name.Length > 256 ? ArrayPool<char>.Shared.Rent(name.Length) : null;
        Span<char> key = rented ?? stackalloc char[256];
        name.AsSpan(0, at).CopyTo(key);
        var n = at;
        for (var k = at; k < name.Length; k++)
        {
            var c = name[k];
            if (char.IsWhiteSpace(c)) continue;
            key[n++] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
        }
        var made = new string(key[..n]);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return made;
    }

    /// <summary>Where each of the objects is (<see cref="BatchItem.Place"/>), joined with ；.</summary>
    public static string Places(IEnumerable<BatchItem> items) =>
        Shared(items) is { } shared ? shared.Places ??= JoinPlaces(items) : JoinPlaces(items);

    /// <summary>The shared list <paramref name="items"/> is, as given or as the rule's guarded code passes it (<see cref="RunGuard.Each{T}"/>).</summary>
    // Made of the sequence as given: the first time, a guarded one ticks as it is read; after that the text is kept.
    private static SharedList<BatchItem>? Shared(IEnumerable<BatchItem> items) =>
        items as SharedList<BatchItem> ?? (items as RunGuard.TickingShared<BatchItem>)?.List;

    private static string JoinPlaces(IEnumerable<BatchItem> items) => string.Join("；", items.Select(i => i.Place));

    /// <summary>Each object's file name and logical path (文件名 › 路径), in order: evidence of where the others are.</summary>
    // A group's first objects (shared by most of its members) keep the list, and with it its evidence text, made once.
    public static IReadOnlyList<string> FilePaths(IEnumerable<BatchItem> items) =>
        Shared(items) is { } shared ? shared.FilePaths ??= new SharedList<string>(PathsOf(items)) : PathsOf(items);

    private static List<string> PathsOf(IEnumerable<BatchItem> items) => items.Select(i => i.FileName + " › " + i.Path).ToList();

    /// <summary>Where each of <paramref name="shown"/> is, joined with ；, then “等 N 处” when there are <paramref name="total"/> in all and more than shown.</summary>
    public static string Places(IReadOnlyList<BatchItem> shown, int total)
    {
        if (total <= shown.Count) return Places(shown);
        if (shown is SharedList<BatchItem> shared && shared.PlacesOf is { } made && made.Total == total) return made.Text;
        var text = Places(shown) + $" 等 {total} 处";
        if (shown is SharedList<BatchItem> s) s.PlacesOf = (total, text);
        return text;
    }
}
