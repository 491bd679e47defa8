using System.Text.RegularExpressions;

namespace PerfRules.Rules;

/// <summary>Which of a rule's lets its assert needs: the same for every engine, so a let that throws fails the rule in all.</summary>
public static class LetDependencies
{
    /// <summary>
    /// Which lets the assert needs (directly or through other lets). Lets are pure, so the others
    /// can wait until the assert has failed. Names are matched as words anywhere in the text, which
    /// can only find too many. If a let names a later one, nothing is deferred, so that the
    /// compiler still reports the use before declaration.
    /// </summary>
    public static bool[] ForAssert(Rule rule)
    {
        var lets = rule.Lets;
        var needed = new bool[lets.Count];
        for (var k = 0; k < lets.Count; k++)
            for (var later = k + 1; later < lets.Count; later++)
                if (Names(lets[k].Value.Text, lets[later].Name)) { Array.Fill(needed, true); return needed; }
        for (var k = 0; k < lets.Count; k++) needed[k] = Names(rule.Assert.Text, lets[k].Name);
        // A needed let's inputs are needed too; lets only name earlier ones, so one pass backwards does it.
        for (var k = lets.Count - 1; k >= 0; k--)
            if (needed[k])
                for (var earlier = 0; earlier < k; earlier++)
                    needed[earlier] |= Names(lets[k].Value.Text, lets[earlier].Name);
        return needed;
    }

    private static bool Names(string text, string name) =>
        Regex.IsMatch(text, @"(?<![\p{L}\p{N}_@])@?" + Regex.Escape(name) + @"(?![\p{L}\p{N}_])");
}
