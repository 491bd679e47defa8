using System.Reflection;
using System.Xml.Linq;
using PerfRules.Cli;
using PerfRules.Readers.Office;
using PerfRules.Readers.Pdf;
using PerfRules.Reports.Office;
using PerfRules.Runs;
using PerfRules.Service;

namespace PerfRules.Tests.Architecture;

/// <summary>
/// The layers, checked on the compiled assemblies (which types each type uses, <see cref="TypeReferences"/>)
/// and on the projects' references:
/// Model ← Values ← Ingest ← Readers (plug-ins); Model ← Rules ← Rules.Runtime ← Rules.Compilation;
/// Values ← Rules.Runtime (the helpers parse figures and deadlines with the value parser: one parser);
/// {Ingest, Rules.Runtime} ← Runs ← Reports ← Reports.Office (plug-in) ← hosts (CLI, service).
/// Yaml (the hardened YAML tree) and Files (bounded reads, atomic writes) are tools under the layers that need them.
/// </summary>
public class LayerTests
{
    /// <summary>What each layer may use directly; it may also use whatever those use, except <see cref="Never"/>.</summary>
    private static readonly Dictionary<string, string[]> Below = new()
    {
        ["Model"] = Array.Empty<string>(),
        ["Files"] = Array.Empty<string>(),
        ["Yaml"] = new[] { "Model" },
        ["Values"] = new[] { "Model" },
        ["Ingest"] = new[] { "Values", "Yaml", "Files" },
        ["Readers"] = new[] { "Ingest" },
        ["Rules"] = new[] { "Model", "Yaml" },
        ["Rules.Runtime"] = new[] { "Rules", "Values" }, // rule helpers read figures in free text the way values are read (one parser)
        ["Rules.Compilation"] = new[] { "Rules.Runtime" },
        ["Runs"] = new[] { "Ingest", "Rules.Runtime", "Files" },
        ["Reports"] = new[] { "Runs" },
        ["Reports.Office"] = new[] { "Reports" },
        ["Engines"] = new[] { "Rules.Runtime" }, // other engines (RulesEngine per document, NRules across documents): plug-ins the hosts wire in
        ["Hosts"] = new[] { "Readers", "Reports.Office", "Rules.Compilation", "Engines" },
    };

    /// <summary>Layers a layer must not use even though a layer below it does: reports format results, they never read or run rules.</summary>
    private static readonly Dictionary<string, string[]> Never = new()
    {
        ["Reports"] = new[] { "Ingest", "Values", "Yaml", "Rules.Runtime", "Rules.Compilation" },
        ["Reports.Office"] = new[] { "Ingest", "Values", "Yaml", "Rules.Runtime", "Rules.Compilation" },
    };

    /// <summary>The layer a namespace belongs to; null for one that is not ours.</summary>
    private static string? LayerOf(string? ns)
    {
        if (ns is null || !(ns == "PerfRules" || ns.StartsWith("PerfRules.", StringComparison.Ordinal))) return null;
        var parts = ns.Split('.');
        return parts.Length < 2 ? "PerfRules" : parts[1] switch
        {
            "Rules" when parts.Length > 2 => "Rules." + parts[2],
            "Reports" when parts.Length > 2 => "Reports." + parts[2],
            "Cli" or "Service" => "Hosts",
            _ => parts[1],
        };
    }

    private static readonly Assembly Core = typeof(Linter).Assembly;

    private static IEnumerable<Assembly> Ours() => new[]
    {
        Core, typeof(OfficeOpeners).Assembly, typeof(PdfOpener).Assembly, typeof(OfficeReports).Assembly, typeof(PerfRules.Engines.RulesEngine.RulesEngineEngine).Assembly,
        typeof(PerfRules.Engines.NRules.NRulesCrossDocumentEngine).Assembly, typeof(CliApp).Assembly, typeof(ServiceApp).Assembly,
    };

    private static Dictionary<string, HashSet<string>> Allowed()
    {
        var allowed = new Dictionary<string, HashSet<string>>();
        HashSet<string> Closure(string layer)
        {
            if (allowed.TryGetValue(layer, out var done)) return done;
            var set = new HashSet<string> { layer };
            foreach (var b in Below[layer]) set.UnionWith(Closure(b));
            set.ExceptWith(Never.GetValueOrDefault(layer, Array.Empty<string>()));
            return allowed[layer] = set;
        }
        foreach (var layer in Below.Keys) Closure(layer);
        return allowed;
    }

    /// <summary>Every use of one of our types by another of our types, as (user layer, used layer, user, used).</summary>
    private static List<(string From, string To, Type User, Type Used)> Uses() =>
        Ours().SelectMany(TypeReferences.Of)
            .SelectMany(t => t.Uses.Select(u => (From: LayerOf(t.Type.Namespace), To: LayerOf(u.Namespace), t.Type, Used: u)))
            .Where(e => e.From is not null && e.To is not null)
            .Select(e => (e.From!, e.To!, e.Type, e.Used))
            .ToList();

    [Test]
    public void Every_namespace_of_ours_belongs_to_a_layer()
    {
        var unknown = Ours().SelectMany(a => a.GetTypes()).Select(t => LayerOf(t.Namespace))
            .Where(l => l is not null && !Below.ContainsKey(l)).Distinct().ToList();
        unknown.ShouldBeEmpty("a new namespace needs its place in LayerTests.Below");
    }

    [Test]
    public void Each_layer_uses_only_the_layers_below_it()
    {
        var allowed = Allowed();
        var wrong = Uses().Where(e => !allowed[e.From].Contains(e.To))
            .Select(e => $"{e.From} → {e.To}: {e.User.FullName} uses {e.Used.FullName}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        wrong.ShouldBeEmpty(string.Join("\n", wrong.Take(40)));
    }

    [Test]
    public void The_layers_have_no_cycle()
    {
        var edges = Uses().Where(e => e.From != e.To).Select(e => (e.From, e.To)).Distinct()
            .GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new Stack<string>();
        string? Visit(string layer)
        {
            if (state.GetValueOrDefault(layer) == 2) return null;
            if (state.GetValueOrDefault(layer) == 1) return string.Join(" → ", path.Reverse().SkipWhile(l => l != layer).Append(layer));
            state[layer] = 1;
            path.Push(layer);
            foreach (var next in edges.GetValueOrDefault(layer, new List<string>()))
                if (Visit(next) is { } cycle) return cycle;
            path.Pop();
            state[layer] = 2;
            return null;
        }
        foreach (var layer in edges.Keys)
            Visit(layer).ShouldBeNull();
        // The check sees real uses: the CLI uses the run layer, the run layer the rules.
        edges["Hosts"].ShouldContain("Runs");
        edges["Runs"].ShouldContain("Rules.Runtime");
    }

    /// <summary>Assemblies of the .NET runtime itself (found beside System.Private.CoreLib).</summary>
    private static bool IsFramework(AssemblyName name) =>
        File.Exists(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, name.Name + ".dll"));

    private static List<string> References(Assembly a) =>
        a.GetReferencedAssemblies().Where(n => !IsFramework(n)).Select(n => n.Name!).Order(StringComparer.Ordinal).ToList();

    [Test]
    public void The_core_depends_on_YamlDotNet_and_Roslyn_only()
    {
        References(Core).ShouldBe(new[] { "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "YamlDotNet" });
        var project = XDocument.Load(Path.Combine(TestPaths.Repo, "src", "PerfRules.Core", "PerfRules.Core.csproj"));
        project.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { "Microsoft.CodeAnalysis.CSharp", "YamlDotNet" });
        project.Descendants("ProjectReference").ShouldBeEmpty();
    }

    /// <summary>
    /// Every run loads the rule set and the code table: they read YAML through the hardened tree, never
    /// YamlDotNet's object deserializer (building it and its first use took 20–35 ms of each start). Documents
    /// in YAML and rule examples (Ingest, Runs) may still use it: only the runs that read them pay.
    /// </summary>
    [Test]
    public void The_rule_set_and_the_code_table_are_read_without_YamlDotNet_s_deserializer()
    {
        var onEveryStart = new[] { "Model", "Yaml", "Rules", "Rules.Runtime", "Rules.Compilation" };
        var wrong = TypeReferences.Of(Core)
            .Where(t => onEveryStart.Contains(LayerOf(t.Type.Namespace)))
            .SelectMany(t => t.Uses.Where(u => u.Namespace?.StartsWith("YamlDotNet.Serialization", StringComparison.Ordinal) == true)
                .Select(u => $"{t.Type.FullName} uses {u.FullName}"))
            .Distinct().ToList();
        wrong.ShouldBeEmpty(string.Join("\n", wrong));
    }

    [Test]
    public void Plug_ins_use_the_core_and_their_own_library_never_a_host_or_each_other()
    {
        var libraries = new Dictionary<Assembly, string[]>
        {
            [typeof(OfficeOpeners).Assembly] = new[] { "DocumentFormat.OpenXml", "DocumentFormat.OpenXml.Framework", "ExcelDataReader" },
            [typeof(PdfOpener).Assembly] = new[] { "UglyToad.PdfPig", "UglyToad.PdfPig.Core", "UglyToad.PdfPig.Fonts", "UglyToad.PdfPig.Tokenization", "UglyToad.PdfPig.Tokens" },
            [typeof(OfficeReports).Assembly] = new[] { "CsvHelper", "DocumentFormat.OpenXml", "DocumentFormat.OpenXml.Framework" },
            [typeof(PerfRules.Engines.NRules.NRulesCrossDocumentEngine).Assembly] = new[] { "NRules", "NRules.RuleModel" },
        };
        foreach (var (plugIn, own) in libraries)
        {
            var references = References(plugIn);
            references.Where(n => n.StartsWith("PerfRules", StringComparison.Ordinal)).ShouldBe(new[] { "PerfRules.Core" }, plugIn.GetName().Name);
            references.Where(n => !n.StartsWith("PerfRules", StringComparison.Ordinal)).ShouldBeSubsetOf(own, plugIn.GetName().Name);
        }
    }

    [Test]
    public void The_CLI_and_the_service_register_every_format()
    {
        foreach (var host in new[] { typeof(CliApp).Assembly, typeof(ServiceApp).Assembly })
            foreach (var plugIn in new[] { "PerfRules.Core", "PerfRules.Readers.Office", "PerfRules.Readers.Pdf", "PerfRules.Reports.Office", "PerfRules.Engines.NRules" })
                References(host).ShouldContain(plugIn, host.GetName().Name);
    }
}
