using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using FsCheck;
using FsCheck.Fluent;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;
using PerfRules.Tests.Properties;

namespace PerfRules.Tests.Rules;

/// <summary>
/// The parsed rule set stored in the rule cache (ParsedRuleSetCache, RuleSetModel): read back it is the parsed
/// set, field by field; an entry that is tampered with, cut short, too large, of the other kind or unreadable is
/// rejected and the files are parsed again, with the same findings; a changed file is a new key; and a warm
/// load of the built-in set never touches YamlDotNet.
/// </summary>
[NonParallelizable]
public class ParsedRuleSetCacheTests
{
    private const string Mode = "test";

    // A district set over core: extends, overrides of severity and params, codes:, its own rules with
    // lets, evidence, yields, a batch match, examples and a multi-line expression.
    private static RuleFile District(string marker = "") => new("district.yaml", $$$"""
        # {{{marker}}}
        ruleset: district
        version: '3'
        description: 本区补充规则
        extends: core
        overrides:
          PR101: { severity: warning }
        codes:
          level1:
            - code: 1
              name: 产出指标
              level2:
                - { code: 15, name: 特色指标 }
        rules:
          - id: D1
            title: 项目指标太少
            scope: project
            severity: info
            tags: [count, 区]
            params:
              least: 3
              unit: 个
              names: [甲, "乙"]
            let:
              n: project.Indicators.Count
              shown: n + 0
            evidence:
              n: 指标数
            when: >-
              project.Name != "跳过"
                && project.Indicators.Count >= 0
            assert: n >= param.Number("least")
            message: '{project.Name} 只有 {n} {param.Text("unit")}指标（{{至少}} {param.Number("least")}）'
            fix: '补足 {param.Number("least") - n} 个'
            yields: [D2]
            examples:
              valid:
                - kind: projectTargets
              invalid:
                - kind: projectTargets
                  department: 甲
          - id: D2
            scope: project
            assert: "project.Name.Length > 0"
            message: 空名
          - id: D3
            scope: batch
            match: { each: project, where: project.Name != "", key: NameKey(project.Name) }
            assert: group.Count == 1
            message: "{item.Name} 重复"
        """);

    private static RuleSet ParseDistrict(IReadOnlyList<RuleFile> files) => RuleSetLoader.Load(files);

    private static IEnumerable<TestCaseData> Sets()
    {
        yield return new TestCaseData((Func<(RuleSet, IReadOnlyList<RuleFile>)>)(() => (RuleSetLoader.LoadBuiltin(), RuleSetLoader.BuiltinFiles()))).SetName("built-in");
        yield return new TestCaseData((Func<(RuleSet, IReadOnlyList<RuleFile>)>)(() =>
        {
            var files = new[] { District() };
            return (ParseDistrict(files), files);
        })).SetName("district over core");
        yield return new TestCaseData((Func<(RuleSet, IReadOnlyList<RuleFile>)>)(() =>
        {
            var files = new[]
            {
                new RuleFile("a.yaml", "ruleset: base\nversion: '1'\nrules:\n  - { id: B1, scope: document, assert: \"true\", message: \"{doc.SourceFile}\" }\n"),
                new RuleFile("b.yaml", "ruleset: leaf\nextends: base\nrules:\n  - { id: L1, scope: unit, assert: \"unit.Name != \\\"\\\"\" }\n"),
            };
            return (RuleSetLoader.Load(files), files);
        })).SetName("leaf over base, no core");
    }

    [TestCaseSource(nameof(Sets))]
    public void A_set_read_back_is_the_parsed_set_field_by_field(Func<(RuleSet, IReadOnlyList<RuleFile>)> make)
    {
        var (set, files) = make();
        var bytes = RuleSetModel.Write(set, files);
        var back = RuleSetModel.Read(bytes, files).ShouldNotBeNull();
        Dump(back).ShouldBe(Dump(set));
        // What the run works out of the set (the assembly's key, the docs' sections) is the same too.
        RuleAssemblyCache.Key(back).ShouldBe(RuleAssemblyCache.Key(set));
        back.Sections().Select(s => (s.File, s.Description, s.Rules.Count)).ShouldBe(set.Sections().Select(s => (s.File, s.Description, s.Rules.Count)));
        RuleSetModel.Write(back, files).ShouldBe(bytes);
    }

    [Test]
    public void The_built_in_code_table_read_back_is_the_process_s_one()
    {
        var set = RuleSetLoader.LoadBuiltin();
        var back = RuleSetModel.Read(RuleSetModel.Write(set, RuleSetLoader.BuiltinFiles()), RuleSetLoader.BuiltinFiles())!;
        back.Codes.ShouldBeSameAs(PerfRules.Yaml.CodeTableYaml.Builtin);
        back.Files.ShouldBe(set.Files);
    }

    [Test]
    public void Expression_places_survive_for_every_character()
    {
        var files = new[] { District() };
        var set = ParseDistrict(files);
        var back = RuleSetModel.Read(RuleSetModel.Write(set, files), files)!;
        foreach (var (a, b) in set.Rules.Zip(back.Rules))
            foreach (var (x, y) in Exprs(a).Zip(Exprs(b)))
            {
                y.Text.ShouldBe(x.Text);
                for (var i = 0; i <= x.Text.Length; i++) y.PositionAt(i).ShouldBe(x.PositionAt(i));
            }
        // The folded when: spans two lines of the file.
        var when = back.Find("D1")!.When!;
        when.PositionAt(0).Line.ShouldBeLessThan(when.PositionAt(when.Text.Length - 1).Line);

        static IEnumerable<Expr> Exprs(Rule r) =>
            new[] { r.When, r.Assert, r.At, r.Message.Source, r.Fix?.Source, r.Match?.Where, r.Match?.Key }.OfType<Expr>()
                .Concat(r.Lets.Select(l => l.Value));
    }

    // ---- the cache: hostile input ----------------------------------------------------------------

    private sealed class TempCache : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("perfrules-model-").FullName;
        public string Dir => Path.Combine(Root, "cache");
        public string Secret => Path.Combine(Root, "secret", "cache.key");
        public List<string> Warnings { get; } = new();
        public RuleEngineOptions Options => new() { CacheDirectory = Dir, CacheSecretFile = Secret, Warn = w => { lock (Warnings) Warnings.Add(w); } };
        public string Entry(string key) => Path.Combine(Dir, key + ".ruleset");
        public void Dispose() => Directory.Delete(Root, true);
    }

    private static (RuleSet Set, bool Hit, int Parses) Load(TempCache cache, IReadOnlyList<RuleFile> files)
    {
        var parses = 0;
        var (set, hit) = ParsedRuleSetCache.Load(files, Mode, () => { parses++; return ParseDistrict(files); }, cache.Options);
        return (set, hit, parses);
    }

    private static IReadOnlyList<(string, string, string)> Findings(RuleSet set)
    {
        var compiled = RuleTestSupport.Compile(set);
        return new Linter(compiled).Check(TestPaths.Seed("001")).One().Findings.Select(f => (f.RuleId, f.Message, f.Fingerprint)).ToList();
    }

    [Test]
    public void The_second_load_reads_the_entry_and_parses_nothing()
    {
        using var cache = new TempCache();
        var files = new[] { District(Guid.NewGuid().ToString()) };
        var first = Load(cache, files);
        (first.Hit, first.Parses).ShouldBe((false, 1));
        File.Exists(cache.Entry(ParsedRuleSetCache.Key(files, Mode))).ShouldBeTrue();
        File.Exists(cache.Entry(ParsedRuleSetCache.Key(files, Mode)) + ".mac").ShouldBeTrue();

        var second = Load(cache, files);
        (second.Hit, second.Parses).ShouldBe((true, 0));
        Dump(second.Set).ShouldBe(Dump(first.Set));
        cache.Warnings.ShouldBeEmpty();
        Directory.GetFiles(cache.Dir, "*.tmp").ShouldBeEmpty();
    }

    [Test]
    public void A_changed_rule_file_or_another_mode_misses()
    {
        using var cache = new TempCache();
        var files = new[] { District(Guid.NewGuid().ToString()) };
        Load(cache, files).Hit.ShouldBeFalse();
        var changed = new[] { District(Guid.NewGuid().ToString()) };
        ParsedRuleSetCache.Key(changed, Mode).ShouldNotBe(ParsedRuleSetCache.Key(files, Mode));
        ParsedRuleSetCache.Key(files, "builtin").ShouldNotBe(ParsedRuleSetCache.Key(files, Mode));
        ParsedRuleSetCache.Key(new[] { files[0] with { Name = "renamed.yaml" } }, Mode).ShouldNotBe(ParsedRuleSetCache.Key(files, Mode));
        var again = Load(cache, changed);
        (again.Hit, again.Parses).ShouldBe((false, 1));
        cache.Warnings.ShouldBeEmpty();
    }

    public enum Damage { FlippedBytes, Truncated, Empty, MacMissing, Oversized, OtherSecret }

    [TestCase(Damage.FlippedBytes)]
    [TestCase(Damage.Truncated)]
    [TestCase(Damage.Empty)]
    [TestCase(Damage.MacMissing)]
    [TestCase(Damage.Oversized)]
    [TestCase(Damage.OtherSecret)]
    public void A_damaged_entry_is_rejected_parsed_again_with_the_same_findings_and_repaired(Damage damage)
    {
        using var cache = new TempCache();
        var files = new[] { District(Guid.NewGuid().ToString()) };
        var clean = Load(cache, files).Set;
        var key = ParsedRuleSetCache.Key(files, Mode);
        var entry = cache.Entry(key);
        switch (damage)
        {
            case Damage.FlippedBytes:
                var bytes = File.ReadAllBytes(entry);
                var rng = new Random(7);
                for (var i = 0; i < 5; i++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                File.WriteAllBytes(entry, bytes);
                break;
            case Damage.Truncated:
                File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..(int)(new FileInfo(entry).Length / 2)]);
                break;
            case Damage.Empty:
                File.WriteAllBytes(entry, Array.Empty<byte>());
                break;
            case Damage.MacMissing:
                File.Delete(entry + ".mac");
                break;
            case Damage.Oversized:
                // Sparse: the size is checked before anything is read.
                using (var s = new FileStream(entry, FileMode.Open)) s.SetLength(DiskCache.MaxEntryBytes + 1);
                break;
            case Damage.OtherSecret:
                var other = cache.Options with { CacheSecretFile = Path.Combine(cache.Root, "other", "cache.key") };
                var parses = 0;
                ParsedRuleSetCache.Load(files, Mode, () => { parses++; return ParseDistrict(files); }, other).Hit.ShouldBeFalse();
                parses.ShouldBe(1);
                break;
        }

        var again = Load(cache, files);
        (again.Hit, again.Parses).ShouldBe((false, 1));
        cache.Warnings.ShouldContain(w => w.Contains(key) && w.Contains("规则集"));
        Dump(again.Set).ShouldBe(Dump(clean));
        Findings(again.Set).ShouldBe(Findings(clean));

        cache.Warnings.Clear();
        Load(cache, files).Hit.ShouldBeTrue();
        cache.Warnings.ShouldBeEmpty();
    }

    [Test]
    public void A_signed_entry_that_is_not_a_rule_set_is_rejected_and_so_is_an_assembly_entry_under_its_name()
    {
        using var cache = new TempCache();
        var files = new[] { District(Guid.NewGuid().ToString()) };
        var key = ParsedRuleSetCache.Key(files, Mode);
        var disk = DiskCache.Open(cache.Options).ShouldNotBeNull();

        // Our own MAC over bytes that are no rule set: verified, then refused by the reader.
        disk.Write(key, DiskCache.Entry.RuleSet, "PRSM\u0001garbage"u8.ToArray());
        var first = Load(cache, files);
        (first.Hit, first.Parses).ShouldBe((false, 1));
        cache.Warnings.ShouldContain(w => w.Contains(key) && w.Contains("格式不符"));

        // An entry of the other kind (a compiled assembly's domain) moved to the rule set's name fails the MAC.
        cache.Warnings.Clear();
        disk.Write(key, DiskCache.Entry.Assembly, RuleSetModel.Write(first.Set, files));
        File.Move(Path.Combine(cache.Dir, key + ".dll"), cache.Entry(key), overwrite: true);
        File.Move(Path.Combine(cache.Dir, key + ".mac"), cache.Entry(key) + ".mac", overwrite: true);
        Load(cache, files).Parses.ShouldBe(1);
        cache.Warnings.ShouldContain(w => w.Contains(key) && w.Contains("完整性"));
    }

    [Test]
    public void An_entry_of_an_older_format_is_a_silent_miss()
    {
        var files = new[] { District() };
        var bytes = RuleSetModel.Write(ParseDistrict(files), files);
        bytes[4] = (byte)(RuleSetModel.FormatVersion + 1);
        RuleSetModel.Read(bytes, files).ShouldBeNull();
    }

    [Test]
    public void Every_cut_of_an_entry_reads_as_nothing()
    {
        var files = RuleSetLoader.BuiltinFiles();
        var bytes = RuleSetModel.Write(RuleSetLoader.LoadBuiltin(), files);
        for (var n = 0; n < bytes.Length; n += 1 + n / 64)
            RuleSetModel.Read(bytes[..n], files).ShouldBeNull($"cut at {n}");
        RuleSetModel.Read(bytes.Append((byte)0).ToArray(), files).ShouldBeNull();
    }

    /// <summary>
    /// The reader of hostile bytes (after the MAC, but trusting nothing): flipped, replaced or inserted bytes
    /// anywhere give null or a set, never an exception, and never a list larger than the entry.
    /// </summary>
    [Test]
    public void Damaged_bytes_never_throw()
    {
        var files = new[] { District() };
        var good = RuleSetModel.Write(ParseDistrict(files), files);
        Check.One(PropertyRuns.Config(300), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            var bytes = good.ToList();
            for (var k = rng.Next(1, 9); k > 0; k--)
            {
                var i = rng.Next(bytes.Count);
                var value = (byte)rng.Next(256);
                switch (rng.Next(3))
                {
                    case 0: bytes[i] = value; break;
                    case 1: bytes.Insert(i, value); break;
                    default: if (bytes.Count > 1) bytes.RemoveAt(i); break;
                }
            }
            var back = RuleSetModel.Read(bytes.ToArray(), files);
            if (back is not null) back.Rules.Count.ShouldBeLessThanOrEqualTo(bytes.Count);
        }));
    }

    [Test]
    public void Random_bytes_after_the_header_never_throw()
    {
        var files = new[] { District() };
        Check.One(PropertyRuns.Config(300), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            var tail = new byte[rng.Next(0, 200)];
            rng.NextBytes(tail);
            var bytes = "PRSM"u8.ToArray().Append((byte)RuleSetModel.FormatVersion).Concat(tail).ToArray();
            Should.NotThrow(() => RuleSetModel.Read(bytes, files));
        }));
    }

    [Test]
    public void A_huge_count_or_length_is_refused_before_anything_is_allocated()
    {
        var files = new[] { District() };
        // Name: a new string of 2^31-1 bytes; then a file count of 2^31-1.
        var huge = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 };
        var name = "PRSM"u8.ToArray().Append((byte)RuleSetModel.FormatVersion).Append((byte)1).Concat(huge).ToArray();
        RuleSetModel.Read(name, files).ShouldBeNull();
        var count = "PRSM"u8.ToArray().Concat(new byte[] { (byte)RuleSetModel.FormatVersion, 1, 1, (byte)'a', 1, 1, (byte)'1', 0 }).Concat(huge).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        RuleSetModel.Read(count, files).ShouldBeNull();
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(64 * 1024);
    }

    // ---- the built-in set in a fresh context: a warm start loads no YAML parser ---------------------

    [Test]
    public void A_warm_load_of_the_built_in_set_never_loads_YamlDotNet_and_a_damaged_entry_falls_back()
    {
        using var cache = new TempCache();
        // Cold: parses (YamlDotNet asked for: the recording works) and stores the set.
        var (coldRequested, coldRules) = LoadBuiltinInFreshContext(cache.Dir, cache.Secret);
        coldRequested.ShouldContain("YamlDotNet");
        Directory.GetFiles(cache.Dir, "*.ruleset").ShouldHaveSingleItem();

        // Warm: read back, the same rules, no YamlDotNet.
        var (warmRequested, warmRules) = LoadBuiltinInFreshContext(cache.Dir, cache.Secret);
        warmRequested.ShouldNotContain("YamlDotNet", string.Join(", ", warmRequested));
        warmRules.ShouldBe(coldRules);

        // Damaged: parsed again (YamlDotNet back), the same rules.
        var entry = Directory.GetFiles(cache.Dir, "*.ruleset").Single();
        var bytes = File.ReadAllBytes(entry);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(entry, bytes);
        var (damagedRequested, damagedRules) = LoadBuiltinInFreshContext(cache.Dir, cache.Secret);
        damagedRequested.ShouldContain("YamlDotNet");
        damagedRules.ShouldBe(coldRules);
    }

    private static (List<string> Requested, string Rules) LoadBuiltinInFreshContext(string cacheDir, string secret)
    {
        var context = new RecordingContext();
        try
        {
            var core = context.LoadFromAssemblyPath(typeof(RuleSet).Assembly.Location);
            var optionsType = core.GetType("PerfRules.Rules.Runtime.RuleEngineOptions", throwOnError: true)!;
            var options = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("CacheDirectory")!.SetValue(options, cacheDir);
            optionsType.GetProperty("CacheSecretFile")!.SetValue(options, secret);
            optionsType.GetProperty("Warn")!.SetValue(options, (Action<string>)(_ => { }));
            var compiler = core.GetType("PerfRules.Rules.Compilation.RuleSetCompiler", throwOnError: true)!;
            var set = compiler.GetMethod("LoadBuiltin", BindingFlags.Public | BindingFlags.Static, new[] { optionsType })!.Invoke(null, new[] { options })!;
            var rules = (IEnumerable)set.GetType().GetProperty("Rules")!.GetValue(set)!;
            var text = string.Join("\n", rules.Cast<object>().Select(r => r.ToString()));
            return (context.Requested.ToList(), text);
        }
        finally { context.Unload(); }
    }

    private sealed class RecordingContext() : AssemblyLoadContext("perfrules-model-test", isCollectible: true)
    {
        public List<string> Requested { get; } = new();

        protected override Assembly? Load(AssemblyName name)
        {
            lock (Requested) Requested.Add(name.Name ?? "");
            return null;
        }
    }

    // ---- a dump of every field, for "the same set" ---------------------------------------------------

    /// <summary>
    /// Every instance field of our types, recursively (private ones too: an expression's places, a template's
    /// parts, a rule's yields places); collections and dictionaries by their items in order; the code table's
    /// lookup indexes (built on first use) left out.
    /// </summary>
    internal static string Dump(object? value)
    {
        var sb = new System.Text.StringBuilder();
        Write(value, 0);
        return sb.ToString();

        void Write(object? v, int depth)
        {
            if (depth > 40) throw new InvalidOperationException("too deep: a cycle?");
            switch (v)
            {
                case null: sb.Append("null"); return;
                case string s: sb.Append('"').Append(s).Append('"'); return;
                case decimal d: sb.Append(d.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('m'); return;
                case Enum or bool or int or long or char: sb.Append(v); return;
                case IDictionary dict:
                    sb.Append('{');
                    foreach (DictionaryEntry e in dict) { Write(e.Key, depth + 1); sb.Append(": "); Write(e.Value, depth + 1); sb.Append(", "); }
                    sb.Append('}');
                    return;
                case IEnumerable items:
                    sb.Append('[');
                    foreach (var item in items) { Write(item, depth + 1); sb.Append(", "); }
                    sb.Append(']');
                    return;
            }
            var type = v.GetType();
            if (type.Namespace?.StartsWith("PerfRules", StringComparison.Ordinal) != true && !type.IsValueType)
                throw new InvalidOperationException($"not dumped: {type}");
            sb.Append(type.Name).Append('(');
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
                foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (t == typeof(CodeTable) && f.Name is "_index" or "_names") continue;
                    sb.Append(f.Name).Append('=');
                    Write(f.GetValue(v), depth + 1);
                    sb.Append("; ");
                }
            sb.Append(')');
        }
    }
}
