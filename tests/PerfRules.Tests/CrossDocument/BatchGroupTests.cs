using PerfRules.Model;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.CrossDocument;

// A group shares its first objects (and the texts made of them) with the members whose document or department
// is not among them: what each member is given must be what filtering the group for it gives.
public class BatchGroupTests
{
    private static BatchGroup Group()
    {
        // Documents 0, 0, 1, 2, 2, 3, 4 ...: some documents hold two of the group's objects, departments alternate.
        var documents = new[] { 0, 0, 1, 2, 2, 3, 4, 5, 6, 6, 7 };
        var items = documents.Select((d, k) => new BatchItem
        {
            Kind = "project", Document = d, Ordinal = k, File = $"/in/f{d}.txt", Path = $"部门{d % 3} › 单位 › 项目",
            Department = $"部门{d % 3}", Name = "项目",
        });
        return new BatchGroup("key", items.Reverse());
    }

    [Test]
    public void Each_member_is_given_the_first_objects_of_other_documents_and_departments_as_filtering_gives([Values(0, 1, 2, 5, 20)] int max)
    {
        var group = Group();
        foreach (var item in group.Items)
        {
            group.InOtherDocuments(item, max).ShouldBe(group.Items.Where(i => i.Document != item.Document).Take(max).ToList());
            group.InOtherDepartments(item, max).ShouldBe(group.Items.Where(i => i.Department != item.Department).Take(max).ToList());
            var shown = group.InOtherDocuments(item, max);
            var total = group.CountInOtherDocuments(item);
            var expected = string.Join("；", shown.Select(i => i.Place)) + (total > shown.Count ? $" 等 {total} 处" : "");
            RuleHelpers.Places(shown, total).ShouldBe(expected);
            RuleHelpers.Places(shown, total).ShouldBe(expected);
            RuleHelpers.Places(shown, total + 1).ShouldBe(string.Join("；", shown.Select(i => i.Place)) + (total + 1 > shown.Count ? $" 等 {total + 1} 处" : ""));
        }
    }

    [Test]
    public void Members_outside_the_first_documents_share_one_list_and_its_text()
    {
        var group = Group();
        var late = group.Items.Where(i => i.Document > 4).ToList();
        var lists = late.Select(i => group.InOtherDocuments(i, 5)).Distinct().ToList();
        lists.Count.ShouldBe(1);
        ReferenceEquals(RuleHelpers.Places(lists[0], 9), RuleHelpers.Places(lists[0], 9)).ShouldBeTrue();
        RuleValue.Format(group.Departments).ShouldBe("部门0、部门1、部门2");
        ReferenceEquals(RuleValue.Format(group.Departments), RuleValue.Format(group.Departments)).ShouldBeTrue();
        var paths = late.Select(i => RuleHelpers.FilePaths(group.InOtherDocuments(i, 5))).Distinct().ToList();
        paths.Count.ShouldBe(1);
        ReferenceEquals(RuleValue.Format(paths[0]), RuleValue.Format(RuleHelpers.FilePaths(lists[0]))).ShouldBeTrue();
    }

    [Test]
    public void The_shared_list_keeps_its_texts_through_the_guard_that_rule_code_wraps_it_in()
    {
        // Compiled rule code passes a sequence argument through RunGuard.Each (FilePaths(group.InOtherDocuments(item, 5)) in
        // PR109): the helpers must still find the shared list behind it, or every member makes the texts again.
        var group = Group();
        var late = group.Items.Where(i => i.Document > 4).ToList();
        var shared = group.InOtherDocuments(late[0], 5);
        var guarded = late.Select(i => RunGuard.Each(group.InOtherDocuments(i, 5))).Distinct().ToList();
        guarded.Count.ShouldBe(1);
        var paths = RuleHelpers.FilePaths(guarded[0]!);
        paths.ShouldBe(shared.Select(o => o.FileName + " › " + o.Path).ToList());
        ReferenceEquals(paths, RuleHelpers.FilePaths(shared)).ShouldBeTrue();
        ReferenceEquals(RuleHelpers.FilePaths(RunGuard.Each(group.InOtherDocuments(late[1], 5))!), paths).ShouldBeTrue();
        RuleHelpers.Places(guarded[0]!).ShouldBe(string.Join("；", shared.Select(i => i.Place)));
        ReferenceEquals(RuleHelpers.Places(guarded[0]!), RuleHelpers.Places(shared)).ShouldBeTrue();
        // Still a sequence of the same objects, in order; a list of the member's own is wrapped and made per member as before.
        guarded[0]!.ShouldBe(shared);
        var early = group.Items.First(i => i.Document == 0);
        var own = RunGuard.Each(group.InOtherDocuments(early, 5))!;
        RuleHelpers.FilePaths(own).ShouldBe(group.InOtherDocuments(early, 5).Select(o => o.FileName + " › " + o.Path).ToList());
        ReferenceEquals(RuleHelpers.FilePaths(own), RuleHelpers.FilePaths(own)).ShouldBeFalse();
    }

    [Test]
    public void Each_member_is_given_the_file_paths_of_what_it_is_given([Values(0, 1, 5, 20)] int max)
    {
        var group = Group();
        foreach (var item in group.Items)
        {
            var shown = group.InOtherDocuments(item, max);
            var expected = shown.Select(o => o.FileName + " › " + o.Path).ToList();
            RuleHelpers.FilePaths(shown).ShouldBe(expected);
            RuleValue.Format(RuleHelpers.FilePaths(shown)).ShouldBe(RuleValue.Format(expected));
        }
    }
}
