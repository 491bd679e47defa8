using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Values;
using PerfRules.Runs;
using PerfRules.Yaml;

namespace PerfRules.Benchmarks;

/// <summary>What a hand-written check found: the rule id and where (the same location the engine reports).</summary>
public readonly record struct HandFinding(string RuleId, SourceSpan? Span, string? Unit, string? Project, int? IndicatorSeq);

/// <summary>
/// The core checks PR101–PR105, PR201, PR202, PR301–PR304 and PR401 written directly in C#, with
/// no rule engine: the floor the engine's time is compared with. It must find exactly what the
/// engine finds for these rules (rule id and location); tests/PerfRules.Tests checks that on the
/// seeds and on a generated corpus. It renders no messages or fingerprints: those are built only
/// for failing objects and are a small share of the engine's time on mostly clean documents.
/// </summary>
public sealed class HandWrittenChecks
{
    public static readonly IReadOnlyList<string> RuleIds =
        new[] { "PR101", "PR102", "PR103", "PR104", "PR105", "PR201", "PR202", "PR301", "PR302", "PR303", "PR304", "PR401" };

    private const decimal Tol = 0.005m;
    private readonly CodeTable _codes;
    // For the full findings: titles, the set's name and version, and the rule order findings are sorted by.
    private readonly RuleSet? _set;
    private readonly Dictionary<string, (int Index, string Title)> _rules = new();

    /// <param name="set">The rule set whose findings <see cref="CheckFull"/> reproduces (titles, name, order).</param>
    public HandWrittenChecks(CodeTable? codes = null, RuleSet? set = null)
    {
        _codes = codes ?? CodeTableYaml.Builtin;
        _set = set;
        if (set is not null)
            for (var i = 0; i < set.Rules.Count; i++) _rules[set.Rules[i].Id] = (i, set.Rules[i].Title);
    }

    /// <summary>What fails, as rule id and place: the checks alone.</summary>
    public List<HandFinding> Check(Submission doc)
    {
        var found = new List<HandFinding>();
        Run(doc, found, null);
        return found;
    }

    /// <summary>
    /// The same checks with the output the engine gives: the same findings (message, evidence,
    /// path, fingerprint) in the same order — the like-for-like floor for the engine's time.
    /// </summary>
    public List<Finding> CheckFull(Submission doc)
    {
        if (_set is null) throw new InvalidOperationException("CheckFull needs the rule set");
        var rich = new List<(Finding Finding, int Rule, int Ordinal)>();
        Run(doc, null, rich);
        if (rich.Count == 0) return new List<Finding>();
        rich.Sort((a, b) =>
        {
            int c;
            if ((c = (a.Finding.Span?.StartLine ?? 0).CompareTo(b.Finding.Span?.StartLine ?? 0)) != 0) return c;
            if ((c = (a.Finding.Span?.StartColumn ?? 0).CompareTo(b.Finding.Span?.StartColumn ?? 0)) != 0) return c;
            if ((c = a.Rule.CompareTo(b.Rule)) != 0) return c;
            return a.Ordinal.CompareTo(b.Ordinal);
        });
        var list = rich.Select(r => r.Finding).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < list.Count; k++)
        {
            var fp = list[k].Fingerprint;
            seen[fp] = seen.TryGetValue(fp, out var n) ? n + 1 : 1;
            if (seen[fp] > 1)
                list[k] = list[k] with { Fingerprint = Finding.ComputeFingerprint(list[k].RuleId, list[k].File, list[k].Path, list[k].Evidence, $"{fp}#{seen[fp]}") };
        }
        return list;
    }

    private void Run(Submission doc, List<HandFinding>? found, List<(Finding Finding, int Rule, int Ordinal)>? rich)
    {
        var mu = doc.MoneyUnit;
        // PR101 on every amount row: 合计, units, projects.
        var row = 0;
        if (doc.GrandTotal is { } gt) RowSum(gt.Amounts, gt.Span, null, null, gt.Name.Length > 0 ? gt.Name : "合计", true);
        foreach (var u in doc.Units)
        {
            RowSum(u.Amounts, u.Span, u, null, u.Name, false);
            foreach (var p in u.Projects) RowSum(p.Amounts, p.Span, u, p, p.Name, false);
        }
        // PR102: a unit against its projects.
        for (var k = 0; k < doc.Units.Count; k++)
        {
            var u = doc.Units[k];
            if (!u.Implicit && u.Projects.Count > 0 && u.Amounts.Total is not null && u.Projects.TrueForAll(p => p.Amounts.Total is not null)
                && Mismatch(u.Amounts, u.Projects.Select(p => p.Amounts)))
            {
                // At the first figure that is off; the unit's row is the related span.
                var at = RuleHelpers.MismatchSpan(u.Amounts, u.Projects.Select(p => p.Amounts));
                if (rich is null) { found!.Add(new HandFinding("PR102", at ?? u.Span, u.Name, null, null)); continue; }
                var mismatches = RuleHelpers.SumMismatches(u.Amounts, u.Projects.Select(p => p.Amounts), "各项目之和", mu);
                Full("PR102", k, at ?? u.Span, u, null, null, $"资金使用单位“{u.Name}”的金额与其 {u.Projects.Count} 个项目之和不符：{RuleHelpers.Join(mismatches)}",
                    $"资金使用单位“{u.Name}”的{string.Join("、", RuleHelpers.SumCorrections(u.Amounts, u.Projects.Select(p => p.Amounts), mu))}（各项目之和），或核对各项目的金额",
                    ("mismatches", mismatches), related: Related(at, u.Span));
            }
        }
        // PR103: 合计 against the units (or the projects, where no unit has a row).
        if (doc.GrandTotal is { Amounts.Total: not null } total && doc.Units.Count > 0)
        {
            bool byUnit = doc.Units.Exists(u => !u.Implicit);
            var parts = byUnit ? doc.Units.Where(u => !u.Implicit).Select(u => u.Amounts) : doc.Units.SelectMany(u => u.Projects).Select(p => p.Amounts);
            // A part whose 总计 could not be read leaves nothing to add up.
            if (parts.All(a => a.Total is not null) && Mismatch(total.Amounts, parts))
            {
                // At the first figure that is off (a document-scope finding has no related span).
                var at = RuleHelpers.MismatchSpan(total.Amounts, parts) ?? total.Span;
                if (rich is null) found!.Add(new HandFinding("PR103", at, null, null, null));
                else
                {
                    var label = byUnit ? "各资金使用单位之和" : "各项目之和";
                    var list = parts.ToList();
                    var mismatches = RuleHelpers.SumMismatches(total.Amounts, list, label, mu);
                    Full("PR103", 0, at, null, null, null, $"“合计”行与{label}不符：{RuleHelpers.Join(mismatches)}",
                        $"“合计”行的{string.Join("、", RuleHelpers.SumCorrections(total.Amounts, list, mu))}（{label}），或核对{(byUnit ? "各资金使用单位" : "各项目")}的金额",
                        ("byUnit", byUnit), ("parts", list), ("label", label), ("mismatches", mismatches));
                }
            }
        }
        // PR104, PR105: the department-overall figures.
        if (doc.Overall is { } o && o.Expenditure.Count > 0)
        {
            var spent = Total(o.Expenditure);
            if (o.Income.Count > 0 && Math.Abs(spent - Total(o.Income)) > Tol)
            {
                if (rich is null) found!.Add(new HandFinding("PR104", FirstSpan(o.Expenditure), null, null, null));
                else
                {
                    var income = Total(o.Income);
                    Full("PR104", 0, FirstSpan(o.Expenditure), null, null, null,
                        $"部门预算支出 {RuleHelpers.Money(spent, mu)}（{RuleHelpers.Parts(o.Expenditure, mu)}）与收入来源之和 {RuleHelpers.Money(income, mu)}（{RuleHelpers.Parts(o.Income, mu)}）不符：{RuleHelpers.Difference("收入来源之和", income, "支出", spent, mu)}（允许误差 ±0.005 {RuleHelpers.MoneyUnit(mu)}）",
                        $"收入来源之和应等于支出 {RuleHelpers.Money(spent, mu)}，或支出应为 {RuleHelpers.Money(income, mu)}：核对基本支出、项目支出和各项收入来源的金额",
                        ("expenditure", spent), ("income", income), ("difference", spent - income));
                }
            }
            if (o.BudgetLevels.Count > 0 && Math.Abs(spent - Total(o.BudgetLevels)) > Tol)
            {
                if (rich is null) found!.Add(new HandFinding("PR105", FirstSpan(o.BudgetLevels), null, null, null));
                else
                {
                    var levels = Total(o.BudgetLevels);
                    Full("PR105", 0, FirstSpan(o.BudgetLevels), null, null, null,
                        $"部门预算支出 {RuleHelpers.Money(spent, mu)} 与按预算级次划分之和 {RuleHelpers.Money(levels, mu)}（{RuleHelpers.Parts(o.BudgetLevels, mu)}）不符：{RuleHelpers.Difference("按预算级次划分之和", levels, "支出", spent, mu)}（允许误差 ±0.005 {RuleHelpers.MoneyUnit(mu)}）",
                        $"按预算级次划分之和应等于支出 {RuleHelpers.Money(spent, mu)}：核对市本级使用资金和拟用于对下转移支付资金，或核对支出金额",
                        ("expenditure", spent), ("levels", levels), ("difference", spent - levels));
                }
            }
        }
        var projectOrdinal = 0;
        foreach (var u in doc.Units)
            foreach (var p in u.Projects)
            {
                // PR201, PR202: at least one 产出 and one 效益 indicator.
                if (p.Indicators.Count > 0)
                {
                    bool output = false, benefit = false;
                    foreach (var i in p.Indicators)
                    {
                        output |= IsLevel1(i, 1, "产出指标");
                        benefit |= IsLevel1(i, 2, "效益指标");
                    }
                    if (!output)
                    {
                        if (rich is null) found!.Add(new HandFinding("PR201", p.Span, u.Name, p.Name, null));
                        else Full("PR201", projectOrdinal, p.Span, u, p, null, $"项目“{p.Name}”没有产出指标（共 {p.Indicators.Count} 个指标）",
                            $"为项目“{p.Name}”增设至少一个产出指标（一级指标 1-产出指标，如 11-数量指标、12-质量指标、13-时效指标）", ("outputs", 0));
                    }
                    if (!benefit)
                    {
                        if (rich is null) found!.Add(new HandFinding("PR202", p.Span, u.Name, p.Name, null));
                        else Full("PR202", projectOrdinal, p.Span, u, p, null, $"项目“{p.Name}”没有效益指标（共 {p.Indicators.Count} 个指标）",
                            $"为项目“{p.Name}”增设至少一个效益指标（一级指标 2-效益指标，如 21-经济效益指标、22-社会效益指标）", ("benefits", 0));
                    }
                }
                projectOrdinal++;
            }
        var indicatorOrdinal = 0;
        foreach (var u in doc.Units)
            foreach (var p in u.Projects)
                foreach (var i in p.Indicators) IndicatorChecks(i, i.Span ?? p.IndicatorsSpan ?? p.Span, u, p);
        if (doc.Overall is { } overall)
            foreach (var i in overall.Indicators) IndicatorChecks(i, i.Span, null, null);

        void RowSum(Amounts a, SourceSpan? span, FundingUnit? u, Project? p, string name, bool isTotal)
        {
            var ordinal = row++;
            if (a.Total is { } t && (a.Sources.Count > 0 || a.Unplaced.Count > 0) && Math.Abs(t - SourceSum(a)) > Tol)
            {
                // At the 总计 figure; the row is the related span.
                var at = a.TotalSpan;
                if (rich is null) { found!.Add(new HandFinding("PR101", at ?? span, u?.Name, p?.Name, null)); return; }
                var sources = SourceSum(a);
                Full("PR101", ordinal, at ?? span, u, p, null,
                    $"{name}：总计 {RuleHelpers.Money(t, mu)} 不等于资金来源之和 {RuleHelpers.Money(sources, mu)}，{RuleHelpers.Difference("总计", t, "资金来源之和", sources, mu)}（允许误差 ±0.005 {RuleHelpers.MoneyUnit(mu)}）",
                    $"总计应为 {RuleHelpers.Money(sources, mu)}（各资金来源之和），或核对各资金来源的金额",
                    ("total", t), ("sources", sources), ("difference", t - sources), total: isTotal, related: Related(at, span));
            }
        }

        void IndicatorChecks(Indicator i, SourceSpan? span, FundingUnit? u, Project? p)
        {
            var ordinal = indicatorOrdinal++;
            var l1 = i.Level1.Code;
            var l2 = i.Level2.Code;
            if (l2 is { } c2)
            {
                var entry = _codes.Level2ByCode(c2);
                if (entry is null)
                {
                    if (rich is null) Add("PR301", i.Level2Span);
                    else
                    {
                        var level2Choices = RuleHelpers.Level2Choices(_codes, i.Level1);
                        var fix = _codes.Level2ByName(i.Level2.Name, i.Level1.Name) is { Entry.Code: not null } known
                            ? $"二级指标“{known.Entry.Name}”的代码是 {known.Entry.Code}，写作“{known.Entry.Code}-{known.Entry.Name}”"
                            : level2Choices.Length > 0 ? $"改用一级指标 {i.Level1} 下的二级指标：{level2Choices}" : "改用指标代码表（rules/indicator-codes.yaml）中的二级指标代码";
                        Full("PR301", ordinal, i.Level2Span ?? span, u, p, i, $"指标“{i.Name}”的二级指标代码 {c2} 不是已知代码（{i.Level2}）", fix, ("code", c2),
                            related: Related(i.Level2Span, span));
                    }
                }
                if (l1 is { } c1 && FirstDigit(c2) != c1)
                {
                    var both = RuleHelpers.Cover(i.Level1Span, i.Level2Span);
                    if (rich is null) Add("PR302", both);
                    else Full("PR302", ordinal, both ?? span, u, p, i, $"指标“{i.Name}”的二级指标 {i.Level2} 不属于一级指标 {i.Level1}（二级代码的首位应等于一级代码）",
                        (entry is { } owner ? $"二级指标 {i.Level2} 属于一级指标 {owner.Parent.Code}-{owner.Parent.Name}：改正一级指标，或" : "")
                        + $"改用一级指标 {i.Level1} 下的二级指标（{RuleHelpers.Level2Choices(_codes, i.Level1)}）",
                        ("level1", c1), ("level2", c2), related: Related(both, span));
                }
                if (entry is { } e && !CodeTable.SameName(e.Entry.Name, i.Level2.Name))
                {
                    if (rich is null) Add("PR304", i.Level2Span);
                    else Full("PR304", ordinal, i.Level2Span ?? span, u, p, i, $"指标“{i.Name}”的二级指标 {i.Level2} 代码与名称不符（代码 {c2} 应为“{e.Entry.Name}”）",
                        _codes.Level2ByName(i.Level2.Name, i.Level1.Name) is { Entry.Code: not null } known
                            ? $"二级指标“{known.Entry.Name}”的代码是 {known.Entry.Code}，写作“{known.Entry.Code}-{known.Entry.Name}”；如是名称写错，改为“{c2}-{e.Entry.Name}”"
                            : $"代码 {c2} 的二级指标是“{e.Entry.Name}”：按指标内容改正代码或名称",
                        ("expected", e.Entry.Name), related: Related(i.Level2Span, span));
                }
            }
            if (l1 is { } code1)
            {
                var e1 = _codes.Level1ByCode(code1);
                if (!(e1 is not null && CodeTable.SameName(e1.Name, i.Level1.Name)))
                {
                    if (rich is null) Add("PR303", i.Level1Span);
                    else Full("PR303", ordinal, i.Level1Span ?? span, u, p, i,
                        $"指标“{i.Name}”的一级指标 {i.Level1} 代码与名称不符（{(e1 is null ? $"代码 {code1} 不是已知的一级指标代码，已知的是 {RuleHelpers.Level1Choices(_codes)}" : $"代码 {code1} 应为“{e1.Name}”")}）",
                        _codes.Level1ByName(i.Level1.Name) is { Code: not null } known
                            ? $"一级指标“{known.Name}”的代码是 {known.Code}，写作“{known.Code}-{known.Name}”"
                            : $"按指标内容改正一级指标：{RuleHelpers.Level1Choices(_codes)}",
                        ("expected", e1?.Name), related: Related(i.Level1Span, span));
                }
            }
            // PR401 yields to PR403 (a value is not a target) and PR406 (a unit left off one side of equal values).
            if (ValueConsistency.Compare(i.Cycle, i.Annual) is { } problem && !NotATarget(i) && !UnitOnOneSide(i))
            {
                // Both values, which disagree with each other.
                var values = RuleHelpers.Cover(i.CycleSpan, i.AnnualSpan);
                if (rich is null) Add("PR401", values);
                else Full("PR401", ordinal, values ?? span, u, p, i, $"指标“{i.Name}”的{problem.Description}",
                    RuleHelpers.InconsistencyFix(i.Cycle, i.Annual), ("problem", problem.Description), related: Related(values, span));
            }

            void Add(string id, SourceSpan? at) => found!.Add(new HandFinding(id, at ?? span, u?.Name, p?.Name, i.Seq));
        }

        // A finding as the engine builds it: evidence formatted as the engine formats let values.
        void Full(string id, int ordinal, SourceSpan? span, FundingUnit? u, Project? p, Indicator? i, string message, string? fix,
            (string Name, object? Value) e1, (string Name, object? Value)? e2 = null, (string Name, object? Value)? e3 = null,
            (string Name, object? Value)? e4 = null, bool total = false, SourceSpan? related = null)
        {
            var evidence = new List<Evidence>(4) { new(e1.Name, RuleValue.Format(e1.Value)) };
            foreach (var e in new[] { e2, e3, e4 })
                if (e is { } x) evidence.Add(new Evidence(x.Name, RuleValue.Format(x.Value)));
            var path = PathOf(doc, total, u, p, i);
            var (index, title) = _rules[id];
            rich!.Add((new Finding
            {
                RuleId = id, Severity = Severity.Error, Message = message, Fix = fix, Title = title, File = doc.SourceFile, Span = span, Related = related,
                Department = doc.Department, Unit = u?.Name, Project = p?.Name, IndicatorSeq = i?.Seq, Path = path,
                Evidence = evidence, RuleSet = _set!.Name, RuleSetVersion = _set.Version,
                Fingerprint = Finding.ComputeFingerprint(id, doc.SourceFile, path, evidence),
            }, index, ordinal));
        }
    }

    /// <summary>The object's span as a finding's related span: when the finding points at a part of it (as the engine does).</summary>
    private static SourceSpan? Related(SourceSpan? part, SourceSpan? whole) =>
        part is not null && whole is not null && !whole.Equals(part) ? whole : null;

    private static bool NotATarget(Indicator i) => i.Cycle.Kind == ValueKind.NotATarget || i.Annual.Kind == ValueKind.NotATarget;

    private static bool UnitOnOneSide(Indicator i) =>
        i.Cycle.Number is not null && i.Annual.Number is not null && (i.Cycle.Unit is null) != (i.Annual.Unit is null)
        && i.Cycle.Number == i.Annual.Number && (i.Cycle.Comparator ?? Comparator.Eq) == (i.Annual.Comparator ?? Comparator.Eq);

    /// <summary>部门 › 合计 | 单位 › 项目 › (部门整体 ›) 指标 n, blank parts left out.</summary>
    private static string PathOf(Submission doc, bool total, FundingUnit? u, Project? p, Indicator? i)
    {
        var parts = new List<string?> { doc.Department, total ? "合计" : null, u?.Name, p?.Name };
        if (i is not null)
        {
            if (p is null) parts.Add("部门整体");
            parts.Add("指标 " + i.Seq);
        }
        return string.Join(" › ", parts.Where(x => !string.IsNullOrWhiteSpace(x)));
    }

    private static bool IsLevel1(Indicator i, int code, string name) =>
        i.Level1.Code == code || (i.Level1.Code is null && CodeTable.SameName(i.Level1.Name, name));

    private static decimal SourceSum(Amounts a)
    {
        decimal s = 0;
        foreach (var c in a.Sources) s += c.Value;
        foreach (var v in a.Unplaced) s += v;
        return s;
    }

    private static decimal Total(List<NamedAmount> list)
    {
        decimal s = 0;
        foreach (var a in list) s += a.Value ?? 0m;
        return s;
    }

    private static SourceSpan? FirstSpan(List<NamedAmount> list)
    {
        foreach (var a in list) if (a.Span is not null) return a.Span;
        return null;
    }

    private static int FirstDigit(int n)
    {
        n = Math.Abs(n);
        while (n >= 10) n /= 10;
        return n;
    }

    /// <summary>
    /// Whether a row differs from the sum of its parts: in 总计, or — when no figure is unplaced —
    /// in any source column the row or a part names (a column missing from the row counts as 0).
    /// </summary>
    private static bool Mismatch(Amounts whole, IEnumerable<Amounts> partsSeq)
    {
        var parts = partsSeq as IReadOnlyList<Amounts> ?? partsSeq.ToList();
        decimal total = 0;
        bool unplaced = whole.Unplaced.Count > 0;
        foreach (var a in parts)
        {
            total += a.Total ?? 0m;
            unplaced |= a.Unplaced.Count > 0;
        }
        if (whole.Total is { } t && Math.Abs(t - total) > Tol) return true;
        if (unplaced) return false;
        foreach (var c in whole.Sources)
            if (Math.Abs((whole.Column(c.Column) ?? 0m) - ColumnSum(parts, c.Column)) > Tol) return true;
        foreach (var a in parts)
            foreach (var c in a.Sources)
                if (whole.Column(c.Column) is null && Math.Abs(ColumnSum(parts, c.Column)) > Tol) return true;
        return false;
    }

    private static decimal ColumnSum(IReadOnlyList<Amounts> parts, string column)
    {
        decimal s = 0;
        foreach (var a in parts)
            foreach (var c in a.Sources)
                if (c.Column == column) { s += c.Value; break; }
        return s;
    }
}
