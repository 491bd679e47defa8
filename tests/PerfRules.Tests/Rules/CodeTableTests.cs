using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Yaml;

namespace PerfRules.Tests.Rules;

/// <summary>
/// Reading the table from YAML (the built-in file, a rule file's <c>codes:</c>, with its errors at their line),
/// and looking codes up: the index gives what a scan of the table in file order gives.
/// </summary>
public class CodeTableTests
{
    private static (CodeTable.Level1Entry, CodeTable.Level2Entry)? Scan(CodeTable t, int code)
    {
        foreach (var l1 in t.Level1)
            foreach (var l2 in l1.Level2)
                if (l2.Code == code) return (l1, l2);
        return null;
    }

    // SameName and the name lookups search white space vectorised: the set must be char.IsWhiteSpace's exactly.
    [Test]
    public void White_space_is_exactly_what_char_IsWhiteSpace_takes()
    {
        for (var c = 0; c <= char.MaxValue; c++)
            CodeTable.WhiteSpaceChars.Contains((char)c).ShouldBe(char.IsWhiteSpace((char)c), $"U+{c:X4}");
    }

    [TestCase("产出指标", "产出指标", true)]
    [TestCase("产出", "产出指标", true)]
    [TestCase("产出 指标", "产出指标", true)]
    [TestCase("产\u3000出", "产出", true)]
    [TestCase("产\u00A0出", "产出指标", true)]
    [TestCase("产出", "效益", false)]
    [TestCase("指标", "", true)]
    [TestCase("产出\u200B", "产出", false)]
    public void Names_are_the_same_as_their_normal_forms_are(string a, string b, bool same)
    {
        CodeTable.SameName(a, b).ShouldBe(same);
        CodeTable.SameName(a, b).ShouldBe(CodeTable.NormalizeName(a) == CodeTable.NormalizeName(b));
    }

    [Test]
    public void Every_code_from_minus_5_to_120_is_found_as_a_scan_finds_it()
    {
        var t = CodeTableYaml.Builtin;
        for (var code = -5; code <= 120; code++)
        {
            var hit = t.Level2ByCode(code);
            var scan = Scan(t, code);
            (hit is null).ShouldBe(scan is null, $"level-2 code {code}");
            if (hit is { } h) { h.Parent.ShouldBeSameAs(scan!.Value.Item1); h.Entry.ShouldBeSameAs(scan.Value.Item2); }
            t.Level1ByCode(code).ShouldBeSameAs(t.Level1.FirstOrDefault(l => l.Code == code), $"level-1 code {code}");
        }
        t.Level2ByCode(22)!.Value.Entry.Name.ShouldBe("社会效益指标");
        t.Level1ByCode(3)!.Name.ShouldBe("满意度指标");
    }

    [Test]
    public void The_first_entry_of_a_repeated_code_wins_and_a_new_list_is_looked_up_afresh()
    {
        var t = CodeTableYaml.Parse("""
            level1:
              - code: 1
                name: 产出指标
                level2: [ { code: 11, name: 数量指标 }, { code: 11, name: 重复 }, { code: 1501, name: 大代码 }, { code: 1501, name: 大代码重复 } ]
              - code: 1
                name: 又一个
              - code: 900
                name: 大一级
            """);
        t.Level2ByCode(11)!.Value.Entry.Name.ShouldBe("数量指标");
        t.Level1ByCode(1)!.Name.ShouldBe("产出指标");
        // Codes past the small range are looked up the other way, with the same rule.
        t.Level2ByCode(1501)!.Value.Entry.Name.ShouldBe("大代码");
        t.Level1ByCode(900)!.Name.ShouldBe("大一级");
        t.Level2ByCode(1502).ShouldBeNull();
        t.Level2ByCode(-1501).ShouldBeNull();
        t.Level1 = new List<CodeTable.Level1Entry> { new() { Code = 9, Name = "新", Level2 = { new() { Code = 91, Name = "新二级" } } } };
        t.Level2ByCode(11).ShouldBeNull();
        t.Level2ByCode(91)!.Value.Entry.Name.ShouldBe("新二级");
    }

    [Test]
    public void A_merged_table_finds_the_added_codes_and_the_original_does_not()
    {
        var extra = CodeTableYaml.Parse("""
            level1:
              - code: 1
                name: 产出指标
                level2: [ { code: 15, name: 特色指标 } ]
            """);
        var merged = CodeTableYaml.Builtin.Merge(extra);
        merged.Level2ByCode(15)!.Value.Parent.Name.ShouldBe("产出指标");
        CodeTableYaml.Builtin.Level2ByCode(15).ShouldBeNull();
    }

    [Test]
    public void The_builtin_table_is_the_file_s_content_in_order()
    {
        var t = CodeTableYaml.Builtin;
        (t.Codes, t.Version).ShouldBe(("indicator-codes", "2026.1"));
        t.Level1.Select(l => $"{l.Code}-{l.Name}:" + string.Join(",", l.Level2.Select(x => $"{x.Code}-{x.Name}"))).ShouldBe(new[]
        {
            "1-产出指标:11-数量指标,12-质量指标,13-时效指标,14-成本指标",
            "2-效益指标:21-经济效益指标,22-社会效益指标,23-生态效益指标,24-可持续影响指标",
            "3-满意度指标:31-服务对象满意度指标",
            "-成本指标:-经济成本指标,-社会成本指标,-生态环境成本指标",
        });
        CodeTableYaml.Builtin.ShouldBeSameAs(t);
    }

    [Test]
    public void A_codes_extension_may_share_a_list_through_an_alias_and_leave_codes_or_lists_empty()
    {
        var t = CodeTableYaml.Parse("""
            level1:
              - code: 7
                name: 甲
                level2: &same [ { code: 71, name: 子 }, { name: 无代码 } ]
              - code: ~
                name: 乙
                level2: *same
              - name: 丙
                level2:
            """);
        t.Level1.Select(l => (l.Code, l.Name, l.Level2.Count)).ShouldBe(new (int?, string, int)[] { (7, "甲", 2), (null, "乙", 2), (null, "丙", 0) });
        t.Level1[1].Level2[0].Code.ShouldBe(71);
        t.Level1[0].Level2[1].Code.ShouldBeNull();
        CodeTableYaml.Parse("").Level1.ShouldBeEmpty();
    }

    private static RuleLoadError CodesError(string codes)
    {
        var text = "ruleset: district\nextends: core\ncodes:\n" + codes + "rules: []\n";
        return Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("district.yaml", text) })).Errors.ShouldHaveSingleItem();
    }

    // Each problem of a rule file's codes: at the line and column of the node at fault, in Chinese, naming the place.
    [TestCase("  level1:\n    - code: 1\n      name: 产出指标\n      level2: [ { code: abc, name: 特色 } ]\n", 7, 25, "codes.level1[0].level2[0].code 应是整数（如 11），不是“abc”")]
    [TestCase("  level1:\n    - code: 1\n      nmae: 产出指标\n", 6, 7, "codes.level1[0] 中未知的键“nmae”（允许：code、name、level2）")]
    [TestCase("  level1:\n    - code: 1\n      name: 产出指标\n      level2: { code: 15 }\n", 7, 15, "codes.level1[0].level2 应是列表")]
    [TestCase("  level1:\n    - 产出指标\n", 5, 7, "codes.level1[0] 应是映射（code、name、level2）")]
    [TestCase("  level1:\n    - code: 1\n      name:\n", 6, 12, "codes.level1[0].name 是空的")]
    [TestCase("  level1:\n    - { code: 1, name: [产出, 指标] }\n", 5, 24, "codes.level1[0].name 应是文本，不是列表")]
    [TestCase("  levle1: []\n", 4, 3, "codes 中未知的键“levle1”（允许：codes、version、level1）")]
    [TestCase("  level1: 产出指标\n", 4, 11, "codes.level1 应是列表")]
    [TestCase("  level1:\n    - { code: 1.5, name: 产出指标 }\n", 5, 15, "codes.level1[0].code 应是整数（如 11），不是“1.5”")]
    public void A_bad_codes_extension_is_an_error_at_its_line(string codes, int line, int column, string message)
    {
        var e = CodesError(codes);
        (e.File, e.Line, e.Column, e.Message).ShouldBe(("district.yaml", line, column, message));
    }

    [Test]
    public void Codes_that_are_not_a_mapping_keep_their_message()
    {
        var text = "ruleset: district\nextends: core\ncodes: [1, 2]\nrules: []\n";
        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("district.yaml", text) })).Errors.ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((3, 8));
        e.Message.ShouldStartWith("codes 应是映射");
    }

    [Test]
    public void Parse_gives_every_problem_with_its_line_and_column()
    {
        var e = Should.Throw<FormatException>(() => CodeTableYaml.Parse("version: 1\nlevel1:\n  - { code: x, name: 甲 }\n  - { code: 2, name: 乙, extra: 1 }\n", "t.yaml"));
        e.Message.Split('\n').ShouldBe(new[]
        {
            "t.yaml:3:13: level1[0].code 应是整数（如 11），不是“x”",
            "t.yaml:4:25: level1[1] 中未知的键“extra”（允许：code、name、level2）",
        });
        Should.Throw<FormatException>(() => CodeTableYaml.Parse("level1: [ { name: 甲 }\n", "t.yaml")).Message.ShouldStartWith("t.yaml:2:1: YAML 格式错误");
    }
}
