using System.Text;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

public static partial class RuleHelpers
{
    /// <summary>
    /// A name as a grouping key: without white space (tables wrap and space names anywhere:
    /// 区东西部协作和 对口支援帮扶合作 专项经费) and with full-width letters, digits and brackets as
    /// half-width ones. "" for null.
    /// </summary>
    public static string NameKey(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c)) continue;
            sb.Append(c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c);
        }
        return sb.ToString();
    }

    /// <summary>Where each of the objects is (<see cref="BatchItem.Place"/>), joined with ；.</summary>
    public static string Places(IEnumerable<BatchItem> items) => string.Join("；", items.Select(i => i.Place));
}
