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

    [Test]
    public void Every_department_and_slice_is_one_piece_and_on_several_threads_the_first_slice_comes_second()
    {
        for (var departments = 0; departments < 7; departments++)
            for (var slices = 0; slices < 7; slices++)
                foreach (var parallel in new[] { false, true })
                {
                    var pieces = Enumerable.Range(0, departments + slices).Select(k => CrossDocumentRun.Piece(k, departments, slices, parallel)).ToList();
                    pieces.Where(p => p >= 0).ShouldBe(Enumerable.Range(0, departments), $"{departments} {slices} {parallel}");
                    pieces.Where(p => p < 0).Select(p => ~p).ShouldBe(Enumerable.Range(0, slices), $"{departments} {slices} {parallel}");
                    var early = parallel && departments > 0 && slices > 0;
                    if (departments + slices > 1) (pieces[1] < 0).ShouldBe(early || departments == 1 && slices > 0 || departments == 0);
                }
    }
}
