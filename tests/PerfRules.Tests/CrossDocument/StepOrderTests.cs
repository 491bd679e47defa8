using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Tests.CrossDocument;

/// <summary>The step's departments in the order they are evaluated: a counting sort that gives what a stable sort by size does.</summary>
public class StepOrderTests
{
    [Test]
    public void Departments_are_ordered_largest_first_and_stable_within_a_size()
    {
        var random = new Random(17);
        for (var round = 0; round < 200; round++)
        {
            var departments = Enumerable.Range(0, random.Next(0, 40)).Select(_ => Enumerable.Range(0, random.Next(1, 12)).ToList()).ToList();
            CrossDocumentRun.LargestFirst(departments)
                .ShouldBe(Enumerable.Range(0, departments.Count).OrderByDescending(d => departments[d].Count).ToArray());
        }
    }
}
