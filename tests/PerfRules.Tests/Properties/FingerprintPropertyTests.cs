using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PerfRules.Rules;

namespace PerfRules.Tests.Properties;

/// <summary>
/// Fingerprints are kept in users' baselines: however they are computed, they must stay the first
/// 16 hex digits of SHA-256 over the UTF-8 of "rule\nfile name\npath\nname=value\n…extra".
/// </summary>
public class FingerprintPropertyTests
{
    private static string Reference(string ruleId, string file, string path, IEnumerable<Evidence> evidence, string? extra)
    {
        var sb = new StringBuilder();
        sb.Append(ruleId).Append('\n').Append(Path.GetFileName(file)).Append('\n').Append(path).Append('\n');
        foreach (var e in evidence) sb.Append(e.Name).Append('=').Append(e.Value).Append('\n');
        if (extra is not null) sb.Append(extra);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
    }

    [Test]
    public void Fingerprint_is_the_sha256_of_the_joined_text_for_any_text()
    {
        // Arbitrary strings include lone surrogates and non-BMP pairs, the cases where encoding piece by piece could differ.
        var text = ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");
        var gen =
            from rule in text
            from file in text
            from path in text
            from names in Gen.ListOf(text)
            from values in Gen.ListOf(text)
            from extra in Gen.OneOf(Gen.Constant<string?>(null), text.Select(s => (string?)s))
            select (rule, "/data/" + file, path, names.Zip(values, (n, v) => new Evidence(n, v)).ToList(), extra);
        Check.One(PropertyRuns.Config(500), Prop.ForAll(gen.ToArbitrary(), c =>
            Finding.ComputeFingerprint(c.rule, c.Item2, c.path, c.Item4, c.extra) == Reference(c.rule, c.Item2, c.path, c.Item4, c.extra)));
    }

    // The pieces are written to UTF-8 by a loop of our own (1, 2 or 3 bytes a character, the library from a surrogate
    // on): texts made of the characters at every edge of those cases, pairs split and lone, at any position.
    [Test]
    public void Fingerprint_is_the_sha256_of_the_joined_text_at_every_encoding_edge()
    {
        char[] edges = ['\0', 'a', '\n', '=', (char)0x7F, (char)0x80, 'é', (char)0x7FF, (char)0x800, '广', '›', (char)0xD7FF,
            (char)0xD800, (char)0xDBFF, (char)0xDC00, (char)0xDFFF, (char)0xE000, (char)0xFFFD, (char)0xFFFF];
        var ch = Gen.OneOf(Gen.Elements(edges), Gen.Choose(0, 0xFFFF).Select(c => (char)c));
        var text = Gen.OneOf(
            Gen.ArrayOf(ch).Select(a => new string(a)),
            // A valid pair somewhere in a text.
            from a in Gen.ArrayOf(ch) from hi in Gen.Choose(0xD800, 0xDBFF) from lo in Gen.Choose(0xDC00, 0xDFFF) from b in Gen.ArrayOf(ch)
            select new string(a) + (char)hi + (char)lo + new string(b));
        var gen =
            from rule in text
            from path in text
            from names in Gen.ListOf(text)
            from values in Gen.ListOf(text)
            from extra in Gen.OneOf(Gen.Constant<string?>(null), text.Select(s => (string?)s))
            select (rule, "/data/" + path.Replace('/', '_'), path, names.Zip(values, (n, v) => new Evidence(n, v)).ToArray(), extra);
        Check.One(PropertyRuns.Config(2000), Prop.ForAll(gen.ToArbitrary(), c =>
            Finding.ComputeFingerprint(c.rule, c.Item2, c.path, c.Item4, c.extra) == Reference(c.rule, c.Item2, c.path, c.Item4, c.extra)));
        // Long pieces (the pooled buffer, past 1 KB) of Chinese text with a pair at the end.
        var long1 = new string('广', 700) + "\U00020000";
        Finding.ComputeFingerprint("PR1", "f", long1, [new Evidence("x", long1)])
            .ShouldBe(Reference("PR1", "f", long1, [new Evidence("x", long1)], null));
    }

    /// <summary>
    /// Fixed values, so baselines users already keep stay valid whatever the implementation. Each was
    /// computed outside .NET from the definition above, e.g.
    /// printf 'PR101\n000_广州市商务局.txt\n广州市商务局 › 合计\ntotal=300.00\nsources=299.99\n' | sha256sum | cut -c1-16
    /// </summary>
    // Fingerprints and SARIF's line hashes go through OpenSSL's low-level SHA-256 on Linux: the same digest as
    // .NET's for any length (empty, around the 55/56/64-byte block edges, many blocks), and that path is taken.
    [Test]
    public void ThreadSha256_is_sha256_for_any_length()
    {
        if (OperatingSystem.IsLinux()) ThreadSha256.LowLevel.ShouldBeTrue();
        var random = new Random(17);
        Span<byte> hash = stackalloc byte[32];
        for (var n = 0; n < 3000; n += n < 200 ? 1 : 37)
        {
            var data = new byte[n];
            random.NextBytes(data);
            ThreadSha256.Hash(data, hash);
            hash.ToArray().ShouldBe(SHA256.HashData(data), $"{n} bytes");
        }
        // Hashed from threads at once (a context each, on its stack).
        Parallel.For(0, 64, k =>
        {
            var data = Encoding.UTF8.GetBytes(new string((char)('a' + k % 26), k * 13));
            Span<byte> mine = stackalloc byte[32];
            ThreadSha256.Hash(data, mine);
            mine.SequenceEqual(SHA256.HashData(data)).ShouldBeTrue();
        });
    }

    [Test]
    public void Fingerprints_of_known_findings_are_pinned()
    {
        var evidence = new[] { new Evidence("total", "300.00"), new Evidence("sources", "299.99") };
        Finding.ComputeFingerprint("PR101", "/data/000_广州市商务局.txt", "广州市商务局 › 合计", evidence).ShouldBe("e42a270e6e10e338");
        // Only the file name counts, not its folder.
        Finding.ComputeFingerprint("PR101", "/elsewhere/000_广州市商务局.txt", "广州市商务局 › 合计", evidence.ToList()).ShouldBe("e42a270e6e10e338");
        Finding.ComputeFingerprint("PR101", "/data/000_广州市商务局.txt", "广州市商务局 › 合计", evidence, "x").ShouldBe("0973167e038a5b73");
        Finding.ComputeFingerprint("PR202", "fixtures/seeds/001_10b8140a258b6b65.txt", "广州开发区援建和对外经济合作局 › 综合业务工作经费", [])
            .ShouldBe("2821a85762f96b1a");
        // A character outside the BMP (a surrogate pair in .NET) is hashed as its 4 UTF-8 bytes.
        Finding.ComputeFingerprint("PR403", "seed.txt", "部门 › 单位 › 项目 › 指标 3", [new Evidence("bad", "实施周期指标值“\U00020000”是计算公式")])
            .ShouldBe("778b15c99506de47");
    }
}
