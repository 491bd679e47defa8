using System.Text.RegularExpressions;

namespace PerfRules.Tests.Repository;

/// <summary>
/// Every relative link in the users' docs (both READMEs, docs/, the engine guide and the fixtures'
/// READMEs) leads somewhere on GitHub: the file or folder exists, inside the repository, with that
/// exact case, and a #fragment into a Markdown file names one of its headings by GitHub's anchor
/// rule (Chinese headings included) or an explicit HTML anchor. Web addresses are not followed.
/// </summary>
public class DocLinksTests
{
    /// <summary>The Markdown files whose links are checked, repository-relative with '/'.</summary>
    private static List<string> Docs()
    {
        var repo = TestPaths.Repo;
        var files = Directory.GetFiles(repo, "*.md").ToList();
        foreach (var dir in new[] { "docs", "src", "fixtures" })
            files.AddRange(Directory.GetFiles(Path.Combine(repo, dir), "*.md", SearchOption.AllDirectories));
        return files.Select(f => Path.GetRelativePath(repo, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "node_modules"))
            .Order(StringComparer.Ordinal).ToList();
    }

    [Test]
    public void Every_relative_link_in_the_docs_points_at_an_existing_file_and_heading()
    {
        var problems = MarkdownLinkChecker.ForDirectory(TestPaths.Repo).Check(Docs());
        problems.ShouldBeEmpty("broken links:\n" + string.Join("\n", problems));
    }

    [Test]
    public void The_check_covers_both_readmes_and_every_page_under_docs()
    {
        var docs = Docs();
        docs.ShouldContain("README.md");
        docs.ShouldContain("README.zh-CN.md");
        docs.ShouldContain("src/PerfRules.Core/Rules/README.md");
        foreach (var page in new[] { "cli", "service", "rules-language", "hardening", "performance", "performance-history" })
            docs.ShouldContain($"docs/{page}.md");
        // The link finder really finds the READMEs' links (a parser that found none would pass the test above).
        var readme = MarkdownLinkChecker.Links(File.ReadAllText(Path.Combine(TestPaths.Repo, "README.md"))).Select(l => l.Target).ToList();
        readme.ShouldContain("README.zh-CN.md");
        readme.ShouldContain("docs/cli.md");
        readme.ShouldContain("docs/hardening.md#service-limits");
        var zh = MarkdownLinkChecker.Links(File.ReadAllText(Path.Combine(TestPaths.Repo, "README.zh-CN.md"))).Select(l => l.Target).ToList();
        zh.ShouldContain("README.md");
        zh.ShouldContain("docs/rules/README.md");
    }

    [Test]
    public void Readme_is_a_front_door_of_at_most_200_lines_with_the_chinese_guide_linked_at_the_top()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Repo, "README.md"));
        lines.Length.ShouldBeLessThanOrEqualTo(200);
        string.Join("\n", lines.Take(5)).ShouldContain("(README.zh-CN.md)");
    }

    // A small repository in memory: what is broken is reported with file and line, and nothing else is.
    private static readonly Dictionary<string, string> Sample = new()
    {
        ["README.md"] = """
            # PerfRules 使用指南

            [a page](docs/a.md) and [a heading](docs/a.md#常见问题faq) and [the second Notes](docs/a.md#notes-1)
            [missing file](docs/missing.md)
            [missing heading](docs/a.md#no-such-heading)
            [this file](#perfrules-使用指南) [a folder](docs/) [percent-encoded](docs/%E4%B8%AD%E6%96%87.md)
            [web](https://example.com/nowhere.md) <https://example.com/x> [mail](mailto:a@b.c)
            `[in a code span](nowhere.md)`

            ```bash
            [in a code block](nowhere.md)
            ```
            [outside the repository](../elsewhere.md)
            [wrong case](Docs/a.md)
            ![an image](docs/missing.png "title")

            [ref]: docs/gone.md
            """,
        ["docs/a.md"] = """
            # 常见问题（FAQ）
            ## Notes
            ## Notes
            <a id="custom"></a>
            [back](../README.md#perfrules-使用指南) [custom](#custom) [self, wrong](#notes-2)
            """,
        ["docs/中文.md"] = "text",
    };

    [Test]
    public void Broken_links_are_reported_with_their_file_and_line_and_good_ones_are_not()
    {
        var problems = MarkdownLinkChecker.ForMemory(Sample).Check(Sample.Keys);
        problems.Select(p => $"{p.File}:{p.Line} {p.Target}").ShouldBe(new[]
        {
            "README.md:4 docs/missing.md",
            "README.md:5 docs/a.md#no-such-heading",
            "README.md:13 ../elsewhere.md",
            "README.md:14 Docs/a.md",
            "README.md:15 docs/missing.png",
            "README.md:17 docs/gone.md",
            "docs/a.md:5 #notes-2",
        }, ignoreOrder: true, string.Join("\n", problems));
    }

    [Test]
    public void Each_kind_of_break_says_what_is_wrong()
    {
        var problems = MarkdownLinkChecker.ForMemory(Sample).Check(Sample.Keys);
        problems.Single(p => p.File == "README.md" && p.Line == 4).ToString().ShouldBe("README.md:4: docs/missing.md — no such file");
        problems.Single(p => p.File == "README.md" && p.Line == 5).ToString().ShouldBe("README.md:5: docs/a.md#no-such-heading — no heading or anchor “no-such-heading” in docs/a.md");
        problems.Single(p => p.File == "README.md" && p.Line == 13).ToString().ShouldBe("README.md:13: ../elsewhere.md — outside the repository");
    }

    [TestCase("Set-up: the two commands", "set-up-the-two-commands")]
    [TestCase("Exit codes: any failure is 2, never 1", "exit-codes-any-failure-is-2-never-1")]
    [TestCase("Memory past 10,000 documents", "memory-past-10000-documents")]
    [TestCase("Batch runs (`perfrules audit`)", "batch-runs-perfrules-audit")]
    [TestCase("The test PDFs (fixtures/pdf)", "the-test-pdfs-fixturespdf")]
    [TestCase("000 + 002 together (one department in one run)", "000--002-together-one-department-in-one-run")]
    [TestCase("`perfrules rules test --rules DIR`", "perfrules-rules-test---rules-dir")]
    [TestCase("A **bold** _word_ and `snake_case`", "a-bold-word-and-snake_case")]
    [TestCase("See [the guide](docs/x.md) here", "see-the-guide-here")]
    [TestCase("PR305：只写名称的一级、二级指标应是指标代码表中的指标", "pr305只写名称的一级二级指标应是指标代码表中的指标")]
    [TestCase("1. 提交前检查一张表", "1-提交前检查一张表")]
    [TestCase("常见问题（FAQ）", "常见问题faq")]
    public void Headings_get_githubs_anchors(string heading, string anchor) =>
        MarkdownLinkChecker.Slug(MarkdownLinkChecker.HeadingText(heading)).ShouldBe(anchor);

    [Test]
    public void Repeated_headings_are_numbered_as_github_numbers_them()
    {
        var anchors = MarkdownLinkChecker.Anchors("# Tests\n## Tests\n### Tests-1\n#### Tests\n```\n# not a heading\n```\nText\n===\n");
        anchors.ShouldBe(new[] { "tests", "tests-1", "tests-1-1", "tests-2", "text" }, ignoreOrder: true);
    }
}

/// <summary>Finds the links and headings of Markdown files and checks one against the other.</summary>
internal sealed partial class MarkdownLinkChecker
{
    private readonly Func<string, string?> _read;     // repository-relative path → text, or null
    private readonly Func<string, bool> _isFolder;

    private MarkdownLinkChecker(Func<string, string?> read, Func<string, bool> isFolder)
    {
        _read = read;
        _isFolder = isFolder;
    }

    /// <summary>Over a folder on disk; names must match in case, as on GitHub.</summary>
    public static MarkdownLinkChecker ForDirectory(string root) => new(
        path => ExactCase(root, path) is { } full && File.Exists(full) ? File.ReadAllText(full) : null,
        path => path.Length == 0 || (ExactCase(root, path) is { } full && Directory.Exists(full)));

    /// <summary>Over files in memory (path → text); a folder is any prefix of a path.</summary>
    public static MarkdownLinkChecker ForMemory(IReadOnlyDictionary<string, string> files) => new(
        path => files.TryGetValue(path, out var text) ? text : null,
        path => path.Length == 0 || files.Keys.Any(k => k.StartsWith(path + "/", StringComparison.Ordinal)));

    private static string? ExactCase(string root, string path)
    {
        var full = root;
        foreach (var part in path.Split('/'))
        {
            if (!Directory.Exists(full)) return null;
            var entry = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).FirstOrDefault(n => n == part);
            if (entry is null) return null;
            full = Path.Combine(full, entry);
        }
        return full;
    }

    /// <summary>A link that leads nowhere; printed as "file:line: target — what is wrong".</summary>
    public sealed record Broken(string File, int Line, string Target, string Problem)
    {
        public override string ToString() => $"{File}:{Line}: {Target} — {Problem}";
    }

    /// <summary>Every broken link of the given files.</summary>
    public List<Broken> Check(IEnumerable<string> docs)
    {
        var problems = new List<Broken>();
        var anchors = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var doc in docs)
        {
            var text = _read(doc) ?? throw new FileNotFoundException(doc);
            foreach (var (line, target) in Links(text))
            {
                var problem = Problem(doc, target, anchors);
                if (problem is not null) problems.Add(new Broken(doc, line, target, problem));
            }
        }
        return problems;
    }

    private string? Problem(string doc, string target, Dictionary<string, IReadOnlySet<string>> anchors)
    {
        if (target.StartsWith('<') && target.EndsWith('>')) target = target[1..^1];
        if (SchemeRegex().IsMatch(target) || target.StartsWith("//", StringComparison.Ordinal)) return null; // a web address
        var hash = target.IndexOf('#');
        var pathPart = hash < 0 ? target : target[..hash];
        var fragment = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
        var query = pathPart.IndexOf('?');
        if (query >= 0) pathPart = pathPart[..query];
        pathPart = Uri.UnescapeDataString(pathPart);

        string file;
        if (pathPart.Length == 0) file = doc;
        else
        {
            var resolved = Resolve(pathPart.StartsWith('/') ? "" : DirectoryOf(doc), pathPart);
            if (resolved is null) return "outside the repository";
            file = resolved;
            if (_read(file) is null)
                return _isFolder(file.TrimEnd('/')) && fragment is null ? null : "no such file";
        }
        if (fragment is null || !file.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return null;
        if (!anchors.TryGetValue(file, out var known)) anchors[file] = known = Anchors(_read(file)!);
        return known.Contains(fragment) ? null : $"no heading or anchor “{fragment}” in {file}";
    }

    private static string DirectoryOf(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

    /// <summary>The repository-relative path of <paramref name="relative"/> seen from <paramref name="folder"/>; null above the root.</summary>
    private static string? Resolve(string folder, string relative)
    {
        var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in relative.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>The links of a Markdown text (inline links, images, reference definitions), outside code, with their line.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        foreach (var (number, line) in OutsideCodeBlocks(markdown))
        {
            var plain = CodeSpanRegex().Replace(line, m => new string(' ', m.Length));
            var definition = ReferenceDefinitionRegex().Match(plain);
            if (definition.Success)
            {
                yield return (number, definition.Groups["target"].Value);
                continue;
            }
            foreach (Match m in InlineLinkRegex().Matches(plain))
                yield return (number, m.Groups["target"].Value);
        }
    }

    /// <summary>The anchors GitHub gives a Markdown text: one per heading (repeats numbered -1, -2, …) plus explicit HTML ids and names.</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var (_, line) in OutsideCodeBlocks(markdown, keepFenceLines: true))
        {
            string? heading = null;
            var atx = AtxHeadingRegex().Match(line);
            if (atx.Success) heading = atx.Groups["text"].Value;
            else if (previous is not null && SetextUnderlineRegex().IsMatch(line) && IsParagraphLine(previous)) heading = previous.Trim();
            if (heading is not null)
            {
                // github-slugger: a slug already taken gets the next free -N of its own.
                var slug = Slug(HeadingText(heading));
                var original = slug;
                while (taken.ContainsKey(slug))
                    slug = original + "-" + ++taken[original];
                taken[slug] = 0;
                anchors.Add(slug);
            }
            foreach (Match m in HtmlAnchorRegex().Matches(line)) anchors.Add(m.Groups["id"].Value);
            previous = atx.Success || line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal) ? null : line;
        }
        return anchors;
    }

    private static bool IsParagraphLine(string line)
    {
        var t = line.TrimStart();
        return t.Length > 0 && line.Length - t.Length < 4 && !ParagraphExcludedRegex().IsMatch(t);
    }

    /// <summary>The text a heading renders as: code keeps its content, links their text; emphasis marks and HTML tags go.</summary>
    public static string HeadingText(string heading)
    {
        var text = new System.Text.StringBuilder();
        var last = 0;
        foreach (Match code in CodeSpanRegex().Matches(heading))
        {
            text.Append(Inline(heading[last..code.Index]));
            text.Append(code.Groups["code"].Value.Trim());
            last = code.Index + code.Length;
        }
        text.Append(Inline(heading[last..]));
        return text.ToString().Trim();

        static string Inline(string s)
        {
            s = InlineLinkRegex().Replace(s, m => m.Groups["text"].Value);
            s = HtmlTagRegex().Replace(s, "");
            s = s.Replace("*", "");
            return EmphasisUnderscoreRegex().Replace(s, "");
        }
    }

    /// <summary>GitHub's anchor for a heading's text: lower case, only letters, marks, digits, '_', '-' and spaces, spaces made '-'.</summary>
    public static string Slug(string text) =>
        NotInSlugRegex().Replace(text.ToLowerInvariant(), "").Replace(' ', '-');

    /// <summary>The lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Line)> OutsideCodeBlocks(string markdown, bool keepFenceLines = false)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        string? fence = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var m = FenceRegex().Match(lines[i]);
            if (fence is null && m.Success)
            {
                fence = m.Groups["fence"].Value;
                if (keepFenceLines) yield return (i + 1, lines[i].TrimStart());
                continue;
            }
            if (fence is not null)
            {
                if (m.Success && m.Groups["fence"].Value[0] == fence[0] && m.Groups["fence"].Length >= fence.Length
                    && lines[i].Trim().Trim(fence[0]).Length == 0)
                {
                    fence = null;
                    if (keepFenceLines) yield return (i + 1, lines[i].TrimStart());
                }
                continue;
            }
            yield return (i + 1, lines[i]);
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:")]
    private static partial Regex SchemeRegex();

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"(?<ticks>`+)(?<code>.+?)\k<ticks>(?!`)")]
    private static partial Regex CodeSpanRegex();

    [GeneratedRegex(@"!?\[(?<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(?<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:""[^""]*""|'[^']*'|\([^)]*\)))?\s*\)")]
    private static partial Regex InlineLinkRegex();

    [GeneratedRegex(@"^ {0,3}\[(?<label>[^\]]+)\]:\s*(?<target><[^>]*>|\S+)")]
    private static partial Regex ReferenceDefinitionRegex();

    [GeneratedRegex(@"^ {0,3}#{1,6}(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex AtxHeadingRegex();

    [GeneratedRegex(@"^ {0,3}(?:=+|-+)[ \t]*$")]
    private static partial Regex SetextUnderlineRegex();

    [GeneratedRegex(@"^(?:[|>#*+\-]|\d+[.)]\s|<)")]
    private static partial Regex ParagraphExcludedRegex();

    [GeneratedRegex(@"<a\s[^>]*?\b(?:id|name)\s*=\s*[""'](?<id>[^""']+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlAnchorRegex();

    [GeneratedRegex(@"</?[A-Za-z][^>]*>")]
    private static partial Regex HtmlTagRegex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])")]
    private static partial Regex EmphasisUnderscoreRegex();

    [GeneratedRegex(@"[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\- ]")]
    private static partial Regex NotInSlugRegex();
}
