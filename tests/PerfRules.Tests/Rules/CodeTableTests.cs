using PerfRules.Model;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>Looking codes up: the index gives what a scan of the table in file order gives.</summary>
public class CodeTableTests
{
    private static (CodeTable.Level1Entry, CodeTable.Level2Entry)? Scan(CodeTable t, int code)
    {
        foreach (var l1 in t.Level1)
            foreach (var l2 in l1.Level2)
                if (l2.Code == code) return (l1, l2);
        return null;
    }

    [Test]
    public void Every_code_from_minus_5_to_120_is_found_as_a_scan_finds_it()
    {
        var t = CodeTable.Builtin;
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
        var t = CodeTable.Parse("""
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
        var extra = CodeTable.Parse("""
            level1:
              - code: 1
                name: 产出指标
                level2: [ { code: 15, name: 特色指标 } ]
            """);
        var merged = CodeTable.Builtin.Merge(extra);
        merged.Level2ByCode(15)!.Value.Parent.Name.ShouldBe("产出指标");
        CodeTable.Builtin.Level2ByCode(15).ShouldBeNull();
    }
}
