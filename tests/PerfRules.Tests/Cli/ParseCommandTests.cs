using System.Text.Json;
using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

public class ParseCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.RunPlain(args);

    [Test]
    public void Json_of_all_seeds_is_an_array_with_the_documented_fields()
    {
        var (code, output, _) = Run(new[] { "parse", "--format", "json" }.Concat(Seeds.All).ToArray());
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetArrayLength().ShouldBe(5);
        var first = doc.RootElement[0];
        first.GetProperty("kind").GetString().ShouldBe("projectTargets");
        first.GetProperty("department").GetString().ShouldBe("广州市协作办公室");
        first.GetProperty("moneyUnit").GetString().ShouldBe("万元");
        var unit = first.GetProperty("units")[0];
        unit.GetProperty("name").GetString().ShouldBe("广州市协作办公室");
        unit.GetProperty("amounts").GetProperty("total").GetDecimal().ShouldBe(265460.48m);
        var project = unit.GetProperty("projects")[0];
        project.GetProperty("name").GetString().ShouldBe("会展业务费");
        project.GetProperty("amounts").GetProperty("total").GetDecimal().ShouldBe(220.00m);
        project.GetProperty("goal").GetString()!.ShouldStartWith("通过举办广州博览会");
        var indicator = project.GetProperty("indicators")[1];
        indicator.GetProperty("seq").GetInt32().ShouldBe(2);
        indicator.GetProperty("level1").GetProperty("code").GetInt32().ShouldBe(1);
        indicator.GetProperty("level1").GetProperty("name").GetString().ShouldBe("产出指标");
        indicator.GetProperty("level2").GetProperty("code").GetInt32().ShouldBe(11);
        indicator.GetProperty("level2").GetProperty("name").GetString().ShouldBe("数量指标");
        indicator.GetProperty("name").GetString().ShouldBe("参会代表团个数");
        indicator.GetProperty("cycle").GetProperty("text").GetString().ShouldBe("10个");
        indicator.GetProperty("annual").GetProperty("text").GetString().ShouldBe("10个");
        indicator.GetProperty("line").GetInt32().ShouldBe(17);
        var overall = doc.RootElement[2];
        overall.GetProperty("kind").GetString().ShouldBe("departmentOverall");
        var grid = overall.GetProperty("overall").GetProperty("indicators")[0];
        grid.GetProperty("level1").GetProperty("name").GetString().ShouldBe("产出指标");
        grid.GetProperty("cycle").GetProperty("text").GetString().ShouldBe("10次以上优秀；8-10次良好；5-8次合格");
        grid.GetProperty("line").GetInt32().ShouldBe(21);
    }

    [Test]
    public void Yaml_is_the_default_format()
    {
        var (code, output, _) = Run("parse", Seeds.Path0("003"));
        code.ShouldBe(0);
        output.ShouldStartWith("kind: projectTargets");
    }

    [Test]
    public void A_file_that_does_not_exist_is_named_and_exits_2_before_any_file_is_read()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-table-" + Guid.NewGuid() + ".txt");
        var (code, output, error) = Run("parse", missing, Seeds.Path0("003"));
        code.ShouldBe(2);
        error.ShouldContain("找不到文件或文件夹“" + missing + "”");
        output.ShouldBeEmpty(); // a usage error: nothing is read
    }

    [Test]
    public void A_folder_is_refused_in_chinese()
    {
        var (code, output, error) = Run("parse", TestPaths.Fixtures);
        code.ShouldBe(2);
        error.ShouldContain("是文件夹");
        error.ShouldNotContain("Exception");
        output.ShouldBeEmpty();
    }

    [Test]
    public void An_unknown_format_is_refused()
    {
        Run("parse", "--format", "xml", Seeds.Path0("003")).Code.ShouldBe(2);
    }
}
