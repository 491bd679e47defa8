using System.Globalization;
using PerfRules.Yaml;
using YamlDotNet.Core;

namespace PerfRules.Rules;

// Rule parameters (params: on a rule, params: in an override): kept apart from the rest of the
// parser so that the rule keys and the override shape stay easy to merge.
internal static partial class RuleFileParser
{
    /// <summary>A rule's <c>params:</c>: name → a number, a string or a list of strings, in file order.</summary>
    private static Dictionary<string, RuleParam> ParseParams(YamlSource src, YNode node, string owner, List<RuleLoadError> errors)
    {
        var result = new Dictionary<string, RuleParam>(StringComparer.Ordinal);
        if (node is not YMap map)
        {
            if (!IsNull(node)) errors.Add(src.At(node).Error($"{owner} 的 params 应是映射：参数名 → 数字、字符串或字符串列表"));
            return result;
        }
        foreach (var (k, v) in map.Entries)
        {
            var name = k.Value;
            if (!LetNamePattern().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add(src.At(k).Error($"参数名“{name}”无效（字母或 _ 开头，只含字母、数字和 _，不以 __ 开头）"));
                continue;
            }
            if (result.ContainsKey(name)) { errors.Add(src.At(k).Error($"参数“{name}”重复")); continue; }
            if (ParamValue(src, v, name, declared: null, errors) is { } p) result[name] = p;
        }
        return result;
    }

    /// <summary>
    /// One parameter value. Its type is that of the YAML: a plain number is a number, a list is a
    /// string list, any other scalar a string. With <paramref name="declared"/> (an override) the
    /// value must have the declared type, except that any scalar is a string's value.
    /// </summary>
    private static RuleParam? ParamValue(YamlSource src, YNode node, string name, ParamKind? declared, List<RuleLoadError> errors)
    {
        var at = src.At(node);
        RuleParam Make(ParamKind kind, decimal number = 0m, string text = "", IReadOnlyList<string>? list = null) => new()
        {
            Name = name, Kind = kind, Number = number, Text = text, List = list ?? Array.Empty<string>(),
            File = at.File, Line = at.Line, Column = at.Column,
        };
        switch (node)
        {
            case YScalar { IsNull: true }:
                errors.Add(at.Error($"参数“{name}”的值是空的"));
                return null;
            case YScalar s:
                var n = 0m;
                var isNumber = s.Style == ScalarStyle.Plain
                    && decimal.TryParse(s.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out n);
                if (declared is ParamKind.Text) return Make(ParamKind.Text, text: s.Value);
                if (declared is ParamKind.List) break;
                if (isNumber) return Make(ParamKind.Number, number: n);
                if (declared is ParamKind.Number) break;
                return Make(ParamKind.Text, text: s.Value);
            case YSeq seq:
                if (declared is ParamKind.Number or ParamKind.Text) break;
                var items = new List<string>();
                foreach (var item in seq.Items)
                {
                    if (item is YScalar { IsNull: false } si) items.Add(si.Value);
                    else { errors.Add(src.At(item).Error($"参数“{name}”的列表中每一项应是一个值（字符串）")); return null; }
                }
                return Make(ParamKind.List, list: items);
            default:
                errors.Add(at.Error($"参数“{name}”的值应是数字、字符串或字符串列表"));
                return null;
        }
        errors.Add(at.Error($"参数“{name}”的类型不符：规则中声明为{RuleParam.KindText(declared!.Value)}，这里是{Written(node)}"));
        return null;

        static string Written(YNode n) => n is YSeq ? "列表" : "不是数字的值";
    }

    /// <summary>
    /// The <c>params:</c> of an override, unchecked until the rule is known (RuleSetResolver):
    /// each name with its node, parsed against the declared type there.
    /// </summary>
    private static List<ParsedRuleFile.ParamOverride> ParseOverrideParams(YamlSource src, YNode node, string id, List<RuleLoadError> errors)
    {
        var result = new List<ParsedRuleFile.ParamOverride>();
        if (node is not YMap map)
        {
            errors.Add(src.At(node).Error($"overrides 中“{id}”的 params 应是映射：参数名 → 新的值"));
            return result;
        }
        foreach (var (k, v) in map.Entries)
        {
            var name = k.Value;
            if (result.Any(r => r.Name == name)) { errors.Add(src.At(k).Error($"overrides 中“{id}”的参数“{name}”重复")); continue; }
            result.Add(new ParsedRuleFile.ParamOverride(name, src.At(k),
                (declared, errs) => ParamValue(src, v, name, declared, errs)));
        }
        return result;
    }
}
