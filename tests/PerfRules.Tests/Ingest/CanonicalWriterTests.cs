using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Values;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Tests.Ingest;

public class CanonicalWriterTests
{
    // ---- models with every field filled ----

    private static SourceSpan S(int line, int from = 1, int to = 20) => SourceSpan.Line(line, from, to);

    /// <summary>Parsed fields come from the value parser, as the reader recomputes them.</summary>
    private static TargetValue V(string text, string indicator, int line)
    {
        var v = TargetValueParser.Parse(text, indicator);
        v.Span = S(line, 30, 40);
        return v;
    }

    private static Indicator Ind(int seq, int l1, string l1Name, int l2, string l2Name, string name, string cycle, string? annual, int line) => new()
    {
        Seq = seq,
        Level1 = new CodeName(l1, l1Name),
        Level2 = new CodeName(l2, l2Name),
        Name = name,
        Cycle = V(cycle, name, line),
        Annual = annual is null ? TargetValue.Missing : V(annual, name, line + 1),
        Span = new SourceSpan(line, 1, line + 1, 50),
    };

    internal static Submission ProjectTargets() => new()
    {
        Kind = SubmissionKind.ProjectTargets,
        Layout = "inline",
        Department = "广州市商务局",
        MoneyUnit = "万元",
        SourceFile = "fixtures/seeds/000.txt",
        Encoding = "utf-8",
        Columns = { "总计", "财政拨款", "财政专户拨款", "其他资金" },
        GrandTotal = new AmountRow
        {
            Name = "合计",
            Amounts = new Amounts { Total = 1493.57m, Sources = { new ColumnAmount("财政拨款", 1000.00m) }, Unplaced = { 493.57m } },
            Span = S(5),
        },
        Units =
        {
            new FundingUnit
            {
                Name = "广州市国内合作服务中心",
                Amounts = new Amounts { Total = 220.00m, Sources = { new("财政拨款", 200.00m), new("其他资金", 20.00m) } },
                Span = S(6),
                Projects =
                {
                    new Project
                    {
                        Name = "会展业务费",
                        Amounts = new Amounts { Total = 220.00m, Unplaced = { 200.00m, 20.00m } },
                        Span = new SourceSpan(7, 5, 8, 30),
                        Goal = "完成年度会展服务任务，\n提升服务水平",
                        GoalSpan = new SourceSpan(9, 1, 10, 12),
                        IndicatorsSpan = new SourceSpan(11, 1, 16, 40),
                        Indicators =
                        {
                            Ind(1, 1, "产出指标", 11, "数量指标", "参会代表团个数", "10个", "10个", 11),
                            Ind(2, 2, "效益指标", 22, "社会效益指标", "带动就业人数", "≥1.4万人", "≥1.4万人", 13),
                            Ind(3, 3, "满意度指标", 31, "服务对象满意度指标", "参展商满意度", "≥90%", null, 15),
                        },
                    },
                    new Project
                    {
                        // Names a YAML writer must quote to keep them text.
                        Name = "10",
                        Amounts = new Amounts { Total = 0.5m, Decimals = 1 },
                        Span = S(17),
                        Goal = "",
                        GoalSpan = S(17, 21, 21),
                    },
                },
            },
            new FundingUnit
            {
                Name = "null",
                Amounts = new Amounts { Total = 1273.57m, Decimals = 2 },
                Span = S(18),
                Projects =
                {
                    new Project
                    {
                        Name = "# 不是注释: a, [b]",
                        Amounts = new Amounts { Total = 1273.57m },
                        Span = S(19),
                        Indicators = { Ind(1, 1, "产出指标", 13, "时效指标", " 前后有空格 ", "每年4月底前", "- 4月底前", 20) },
                        IndicatorsSpan = S(20),
                    },
                },
            },
        },
        Furniture = { S(1), S(2, 1, 8), S(3) },
        Diagnostics =
        {
            new Diagnostic("PR004", "第 4 行文本已损坏", S(4), "å¹¿å·ž"),
            new Diagnostic("PR002", "第 21 行无法归入表格结构：多余的文字", S(21)),
            new Diagnostic("PR001", "没有位置的问题", null),
        },
    };

    internal static Submission DepartmentOverall() => new()
    {
        Kind = SubmissionKind.DepartmentOverall,
        Layout = "overall",
        Department = "广州市协作办",
        MoneyUnit = "万元",
        SourceFile = "fixtures/seeds/002.txt",
        Encoding = "gb18030",
        Overall = new DepartmentOverall
        {
            Expenditure = { new() { Name = "基本支出", Value = 4381.54m, Text = "4,381.54", Span = S(6) }, new() { Name = "项目支出", Value = 1200.00m, Text = "1200.00", Span = S(7) } },
            Income = { new() { Name = "财政拨款", Value = 5581.54m, Text = "5581.54", Span = S(8) }, new() { Name = "其他资金", Text = "", Span = S(9) } },
            Development = { new() { Name = "财政专项资金", Value = 0m, Text = "0", Span = S(10) } },
            BudgetLevels = { new() { Name = "市本级使用资金", Value = 5581.54m, Text = "5581.54", Span = S(11) }, new() { Name = "拟用于对下转移支付资金", Value = 0.00m, Text = "0.00", Span = S(12) } },
            Goals = "目标1：做好对口帮扶。\n目标2：推进东西部协作。",
            GoalsSpan = new SourceSpan(13, 1, 14, 30),
            KeyTasks =
            {
                new KeyTask { Name = "对口帮扶", Content = "组织帮扶项目", Funds = 300.00m, Outcome = "完成帮扶任务", Span = S(15) },
                new KeyTask { Name = "对口帮扶", Content = "培训干部", Outcome = "", Span = S(16) },
            },
            OtherTasks = "无",
            Indicators =
            {
                new Indicator
                {
                    Seq = 1, Level1 = new CodeName(null, "产出指标"), Level2 = new CodeName(null, "数量指标"), Name = "帮扶项目数",
                    Cycle = V("10次以上优秀；8-10次良好；5-8次合格", "帮扶项目数", 17), Annual = V("≥8个", "帮扶项目数", 17), Span = S(17),
                },
                new Indicator
                {
                    Seq = 2, Level1 = new CodeName(null, "效益指标"), Level2 = new CodeName(null, "社会效益指标"), Name = "广州市对口帮扶工作的社会影响力",
                    Cycle = V("有效提升", "广州市对口帮扶工作的社会影响力", 18), Annual = V("提升", "广州市对口帮扶工作的社会影响力", 18), Span = S(18),
                },
            },
            EmptyCategories =
            {
                new IndicatorCategory { Level1 = new CodeName(null, "产出指标"), Level2 = new CodeName(null, "质量指标"), Span = S(19) },
                new IndicatorCategory { Level1 = new CodeName(null, "成本指标"), Level2 = new CodeName(null, "经济成本指标"), Span = S(20) },
            },
        },
        Furniture = { S(1) },
    };

    private static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData(ProjectTargets()).SetArgDisplayNames("projectTargets");
        yield return new TestCaseData(DepartmentOverall()).SetArgDisplayNames("departmentOverall");
    }

    private static Submission ReadBack(string text, string path)
        => new CanonicalReader().Read(new SourceText(path, text, "utf-8"), ReadOptions.Default);

    private static void CopyFileFields(Submission from, Submission to)
    {
        to.Layout = from.Layout;
        to.SourceFile = from.SourceFile;
        to.Encoding = from.Encoding;
    }

    // ---- round trips ----

    [TestCaseSource(nameof(Models))]
    public void Yaml_write_read_write_gives_identical_text(Submission model)
    {
        var yaml = CanonicalWriter.ToYaml(model);
        var read = ReadBack(yaml, "model.yaml");

        read.Layout.ShouldBe("yaml");
        read.SourceFile.ShouldBe("model.yaml");
        read.Diagnostics.Count.ShouldBe(model.Diagnostics.Count, "the reader added problems: " + string.Join("; ", read.Diagnostics.Select(d => d.Message)));
        CanonicalWriter.ComparableJson(read).ShouldBe(CanonicalWriter.ComparableJson(model));
        CanonicalWriter.ModelEquals(model, read).ShouldBeTrue();
        CopyFileFields(model, read);
        CanonicalWriter.ToYaml(read).ShouldBe(yaml);
    }

    [TestCaseSource(nameof(Models))]
    public void Json_write_read_write_gives_identical_text(Submission model)
    {
        var json = CanonicalWriter.ToJson(model);
        var read = ReadBack(json, "model.json");

        read.Layout.ShouldBe("json");
        read.Diagnostics.Count.ShouldBe(model.Diagnostics.Count, "the reader added problems: " + string.Join("; ", read.Diagnostics.Select(d => d.Message)));
        CanonicalWriter.ComparableJson(read).ShouldBe(CanonicalWriter.ComparableJson(model));
        CanonicalWriter.ModelEquals(model, read).ShouldBeTrue();
        CopyFileFields(model, read);
        CanonicalWriter.ToJson(read).ShouldBe(json);
    }

    [Test]
    public void Yaml_and_json_read_into_the_same_model()
    {
        var model = ProjectTargets();
        var fromYaml = ReadBack(CanonicalWriter.ToYaml(model), "a.yaml");
        var fromJson = ReadBack(CanonicalWriter.ToJson(model), "a.json");
        CanonicalWriter.ComparableJson(fromYaml).ShouldBe(CanonicalWriter.ComparableJson(fromJson));
    }

    [Test]
    public void Round_trip_keeps_values_that_look_like_other_yaml_types()
    {
        var read = ReadBack(CanonicalWriter.ToYaml(ProjectTargets()), "a.yaml");
        read.Units[0].Projects[1].Name.ShouldBe("10");
        read.Units[0].Projects[1].Goal.ShouldBe("");
        read.Units[1].Name.ShouldBe("null");
        read.Units[1].Projects[0].Name.ShouldBe("# 不是注释: a, [b]");
        read.Units[1].Projects[0].Indicators[0].Name.ShouldBe(" 前后有空格 ");
        read.Units[1].Projects[0].Indicators[0].Annual.Text.ShouldBe("- 4月底前");
        read.Units[0].Projects[0].Goal.ShouldBe("完成年度会展服务任务，\n提升服务水平");
        read.Units[0].Projects[0].Indicators[2].Annual.IsEmpty.ShouldBeTrue();
        read.Diagnostics[2].Span.ShouldBeNull();
    }

    private static Submission WithText(string text) => new()
    {
        Kind = SubmissionKind.ProjectTargets,
        Department = text,
        Units = { new FundingUnit { Name = text, Span = S(1), Projects = { new Project
        {
            Name = text, Span = S(2), Goal = text, GoalSpan = S(3),
            Indicators = { new Indicator { Seq = 1, Name = text, Level1 = new CodeName(1, text), Span = S(4), Cycle = V(text, text, 4) } },
            IndicatorsSpan = S(4),
        } } } },
    };

    private static bool SurvivesBothFormats(string text)
    {
        var model = WithText(text);
        return new[] { CanonicalWriter.ToYaml(model), CanonicalWriter.ToJson(model) }.All(written =>
        {
            var read = CanonicalReader.Parse(written);
            return read.Department == text && read.Units[0].Projects[0].Goal == text
                   && read.Units[0].Projects[0].Indicators[0].Cycle.Text == text
                   && CanonicalWriter.ModelEquals(read, model);
        });
    }

    [TestCase("a\r\nb")]
    [TestCase("a\rb")]
    [TestCase("\n")]
    [TestCase("\t")]
    [TestCase(" ")]
    [TestCase("多行\n\n文本\n")]
    [TestCase("nel\u0085x")]
    [TestCase("ls\u2028x")]
    [TestCase("nul\0x")]
    [TestCase("--- doc")]
    [TestCase("key: value")]
    [TestCase("*star")]
    [TestCase("&anchor")]
    [TestCase("!tag")]
    [TestCase("<<")]
    [TestCase("yes")]
    [TestCase("0x1F")]
    [TestCase("1,000.00")]
    [TestCase("-.inf")]
    [TestCase("2024-01-01")]
    [TestCase("\u3000全角空格")]
    [TestCase("emoji 😀")]
    public void Awkward_text_survives_a_round_trip(string text)
    {
        SurvivesBothFormats(text).ShouldBeTrue();
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Any_text_survives_a_round_trip()
        => Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
            // Lone surrogates are not text a file can hold.
            SurvivesBothFormats(new string((text ?? "").Select(c => char.IsSurrogate(c) ? '?' : c).ToArray())));

    [Test]
    public void Decimals_keep_their_printed_scale()
    {
        var model = ProjectTargets();
        var yaml = CanonicalWriter.ToYaml(model);
        var json = CanonicalWriter.ToJson(model);
        yaml.ShouldContain("total: 220.00");
        json.ShouldContain("\"total\": 220.00");
        json.ShouldContain("\"total\": 0.5,");

        var read = ReadBack(yaml, "a.yaml");
        read.Units[0].Amounts.Total!.Value.Scale.ShouldBe((byte)2);
        read.Units[0].Projects[1].Amounts.Decimals.ShouldBe(1);
        read.GrandTotal!.Amounts.Unplaced.ShouldBe(new[] { 493.57m });
    }

    // ---- the written shape ----

    [Test]
    public void Json_has_the_documented_field_names()
    {
        using var doc = JsonDocument.Parse(CanonicalWriter.ToJson(ProjectTargets()));
        var root = doc.RootElement;
        root.GetProperty("kind").GetString().ShouldBe("projectTargets");
        root.GetProperty("department").GetString().ShouldBe("广州市商务局");
        root.GetProperty("moneyUnit").GetString().ShouldBe("万元");
        var unit = root.GetProperty("units")[0];
        unit.GetProperty("name").GetString().ShouldBe("广州市国内合作服务中心");
        unit.GetProperty("amounts").GetProperty("total").GetDecimal().ShouldBe(220m);
        unit.GetProperty("amounts").GetProperty("sources")[1].GetProperty("column").GetString().ShouldBe("其他资金");
        unit.GetProperty("line").GetInt32().ShouldBe(6);
        var project = unit.GetProperty("projects")[0];
        project.GetProperty("name").GetString().ShouldBe("会展业务费");
        project.GetProperty("amounts").GetProperty("total").GetDecimal().ShouldBe(220m);
        project.GetProperty("amounts").GetProperty("unplaced").GetArrayLength().ShouldBe(2);
        project.GetProperty("goal").GetString().ShouldStartWith("完成年度会展服务任务");
        project.GetProperty("line").GetInt32().ShouldBe(7);
        project.GetProperty("span").GetString().ShouldBe("7:5-8:30");
        AssertIndicator(project.GetProperty("indicators")[0], 1, 1, "产出指标", 11, "数量指标", "参会代表团个数", "10个", 11);
        root.GetProperty("grandTotal").GetProperty("amounts").GetProperty("decimals").GetInt32().ShouldBe(2);
        root.GetProperty("furniture")[1].GetString().ShouldBe("2:1-2:8");
        var diag = root.GetProperty("diagnostics")[0];
        diag.GetProperty("ruleId").GetString().ShouldBe("PR004");
        diag.GetProperty("span").GetString().ShouldBe("4:1-4:20");
        diag.GetProperty("text").GetString().ShouldBe("å¹¿å·ž");
    }

    [Test]
    public void Json_has_the_documented_field_names_for_department_overall()
    {
        using var doc = JsonDocument.Parse(CanonicalWriter.ToJson(DepartmentOverall()));
        var root = doc.RootElement;
        root.GetProperty("kind").GetString().ShouldBe("departmentOverall");
        var overall = root.GetProperty("overall");
        overall.GetProperty("expenditure")[0].GetProperty("name").GetString().ShouldBe("基本支出");
        overall.GetProperty("expenditure")[0].GetProperty("value").GetDecimal().ShouldBe(4381.54m);
        overall.GetProperty("expenditure")[0].GetProperty("text").GetString().ShouldBe("4,381.54");
        overall.GetProperty("income")[1].TryGetProperty("value", out _).ShouldBeFalse();
        overall.GetProperty("budgetLevels").GetArrayLength().ShouldBe(2);
        overall.GetProperty("development").GetArrayLength().ShouldBe(1);
        overall.GetProperty("goals").GetString().ShouldStartWith("目标1");
        overall.GetProperty("goalsSpan").GetString().ShouldBe("13:1-14:30");
        overall.GetProperty("keyTasks")[0].GetProperty("funds").GetDecimal().ShouldBe(300m);
        overall.GetProperty("otherTasks").GetString().ShouldBe("无");
        overall.GetProperty("emptyCategories")[1].GetProperty("level1").GetProperty("name").GetString().ShouldBe("成本指标");
        var indicator = overall.GetProperty("indicators")[0];
        indicator.GetProperty("seq").GetInt32().ShouldBe(1);
        indicator.GetProperty("level1").TryGetProperty("code", out _).ShouldBeFalse();
        indicator.GetProperty("level1").GetProperty("name").GetString().ShouldBe("产出指标");
        indicator.GetProperty("level2").GetProperty("name").GetString().ShouldBe("数量指标");
        indicator.GetProperty("name").GetString().ShouldBe("帮扶项目数");
        indicator.GetProperty("cycle").GetProperty("text").GetString().ShouldBe("10次以上优秀；8-10次良好；5-8次合格");
        indicator.GetProperty("annual").GetProperty("text").GetString().ShouldBe("≥8个");
        indicator.GetProperty("line").GetInt32().ShouldBe(17);
    }

    private static void AssertIndicator(JsonElement i, int seq, int l1, string l1Name, int l2, string l2Name, string name, string value, int line)
    {
        i.GetProperty("seq").GetInt32().ShouldBe(seq);
        i.GetProperty("level1").GetProperty("code").GetInt32().ShouldBe(l1);
        i.GetProperty("level1").GetProperty("name").GetString().ShouldBe(l1Name);
        i.GetProperty("level2").GetProperty("code").GetInt32().ShouldBe(l2);
        i.GetProperty("level2").GetProperty("name").GetString().ShouldBe(l2Name);
        i.GetProperty("name").GetString().ShouldBe(name);
        i.GetProperty("cycle").GetProperty("text").GetString().ShouldBe(value);
        i.GetProperty("cycle").GetProperty("kind").GetString().ShouldBe(CanonicalWriter.EnumName(TargetValueParser.Parse(value, name).Kind));
        i.GetProperty("annual").GetProperty("text").GetString().ShouldBe(value);
        i.GetProperty("line").GetInt32().ShouldBe(line);
    }

    [Test]
    public void Every_target_value_field_is_written_with_camel_case_enums()
    {
        var s = new Submission
        {
            Kind = SubmissionKind.ProjectTargets,
            Units = { new FundingUnit { Name = "u", Projects = { new Project { Name = "p", Indicators = { new Indicator
            {
                Seq = 1, Name = "达标率",
                Cycle = new TargetValue
                {
                    Text = "不低于90%", Kind = ValueKind.Percentage, Comparator = Comparator.Ge, Number = 90m, Unit = "%",
                    Subject = "达标率", Month = 4, Reason = "scoringRule", Span = S(3),
                    Grades = new() { new Grade { Label = "良好", Text = "8-10次良好", Comparator = Comparator.Le, Low = 8m, High = 10m, Unit = "次" } },
                },
            } } } } } },
        };
        using var doc = JsonDocument.Parse(CanonicalWriter.ToJson(s));
        var cycle = doc.RootElement.GetProperty("units")[0].GetProperty("projects")[0].GetProperty("indicators")[0].GetProperty("cycle");
        cycle.GetProperty("kind").GetString().ShouldBe("percentage");
        cycle.GetProperty("comparator").GetString().ShouldBe("ge");
        cycle.GetProperty("number").GetDecimal().ShouldBe(90m);
        cycle.GetProperty("unit").GetString().ShouldBe("%");
        cycle.GetProperty("subject").GetString().ShouldBe("达标率");
        cycle.GetProperty("month").GetInt32().ShouldBe(4);
        cycle.GetProperty("reason").GetString().ShouldBe("scoringRule");
        cycle.GetProperty("span").GetString().ShouldBe("3:1-3:20");
        var grade = cycle.GetProperty("grades")[0];
        grade.GetProperty("label").GetString().ShouldBe("良好");
        grade.GetProperty("comparator").GetString().ShouldBe("le");
        grade.GetProperty("low").GetDecimal().ShouldBe(8m);
        grade.GetProperty("high").GetDecimal().ShouldBe(10m);
        grade.GetProperty("unit").GetString().ShouldBe("次");
    }

    [Test]
    public void Nulls_empty_lists_and_computed_properties_are_not_written()
    {
        var s = new Submission { Kind = SubmissionKind.ProjectTargets, Units = { new FundingUnit { Name = "u", Projects = { new Project { Name = "p" } } } } };
        var json = CanonicalWriter.ToJson(s);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.TryGetProperty("department", out _).ShouldBeFalse();
        root.TryGetProperty("columns", out _).ShouldBeFalse();
        root.TryGetProperty("diagnostics", out _).ShouldBeFalse();
        root.TryGetProperty("grandTotal", out _).ShouldBeFalse();
        var project = root.GetProperty("units")[0].GetProperty("projects")[0];
        project.TryGetProperty("indicators", out _).ShouldBeFalse();
        project.TryGetProperty("goal", out _).ShouldBeFalse();
        project.TryGetProperty("line", out _).ShouldBeFalse("no span, no line");

        // Computed properties of the model are not written: they would be a second truth to keep in step.
        var written = new[] { ProjectTargets(), DepartmentOverall() }
            .SelectMany(m => PropertyPaths(JsonDocument.Parse(CanonicalWriter.ToJson(m)).RootElement, "")).ToList();
        written.ShouldNotContain("/projects", "the document's projects are written under their units only");
        written.Select(p => p[(p.LastIndexOf('/') + 1)..]).Intersect(ComputedProperties).ShouldBeEmpty();

        // Not vacuous: a serializer that writes every public property does write each of these.
        var naive = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, ReferenceHandler = System.Text.Json.Serialization.ReferenceHandler.IgnoreCycles };
        var everything = new[] { ProjectTargets(), DepartmentOverall() }
            .SelectMany(m => PropertyPaths(JsonDocument.Parse(JsonSerializer.Serialize(m, naive)).RootElement, "")).ToList();
        everything.ShouldContain("/projects");
        ComputedProperties.Except(everything.Select(p => p[(p.LastIndexOf('/') + 1)..])).ShouldBeEmpty();
    }

    private static readonly string[] ComputedProperties =
    [
        "allIndicators", "level1Code", "level2Code", "sourceSum", "hasSources", "fiscal", "fiscalSpecial", "isNumeric", "isEmpty",
        "basicExpenditure", "expenditureTotal", "keyTaskTotal", "startLine",
    ];

    /// <summary>Every property of a JSON tree as a path of names (/units/projects/indicators/cycle/text).</summary>
    private static IEnumerable<string> PropertyPaths(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => PropertyPaths(p.Value, path + "/" + p.Name).Prepend(path + "/" + p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(x => PropertyPaths(x, path)),
        _ => [],
    };

    [Test]
    public void Chinese_text_is_not_escaped_and_output_is_indented()
    {
        var json = CanonicalWriter.ToJson(ProjectTargets());
        json.ShouldContain("\"department\": \"广州市商务局\"");
        json.ShouldContain("≥90%");
        json.ShouldNotContain("\\u");
        json.ShouldContain("\n  \"kind\": \"projectTargets\",\n");
        var yaml = CanonicalWriter.ToYaml(ProjectTargets());
        yaml.ShouldStartWith("kind: projectTargets\n");
        yaml.ShouldContain("department: 广州市商务局\n");
        yaml.ShouldContain("level1: {code: 1, name: 产出指标}");
        yaml.ShouldContain("name: \"10\"");
        yaml.ShouldContain("name: \"null\"");
    }

    [Test]
    public void Several_submissions_are_a_json_array_or_a_yaml_stream()
    {
        var both = new[] { ProjectTargets(), DepartmentOverall() };
        using (var doc = JsonDocument.Parse(CanonicalWriter.ToJson(both)))
        {
            doc.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
            doc.RootElement[1].GetProperty("kind").GetString().ShouldBe("departmentOverall");
        }
        JsonDocument.Parse(CanonicalWriter.ToJson(both.Take(1))).RootElement.ValueKind.ShouldBe(JsonValueKind.Object);

        var stream = CanonicalWriter.ToYaml(both);
        stream.Split('\n').Count(l => l == "---").ShouldBe(1);
        var read = ReadBack(stream, "both.yaml");
        CanonicalWriter.ModelEquals(read, ProjectTargets()).ShouldBeFalse("the extra document is reported");
        var extra = read.Diagnostics.Last();
        extra.RuleId.ShouldBe("PR002");
        // The first document's lines, then the --- line, then the second document.
        extra.Span!.StartLine.ShouldBe(CanonicalWriter.ToYaml(both[0]).Count(c => c == '\n') + 2);
        read.Diagnostics.Take(read.Diagnostics.Count - 1).ShouldBe(ProjectTargets().Diagnostics);
    }

    // ---- hand-written documents ----

    private const string HandWritten = """
        # 规则示例：项目有产出和满意度指标
        department: 广州市商务局
        moneyUnit: 万元
        units:
          - name: 广州市国内合作服务中心
            amounts: {total: 220.00, 财政拨款: 220.00}
            projects:
              - name: 会展业务费
                amounts: {total: 220.00, 财政拨款: 200.00, 其他资金: 20}
                goal: 完成年度会展服务任务
                indicators:
                  - level1: 1-产出指标
                    level2: 11-数量指标
                    name: 参会代表团个数
                    cycle: 10个
                    annual: 10个
                  - level1: 满意度指标
                    level2: {code: 31, name: 服务对象满意度指标}
                    name: 参展商满意度
                    cycle: "≥90%"
                    annual: ≥90%
        """;

    [Test]
    public void Hand_written_yaml_reads_into_the_expected_model()
    {
        var s = ReadBack(HandWritten, "rules/examples/pr202.yaml");

        s.Diagnostics.ShouldBeEmpty();
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets, "inferred from units");
        s.Layout.ShouldBe("yaml");
        s.SourceFile.ShouldBe("rules/examples/pr202.yaml");
        s.Department.ShouldBe("广州市商务局");
        s.MoneyUnit.ShouldBe("万元");

        var unit = s.Units.ShouldHaveSingleItem();
        unit.Name.ShouldBe("广州市国内合作服务中心");
        unit.Amounts.Total.ShouldBe(220.00m);
        unit.Amounts.Column("财政拨款").ShouldBe(220.00m);
        unit.Amounts.Decimals.ShouldBe(2);
        unit.Span.ShouldBe(new SourceSpan(5, 5, 21, 24));

        var p = unit.Projects.ShouldHaveSingleItem();
        p.Name.ShouldBe("会展业务费");
        p.Line.ShouldBe(8);
        p.Span!.StartColumn.ShouldBe(9);
        p.Amounts.Sources.ShouldBe(new[] { new ColumnAmount("财政拨款", 200.00m), new ColumnAmount("其他资金", 20m) });
        p.Amounts.Decimals.ShouldBe(2, "the most places printed");
        p.Goal.ShouldBe("完成年度会展服务任务");
        p.GoalSpan.ShouldBe(new SourceSpan(10, 15, 10, 24));
        p.IndicatorsSpan!.StartLine.ShouldBe(12);
        p.IndicatorsSpan.EndLine.ShouldBe(21);

        p.Indicators.Count.ShouldBe(2);
        var first = p.Indicators[0];
        first.Seq.ShouldBe(1, "seq defaults to the position");
        first.Level1.ShouldBe(new CodeName(1, "产出指标"));
        first.Level2.ShouldBe(new CodeName(11, "数量指标"));
        first.Name.ShouldBe("参会代表团个数");
        first.Line.ShouldBe(12);
        first.Span!.EndLine.ShouldBe(16);
        first.Cycle.Text.ShouldBe("10个");
        first.Cycle.Span.ShouldBe(new SourceSpan(15, 20, 15, 22));
        first.Annual.Span!.StartLine.ShouldBe(16);

        var second = p.Indicators[1];
        second.Seq.ShouldBe(2);
        second.Level1.ShouldBe(new CodeName(null, "满意度指标"));
        second.Level2.ShouldBe(new CodeName(31, "服务对象满意度指标"));
        second.Line.ShouldBe(17);
        second.Cycle.Text.ShouldBe("≥90%");
        second.Annual.Text.ShouldBe("≥90%");
        second.Cycle.Span!.StartLine.ShouldBe(20);
        second.Cycle.Kind.ShouldBe(TargetValueParser.Parse("≥90%", "参展商满意度").Kind);
    }

    [Test]
    public void Line_endings_and_a_byte_order_mark_do_not_change_the_model()
    {
        var lf = ReadBack(HandWritten, "a.yaml");
        var crlf = ReadBack(HandWritten.Replace("\n", "\r\n"), "a.yaml");
        var bom = CanonicalReader.Parse("\uFEFF" + HandWritten, "a.yaml");
        crlf.Diagnostics.ShouldBeEmpty();
        bom.Diagnostics.ShouldBeEmpty();
        CanonicalWriter.ComparableJson(crlf).ShouldBe(CanonicalWriter.ComparableJson(lf));
        CanonicalWriter.ComparableJson(bom).ShouldBe(CanonicalWriter.ComparableJson(lf));
    }

    [Test]
    public void Hand_written_department_overall_with_shorthands()
    {
        const string yaml = """
            overall:
              expenditure: {基本支出: "4,381.54", 项目支出: 1200.00}
              income:
                - {name: 财政拨款, value: 5581.54}
              goals: 做好对口帮扶
              indicators:
                - {seq: 7, level1: 产出指标, level2: 数量指标, name: 帮扶项目数, cycle: ≥8个}
            """;
        var s = CanonicalReader.Parse(yaml, "x.yaml");
        s.Diagnostics.ShouldBeEmpty();
        s.Kind.ShouldBe(SubmissionKind.DepartmentOverall, "inferred from overall");
        var o = s.Overall.ShouldNotBeNull();
        o.BasicExpenditure.ShouldBe(4381.54m);
        o.Expenditure[0].Text.ShouldBe("4,381.54");
        o.Expenditure[1].Line.ShouldBe(2);
        o.Income.ShouldHaveSingleItem().Value.ShouldBe(5581.54m);
        o.Income[0].Line.ShouldBe(4);
        o.GoalsSpan!.StartLine.ShouldBe(5);
        var i = o.Indicators.ShouldHaveSingleItem();
        i.Seq.ShouldBe(7);
        i.Level2.ShouldBe(new CodeName(null, "数量指标"));
        i.Annual.IsEmpty.ShouldBeTrue();
        i.Annual.Span.ShouldBeNull();
    }

    [Test]
    public void Parsed_value_fields_in_the_file_are_recomputed_from_the_text()
    {
        const string yaml = """
            kind: projectTargets
            units:
              - name: u
                projects:
                  - name: p
                    indicators:
                      - name: 满意度
                        cycle: {text: 提升, kind: percentage, comparator: ge, number: 999, unit: 个, month: 3, span: "40:2-40:9"}
            """;
        var s = CanonicalReader.Parse(yaml);
        s.Diagnostics.ShouldBeEmpty();
        var v = s.Projects.Single().Indicators.Single().Cycle;
        var expected = TargetValueParser.Parse("提升", "满意度");
        v.Text.ShouldBe("提升");
        v.Kind.ShouldBe(expected.Kind);
        v.Number.ShouldBe(expected.Number);
        v.Comparator.ShouldBe(expected.Comparator);
        v.Unit.ShouldBe(expected.Unit);
        v.Month.ShouldBe(expected.Month);
        v.Span.ShouldBe(new SourceSpan(40, 2, 40, 9), "a span in the file is kept");
    }

    [Test]
    public void A_submission_inside_another_yaml_file_is_read_with_that_files_lines()
    {
        const string ruleFile = """
            id: PR202
            examples:
              valid:
                - units:
                    - name: u
                      projects: [{name: p}]
            """;
        var parser = new Parser(new StringReader(ruleFile));
        while (parser.MoveNext() && !(parser.Current is Scalar { Value: "valid" })) { }
        parser.MoveNext(); // the value: a sequence
        parser.Consume<SequenceStart>();
        var s = CanonicalReader.ReadNode(parser, "rules/core.yaml");
        parser.Current.ShouldBeOfType<SequenceEnd>();
        s.Diagnostics.ShouldBeEmpty();
        s.SourceFile.ShouldBe("rules/core.yaml");
        s.Units[0].Line.ShouldBe(5);
        s.Units[0].Projects[0].Line.ShouldBe(6);
    }

    public sealed class ExampleFile
    {
        public string Id { get; set; } = "";
        public List<Submission> Valid { get; set; } = new();
    }

    [Test]
    public void A_deserializer_reads_embedded_submissions_through_the_converter()
    {
        const string ruleFile = """
            id: PR202
            valid:
              - units:
                  - name: u
                    projects: [{name: p}]
              - overall: {goals: 目标}
                bogus: 1
            """;
        var deserializer = new YamlDotNet.Serialization.DeserializerBuilder()
            .WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance)
            .WithTypeConverter(new PerfRules.Ingest.Canonical.SubmissionYamlConverter("rules/core.yaml"))
            .Build();
        var file = deserializer.Deserialize<ExampleFile>(ruleFile);
        file.Id.ShouldBe("PR202");
        file.Valid.Count.ShouldBe(2);
        file.Valid[0].Kind.ShouldBe(SubmissionKind.ProjectTargets);
        file.Valid[0].Units[0].Projects[0].Line.ShouldBe(5);
        file.Valid[1].Overall!.Goals.ShouldBe("目标");
        Single(file.Valid[1], "PR002").Span!.StartLine.ShouldBe(7);

        var serializer = new YamlDotNet.Serialization.SerializerBuilder()
            .WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance)
            .WithTypeConverter(new PerfRules.Ingest.Canonical.SubmissionYamlConverter())
            .Build();
        var written = serializer.Serialize(new { Valid = new[] { DepartmentOverall() } });
        written.ShouldContain("kind: departmentOverall");
        var again = deserializer.Deserialize<ExampleFile>(written).Valid.ShouldHaveSingleItem();
        CanonicalWriter.ModelEquals(again, DepartmentOverall()).ShouldBeTrue();
    }

    // ---- bad input ----

    private static Diagnostic Single(Submission s, string ruleId)
    {
        var d = s.Diagnostics.Where(x => x.RuleId == ruleId).ShouldHaveSingleItem();
        return d;
    }

    [Test]
    public void Syntax_error_is_PR001_with_the_position()
    {
        var s = CanonicalReader.Parse("kind: projectTargets\nunits:\n  - name: \"unterminated\n");
        s.Kind.ShouldBe(SubmissionKind.Unknown);
        var d = Single(s, "PR001");
        d.Message.ShouldContain("语法错误");
        d.Span!.StartLine.ShouldBeGreaterThanOrEqualTo(3);
        d.Text.ShouldNotBeNullOrEmpty();
    }

    [Test]
    public void Json_syntax_error_is_PR001_with_the_position()
    {
        var s = CanonicalReader.Parse("{\n  \"kind\": \"projectTargets\",\n  \"units\": [ {\"name\": \"u\" ]\n}\n");
        var d = Single(s, "PR001");
        d.Span!.StartLine.ShouldBe(3);
    }

    [Test]
    public void Unknown_key_is_PR002_naming_the_key_and_line()
    {
        var s = CanonicalReader.Parse("kind: projectTargets\nunits:\n  - name: u\n    projets: []\n");
        s.Units.ShouldHaveSingleItem().Name.ShouldBe("u");
        var d = Single(s, "PR002");
        d.Message.ShouldContain("projets");
        d.Message.ShouldContain("第 4 行");
        d.Span!.StartLine.ShouldBe(4);
        d.Text.ShouldBe("projets");
    }

    [TestCase("kind: projectTargets\nunits:\n  - name: u\n    amounts: [1, 2]\n", "amounts", 4)]
    [TestCase("kind: projectTargets\nunits:\n  - name: u\n    amounts: {total: 十万}\n", "total", 4)]
    [TestCase("kind: projectTargets\nunits:\n  - name: u\n    projects: {name: p}\n", "projects", 4)]
    [TestCase("kind: projectTargets\nunits: {name: u}\n", "units", 2)]
    [TestCase("kind: projectTargets\ndepartment: [a, b]\nunits: []\n", "department", 2)]
    [TestCase("kind: projectTargets\nunits:\n  - name: u\n    projects:\n      - name: p\n        indicators:\n          - seq: first\n", "seq", 7)]
    [TestCase("kind: projectTargets\nunits:\n  - name: u\n    span: here\n", "span", 4)]
    [TestCase("kind: nonsense\nunits: []\n", "kind", 1)]
    public void Wrong_type_is_PR002_naming_the_key_and_line(string yaml, string key, int line)
    {
        var s = CanonicalReader.Parse(yaml);
        var d = Single(s, "PR002");
        d.Message.ShouldContain(key);
        d.Span!.StartLine.ShouldBe(line);
        s.Diagnostics.ShouldNotContain(x => x.RuleId == "PR001");
    }

    [TestCase("department: 广州市商务局\nmoneyUnit: 万元\n")]
    [TestCase("[]")]
    [TestCase("just some text")]
    [TestCase("")]
    [TestCase("# only a comment\n")]
    [TestCase("---\n")]
    public void A_document_that_is_not_a_submission_is_PR001(string text)
    {
        var s = CanonicalReader.Parse(text);
        s.Kind.ShouldBe(SubmissionKind.Unknown);
        Single(s, "PR001");
    }

    [Test]
    public void Aliases_are_PR002_and_not_expanded()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 30; i++)
            sb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        sb.Append("kind: projectTargets\nunits:\n  - name: u\n    projects: *a30\n");
        var s = CanonicalReader.Parse(sb.ToString());
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        s.Units.ShouldHaveSingleItem().Projects.ShouldBeEmpty();
        var aliases = s.Diagnostics.Where(d => d.Message.Contains("别名")).ToList();
        aliases.Count.ShouldBe(301);
        aliases.ShouldAllBe(d => d.RuleId == "PR002");
        aliases.Last().Span!.StartLine.ShouldBe(35);
    }

    [Test]
    public void Alias_as_a_key_is_PR002()
    {
        var s = CanonicalReader.Parse("x: &k kind\nunits: []\n*k : projectTargets\n");
        s.Diagnostics.ShouldContain(d => d.RuleId == "PR002" && d.Span!.StartLine == 3);
    }

    [TestCase("[", 10_000)]
    [TestCase("{a: ", 10_000)]
    public void Deep_nesting_is_PR002_without_overflow(string open, int depth)
    {
        var text = "kind: projectTargets\nunits: " + string.Concat(Enumerable.Repeat(open, depth))
                   + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth)) + "\n";
        var s = CanonicalReader.Parse(text);
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        s.Diagnostics.ShouldContain(d => d.RuleId == "PR002" && d.Message.Contains("嵌套"));
    }

    [Test]
    public void Huge_scalar_is_PR002()
    {
        var s = CanonicalReader.Parse("kind: projectTargets\ndepartment: " + new string('部', 200_000) + "\nunits: []\n");
        s.Department.ShouldBeNull();
        var d = Single(s, "PR002");
        d.Message.ShouldContain("过长");
        d.Span!.StartLine.ShouldBe(2);
    }

    [Test]
    public void Duplicate_key_is_PR002_and_the_first_is_kept()
    {
        var s = CanonicalReader.Parse("{\"kind\": \"projectTargets\", \"department\": \"甲\", \"department\": \"乙\", \"units\": []}");
        s.Department.ShouldBe("甲");
        Single(s, "PR002").Message.ShouldContain("department");
    }

    [Test]
    public void Extra_items_of_a_top_level_list_are_PR002()
    {
        var s = CanonicalReader.Parse("[{\"kind\": \"projectTargets\", \"units\": []},\n {\"kind\": \"departmentOverall\"}]");
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        Single(s, "PR002").Span!.StartLine.ShouldBe(2);
    }

    [Test]
    public void Explicit_kind_unknown_reads_back_without_new_problems()
    {
        var unreadable = new Submission { Kind = SubmissionKind.Unknown, Diagnostics = { new Diagnostic("PR001", "无法识别的文档格式：文件为空", null) } };
        var read = CanonicalReader.Parse(CanonicalWriter.ToYaml(unreadable));
        CanonicalWriter.ModelEquals(read, unreadable).ShouldBeTrue();
    }

    // ---- detection and the pipeline ----

    [TestCase("t.yaml", "anything", 95)]
    [TestCase("t.YML", "anything", 95)]
    [TestCase("t.json", "{}", 95)]
    [TestCase("t.txt", "# example\nkind: projectTargets\nunits: []\n", 90)]
    [TestCase("t.txt", "department: x\nkind: departmentOverall\n", 90)]
    [TestCase("t.txt", "{\n  \"kind\": \"projectTargets\"\n}", 90)]
    [TestCase("t.txt", "kind: somethingElse\n", 0)]
    [TestCase("t.txt", "项目支出绩效目标表\nkind: projectTargets\n", 0)]
    [TestCase("t.txt", "", 0)]
    public void Detects_by_extension_or_a_kind_key(string path, string text, int score)
    {
        new CanonicalReader().Detect(new SourceText(path, text, "utf-8")).ShouldBe(score);
    }

    [Test]
    public void Does_not_claim_the_seeds()
    {
        var seeds = Directory.GetFiles(TestPaths.Seeds);
        seeds.ShouldNotBeEmpty();
        foreach (var f in seeds)
        {
            var (text, enc) = TextDecoder.Decode(File.ReadAllBytes(f));
            new CanonicalReader().Detect(new SourceText(f, text, enc)).ShouldBe(0, f);
        }
    }

    [Test]
    public void The_pipeline_reads_a_yaml_file_and_keeps_its_name()
    {
        // DepartmentOverall: ProjectTargets quotes damaged text in a diagnostic, which the pipeline's damage scan reports again.
        var bytes = Encoding.UTF8.GetBytes(CanonicalWriter.ToYaml(DepartmentOverall()));
        var s = new SubmissionReader().Read(bytes, "out/002.yaml").One();
        s.SourceFile.ShouldBe("out/002.yaml");
        s.Layout.ShouldBe("yaml");
        s.Encoding.ShouldBe("utf-8");
        CanonicalWriter.ModelEquals(s, DepartmentOverall()).ShouldBeTrue();

        var json = new SubmissionReader().Read(Encoding.UTF8.GetBytes(CanonicalWriter.ToJson(DepartmentOverall())), "out/002.json").One();
        json.Layout.ShouldBe("json");
        CanonicalWriter.ModelEquals(json, DepartmentOverall()).ShouldBeTrue();
    }

    // ---- never throws ----

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Arbitrary_strings_never_throw()
        => Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var s = CanonicalReader.Parse(text ?? "");
            return s.Kind == SubmissionKind.Unknown ? s.Diagnostics.Count > 0 : s.Diagnostics.All(d => d.RuleId is "PR001" or "PR002");
        });

    private static readonly string[] Tokens =
    {
        "kind", "units", "overall", "projects", "indicators", "name", "amounts", "total", "cycle", "span", "seq",
        "level1", "projectTargets", ":", ": ", "- ", "\n", "\n  ", "\n    ", "{", "}", "[", "]", ",", "\"", "'", "&a", "*a",
        "!!str", "|", ">", "#", "---", "...", "?", "%YAML 1.2", "10", "220.00", "1:2-3:4", "≥90%", "null", "~", "\t", "@",
    };

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public Property Yaml_like_token_soup_never_throws()
    {
        var soup = Gen.Elements(Tokens).ArrayOf().Select(ts => string.Concat(ts));
        return Prop.ForAll(soup.ToArbitrary(), text =>
        {
            var s = CanonicalReader.Parse(text);
            return s.Kind == SubmissionKind.Unknown ? s.Diagnostics.Count > 0 : s.Diagnostics.All(d => d.RuleId is "PR001" or "PR002");
        });
    }
}
