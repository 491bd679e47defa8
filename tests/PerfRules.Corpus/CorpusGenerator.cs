using System.Globalization;

namespace PerfRules.Corpus;

public sealed record CorpusOptions
{
    /// <summary>The corpus seed number: same seed and count, same bytes.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>The share of documents that get injected errors (one, sometimes two).</summary>
    public double ErrorRate { get; init; } = 0.3;
}

/// <summary>
/// Makes documents by varying the seeds: department, unit and project names, amounts (kept
/// consistent: project rows sum to their unit, units to 合计, expenditure to income and to the
/// budget levels), indicators re-ordered and their text re-wrapped, in all three layouts. Errors
/// are injected at <see cref="CorpusOptions.ErrorRate"/> and recorded with the rule each trips.
/// </summary>
public sealed class CorpusGenerator
{
    private readonly CorpusOptions _options;
    private readonly SeedPool _pool;

    public CorpusGenerator(CorpusOptions? options = null, SeedPool? pool = null)
    {
        _options = options ?? new CorpusOptions();
        _pool = pool ?? SeedPool.Default;
    }

    private static readonly string[] Districts = { "越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区" };
    private static readonly string[] Bureaus = { "商务局", "协作办公室", "人民政府办公室", "发展和改革局", "科学技术局", "文化广电旅游局", "民政局", "农业农村局", "人力资源和社会保障局", "交通运输局" };
    private static readonly string[] UnitSuffixes = { "服务中心", "信息中心", "事务中心", "发展研究中心", "培训中心", "会展服务中心" };
    private static readonly string[] NamePrefixes = { "", "", "", "2025年", "2026年", "专项" };
    private static readonly string[] NameSuffixes = { "", "", "", "（续）", "补助", "工作经费" };

    /// <summary>The document of the given index (0-based). Depends only on the seed and the index.</summary>
    public GeneratedDocument Generate(int index)
    {
        var rng = Rng.For(_options.Seed, index);
        int roll = rng.Next(10);
        var layout = roll < 5 ? CorpusLayout.Inline : roll < 8 ? CorpusLayout.Tabular : CorpusLayout.Overall;
        var doc = layout == CorpusLayout.Overall ? BuildOverall(rng) : BuildProjects(rng, layout);
        var errors = new List<InjectedError>();
        if (rng.Chance(_options.ErrorRate))
        {
            int count = rng.Chance(0.25) ? 2 : 1;
            var used = new HashSet<string>();
            var touched = new HashSet<GenProject>();
            for (int k = 0; k < count * 4 && errors.Count < count; k++)
                if (Inject(doc, rng, used, touched) is { } e) errors.Add(e);
        }
        var text = Writers.Write(doc, rng);
        var file = $"{index:D5}_{layout.ToString().ToLowerInvariant()}.txt";
        return new GeneratedDocument(file, layout, doc.Department, text, errors);
    }

    public IEnumerable<GeneratedDocument> Generate(int start, int count)
    {
        for (int i = start; i < start + count; i++) yield return Generate(i);
    }

    /// <summary>Writes <paramref name="count"/> documents to <c>dir/docs/</c> and the manifest to <c>dir/manifest.json</c>.</summary>
    public CorpusManifest WriteCorpus(string dir, int count)
    {
        var docsDir = Path.Combine(dir, "docs");
        Directory.CreateDirectory(docsDir);
        var manifest = new CorpusManifest { Seed = _options.Seed, Count = count, ErrorRate = _options.ErrorRate };
        var utf8 = new System.Text.UTF8Encoding(false);
        foreach (var d in Generate(0, count))
        {
            var bytes = utf8.GetBytes(d.Text);
            File.WriteAllBytes(Path.Combine(docsDir, d.File), bytes);
            manifest.Documents.Add(new ManifestDocument
            {
                File = "docs/" + d.File, Layout = d.Layout.ToString().ToLowerInvariant(), Department = d.Department,
                Bytes = bytes.Length, Errors = d.Errors.ToList(),
            });
        }
        File.WriteAllText(Path.Combine(dir, "manifest.json"), ManifestJson.Serialize(manifest), utf8);
        return manifest;
    }

    // ---- building clean documents ---------------------------------------------------------------

    private string Department(Rng rng) =>
        rng.Chance(0.2) ? rng.Pick(_pool.Departments) : "广州市" + rng.Pick(Districts) + rng.Pick(Bureaus);

    private GenDocument BuildProjects(Rng rng, CorpusLayout layout)
    {
        var doc = new GenDocument { Layout = layout, Department = Department(rng) };
        var names = new HashSet<string> { doc.Department };
        int units = rng.Chance(0.6) ? 1 : rng.Between(2, 3);
        for (int u = 0; u < units; u++)
        {
            var unit = new GenUnit { Name = u == 0 ? doc.Department : UniqueName(rng, names, () => doc.Department[..Math.Min(5, doc.Department.Length)] + rng.Pick(UnitSuffixes)) };
            int projects = rng.Between(1, 4);
            for (int p = 0; p < projects; p++)
            {
                var source = rng.Pick(_pool.Projects);
                var project = new GenProject
                {
                    Name = UniqueName(rng, names, () => rng.Pick(NamePrefixes) + rng.Pick(_pool.Projects).Name + rng.Pick(NameSuffixes)),
                    Goal = source.Goal,
                    Amounts = ProjectAmounts(rng),
                    Indicators = PickIndicators(rng, rng.Between(3, 8)),
                };
                unit.Projects.Add(project);
            }
            unit.Amounts = GenAmounts.Sum(unit.Projects.Select(p => p.Amounts));
            doc.Units.Add(unit);
        }
        doc.GrandTotal = GenAmounts.Sum(doc.Units.Select(u => u.Amounts));
        return doc;
    }

    private static string UniqueName(Rng rng, HashSet<string> taken, Func<string> make)
    {
        for (int k = 0; ; k++)
        {
            var name = make();
            if (k > 20) name += k.ToString(CultureInfo.InvariantCulture);
            if (name != "合计" && taken.Add(name)) return name;
        }
    }

    private static GenAmounts ProjectAmounts(Rng rng)
    {
        var total = rng.Chance(0.1) ? rng.Amount(1_000m, 30_000m) : rng.Amount(5m, 800m);
        var fiscal = rng.Chance(0.7) ? total : Math.Round(total * (decimal)(0.5 + rng.NextDouble() * 0.45), 2);
        return new GenAmounts { Total = total, Fiscal = fiscal, Other = total - fiscal };
    }

    /// <summary>k distinct indicators with at least one 产出 and one 效益 indicator, shuffled and numbered.</summary>
    private List<GenIndicator> PickIndicators(Rng rng, int k)
    {
        var chosen = new List<PoolIndicator>
        {
            rng.Pick(_pool.Indicators.Where(i => i.L1Code == 1).ToList()),
            rng.Pick(_pool.Indicators.Where(i => i.L1Code == 2).ToList()),
        };
        if (rng.Chance(0.7)) chosen.Add(rng.Pick(_pool.Indicators.Where(i => i.L1Code == 3).ToList()));
        for (int tries = 0; chosen.Count < k && tries < 50; tries++)
        {
            var c = rng.Pick(_pool.Indicators);
            if (chosen.All(x => x.Name != c.Name)) chosen.Add(c);
        }
        var list = chosen.DistinctBy(i => i.Name).Select(GenIndicator.From).ToList();
        rng.Shuffle(list);
        Renumber(list);
        return list;
    }

    private static void Renumber(List<GenIndicator> list)
    {
        for (int i = 0; i < list.Count; i++) list[i].Seq = i + 1;
    }

    private GenDocument BuildOverall(Rng rng)
    {
        var basic = rng.Amount(100m, 20_000m);
        var projects = rng.Amount(1_000m, 300_000m);
        var total = basic + projects;
        var fiscal = rng.Chance(0.5) ? total : Math.Round(total * (decimal)(0.8 + rng.NextDouble() * 0.19), 2);
        var local = rng.Chance(0.6) ? total : Math.Round(total * (decimal)(0.6 + rng.NextDouble() * 0.39), 2);
        var overall = new GenOverall
        {
            Basic = basic, ProjectSpending = projects, Fiscal = fiscal, OtherIncome = total - fiscal, Local = local, Transfer = total - local,
            Goals = rng.Pick(_pool.OverallGoals),
        };
        // Key tasks share at most the project spending (PR107).
        var tasks = _pool.Tasks.ToList();
        rng.Shuffle(tasks);
        var budget = Math.Round(projects * (decimal)(0.5 + rng.NextDouble() * 0.5), 2);
        int n = Math.Min(tasks.Count, rng.Between(2, 4));
        for (int t = 0; t < n; t++)
        {
            var funds = t == n - 1 ? budget : Math.Round(budget * (decimal)(0.2 + rng.NextDouble() * 0.5), 2);
            budget -= funds;
            overall.Tasks.Add((tasks[t].Name, tasks[t].Content, funds, tasks[t].Outcome));
        }
        // The grid: indicators grouped by category in the framework's order, shuffled within a category.
        var picked = PickIndicators(rng, rng.Between(5, 12));
        overall.Indicators = picked
            .GroupBy(i => (i.L1Code, i.L2Code)).OrderBy(g => g.Key.L1Code).ThenBy(g => g.Key.L2Code)
            .SelectMany(g => g).ToList();
        Renumber(overall.Indicators);
        return new GenDocument { Layout = CorpusLayout.Overall, Department = Department(rng), Overall = overall };
    }

    // ---- injecting errors -----------------------------------------------------------------------

    private static readonly string[] ProjectKinds = { "PR101", "PR102", "PR103", "PR201", "PR202", "PR301", "PR302", "PR303", "PR304", "PR401" };
    private static readonly string[] OverallKinds = { "PR104", "PR105", "PR401" };

    /// <summary>Values that disagree in a way PR401 names: comparator, unit, number against words.</summary>
    private static readonly (string Cycle, string Annual)[] Inconsistent =
    {
        ("95%", "95%以上"), ("4", "4辆"), ("≥90%", "90%"), ("100%", "按时完成"),
    };

    private InjectedError? Inject(GenDocument doc, Rng rng, HashSet<string> used, HashSet<GenProject> touched)
    {
        var kinds = (doc.Overall is null ? ProjectKinds : OverallKinds).Where(k => !used.Contains(k)).ToList();
        if (kinds.Count == 0) return null;
        var kind = rng.Pick(kinds);
        var d = rng.Amount(1m, 50m);
        InjectedError? error = doc.Overall is { } o ? InjectOverall(o, kind, d, rng) : InjectProjects(doc, kind, d, rng, touched);
        if (error is not null) used.Add(kind);
        return error;
    }

    private static InjectedError? InjectOverall(GenOverall o, string kind, decimal d, Rng rng)
    {
        switch (kind)
        {
            case "PR104":
                o.OtherIncome += d;
                return new InjectedError { RuleId = kind, Description = $"其他资金 +{d}: income no longer equals expenditure" };
            case "PR105":
                o.Transfer += d;
                return new InjectedError { RuleId = kind, Description = $"拟用于对下转移支付资金 +{d}: budget levels no longer equal expenditure" };
            default:
                var i = rng.Pick(o.Indicators);
                (i.Cycle, i.Annual) = rng.Pick(Inconsistent);
                return new InjectedError { RuleId = kind, IndicatorSeq = i.Seq, Indicator = i.Name, Description = $"cycle {i.Cycle} vs annual {i.Annual}" };
        }
    }

    private static InjectedError? InjectProjects(GenDocument doc, string kind, decimal d, Rng rng, HashSet<GenProject> touched)
    {
        bool tabular = doc.Layout == CorpusLayout.Tabular;
        // In the tabular layout a later unit row is known by its total matching its projects', so
        // amount errors that break that sum go into the first unit.
        var unit = kind == "PR102" && tabular ? doc.Units[0] : rng.Pick(doc.Units);
        var free = unit.Projects.Where(p => !touched.Contains(p)).ToList();
        if (free.Count == 0) return null;
        var project = rng.Pick(free);
        touched.Add(project);
        InjectedError At(string desc, GenIndicator? i = null, IReadOnlyList<string>? also = null) => new()
        {
            RuleId = kind, Unit = unit.Name, Project = project.Name, IndicatorSeq = i?.Seq, Indicator = i?.Name,
            Description = desc, AlsoTrips = also ?? Array.Empty<string>(),
        };
        switch (kind)
        {
            case "PR101":
                project.Amounts.Fiscal += d;
                // Where the columns are known the unit's 财政拨款 no longer sums up either.
                return At($"财政拨款 +{d} without 总计", also: tabular ? new[] { "PR102" } : null);
            case "PR102":
                project.Amounts.Total += d;
                project.Amounts.Fiscal += d;
                return At($"project 总计 and 财政拨款 +{d}, unit row unchanged") with { Project = null };
            case "PR103":
                doc.GrandTotal.Total += d;
                doc.GrandTotal.Fiscal += d;
                return new InjectedError { RuleId = kind, Description = $"合计 总计 and 财政拨款 +{d}" };
            case "PR201":
            case "PR202":
            {
                int level1 = kind == "PR201" ? 1 : 2;
                project.Indicators.RemoveAll(i => i.L1Code == level1);
                Renumber(project.Indicators);
                return At($"every level-1 {level1} indicator removed");
            }
        }
        var ind = rng.Pick(project.Indicators);
        switch (kind)
        {
            case "PR301":
                ind.L2Code = ind.L1Code * 10 + rng.Between(5, 9);
                return At($"level-2 code {ind.L2Code} is unknown", ind);
            case "PR302":
                var (code, name) = ind.L1Code == 2 ? (11, "数量指标") : (22, "社会效益指标");
                ind.L2Code = code; ind.L2Name = name;
                return At($"level-2 {code}-{name} under level-1 {ind.L1Code}", ind);
            case "PR303":
                ind.L1Name = ind.L1Code == 1 ? "效益指标" : "产出指标";
                return At($"level-1 {ind.L1Code}-{ind.L1Name}", ind);
            case "PR304":
                ind.L2Name = ind.L2Code == 11 ? "质量指标" : ind.L2Code / 10 == 2 && ind.L2Code != 21 ? "经济效益指标" : ind.L2Code == 21 ? "社会效益指标" : "数量指标";
                return At($"level-2 {ind.L2Code}-{ind.L2Name}", ind);
            default:
                (ind.Cycle, ind.Annual) = rng.Pick(Inconsistent);
                return At($"cycle {ind.Cycle} vs annual {ind.Annual}", ind);
        }
    }
}
