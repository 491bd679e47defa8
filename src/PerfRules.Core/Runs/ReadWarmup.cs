using System.Text;
using PerfRules.Ingest;
using PerfRules.Rules.Runtime;
using PerfRules.Yaml;

namespace PerfRules.Runs;

/// <summary>
/// A small made-up table read (and its model spilled and read back as a batch does) and dropped, for a host to run on a spare core while it starts: reading's first use
/// (type loading, the generic code ReadyToRun cannot hold, the value parser's tables) is then done before the run's
/// first document, which otherwise pays it with the other worker waiting on the same locks.
/// </summary>
public static class ReadWarmup
{
    // The text layout of the seeds: a header, a department, projects with amounts, goals and numbered indicators.
    internal const string Sample = """
        项目支出绩效目标表（含转移支付项目）

        部门名称：示例市示例局 单位：万元

        项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标

        合计 1,250.50 1,200.00 50.50

        示例市示例局 1,250.50 1,200.00 50.50

            示例工作经费 1,000.00 1,000.00
        保障示例工作正常开展，完成年度各项任务。

        1、1-产出指标；11-数量指标；举办活动次数；实施周期指标值:≥12；年度指标值:12次。2、1-产出指
        标；12-质量指标；工作规范；实施周期指标值:符合；年度指标值:符合。3、1-产出指标；13-时效指
        标；完成时间；实施周期指标值:10月底前；年度指标值:10月底前。4、2-效益指标；22-社会效益；服务
        质量提升；实施周期指标值:有所提升；年度指标值:有所提升。5、3-满意度指标；31-服务对象满意度；
        满意率；实施周期指标值:95%；年度指标值:≥95%。6、1-产出指标；14-成本指标；人均成本；实施周
        期指标值:≤2万元；年度指标值:大于等于18摄氏度。

            示例运行经费 250.50 200.00 50.50
        改善办公环境。

        1、1-产出指标；11-数量指标；设备数量；实施周期指标值:4；年度指标值:4台。2、3-满意度指标；31-服
        务对象满意度；满意率；实施周期指标值:100%；年度指标值:100%。

        """;

    /// <summary>
    /// Reads the sample with <paramref name="formats"/> (the host's, so their probes run too) and drops it; with
    /// <paramref name="rules"/> (the run's compiled set, <see cref="Rules.Compilation.RuleSetCompiler.PrepareCompiled"/>)
    /// also checks it, so that the rules' code is compiled before the first document (the compiled rules keep no state:
    /// the findings are dropped). Does nothing while the built-in code table is not made yet (it is never parsed for a
    /// head start); never throws.
    /// </summary>
    public static void Run(InputFormats formats, CompiledRuleSet? rules = null) => Check(formats, rules);

    /// <summary><see cref="Run"/>, giving the number of findings on the sample (-1: nothing read).</summary>
    internal static int Check(InputFormats formats, CompiledRuleSet? rules)
    {
        var findings = -1;
        try
        {
            if (!CodeTableYaml.IsBuiltinLoaded) return findings;
            var read = new SubmissionReader(new ReadOptions(), formats).Read(Encoding.UTF8.GetBytes(Sample), "示例.txt");
            // A batch spills each document's model and its department rules read them back: that code too.
            foreach (var doc in read.Documents)
            {
                var w = new SpillWriter(256);
                SubmissionCodec.Write(w, doc.Submission, compact: true);
                SubmissionCodec.Decode(w.ToArray());
                findings = Math.Max(findings, 0) + (rules?.Evaluate(doc.Submission).Count ?? 0);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: the run reads its documents the same without it.
        }
        return findings;
    }
}
