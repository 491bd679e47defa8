using NRules.Aggregators;
using NRules.RuleModel;
using PerfRules.Engines.NRules;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// The engine's GroupBy gives the results NRules' GroupBy gives: one per key a call touches, in order of first
/// appearance (added for a new group, modified for one that changes, removed for one emptied), the group's
/// elements in insertion order.
/// </summary>
public class KeyGroupsTests
{
    private sealed class F(DocumentFact value) : IFact
    {
        public Type Type => typeof(DocumentFact);
        public object? Value => value;
        public IFactSource? Source => null;
    }

    private static F Doc(int position, string department) => new(new DocumentFact(position, department));

    private static string Show(IReadOnlyCollection<AggregationResult> results) =>
        string.Join(" ", results.Select(r => r.Action + ":" + ((IGrouping<string, DocumentFact>)r.Aggregate).Key + "="
            + string.Join(",", ((IGrouping<string, DocumentFact>)r.Aggregate).Select(d => d.Position))));

    [Test]
    public void Adds_and_removes_give_one_result_per_key_touched_in_order_of_first_appearance()
    {
        var groups = new DepartmentGroups().Create(null!);
        var a0 = Doc(0, "甲"); var b1 = Doc(1, "乙"); var a2 = Doc(2, "甲"); var c3 = Doc(3, "丙"); var a4 = Doc(4, "甲");
        Show(groups.Add(null!, null!, new IFact[] { a0, b1, a2 })).ShouldBe("Added:甲=0,2 Added:乙=1");
        Show(groups.Add(null!, null!, new IFact[] { c3, a4 })).ShouldBe("Added:丙=3 Modified:甲=0,2,4");
        Show(groups.Modify(null!, null!, new IFact[] { a2, c3, a0 })).ShouldBe("Modified:甲=0,2,4 Modified:丙=3");
        Show(groups.Remove(null!, null!, new IFact[] { a2, b1 })).ShouldBe("Modified:甲=0,4 Removed:乙=");
        Show(groups.Remove(null!, null!, new IFact[] { a0, c3, a4 })).ShouldBe("Removed:甲= Removed:丙=");
        // A key emptied and seen again is a new group.
        Show(groups.Add(null!, null!, new IFact[] { b1 })).ShouldBe("Added:乙=1");
    }

    [Test]
    public void A_result_s_source_is_the_group_s_facts()
    {
        var groups = new DepartmentGroups().Create(null!);
        var a0 = Doc(0, "甲"); var a1 = Doc(1, "甲");
        var added = groups.Add(null!, null!, new IFact[] { a0, a1 }).ShouldHaveSingleItem();
        added.Source!.ShouldBe(new IFact[] { a0, a1 });
        var removed = groups.Remove(null!, null!, new IFact[] { a0 }).ShouldHaveSingleItem();
        removed.Action.ShouldBe(AggregationAction.Modified);
        removed.Source!.ShouldBe(new IFact[] { a1 });
    }

    [Test]
    public void A_group_copies_out_as_a_read_only_collection_in_insertion_order()
    {
        var groups = new DepartmentGroups().Create(null!);
        var a0 = Doc(0, "甲"); var b1 = Doc(1, "乙"); var a2 = Doc(2, "甲");
        var group = (IGrouping<string, DocumentFact>)groups.Add(null!, null!, new IFact[] { a0, b1, a2 }).First().Aggregate;
        var collection = group.ShouldBeAssignableTo<ICollection<DocumentFact>>()!;
        collection.Count.ShouldBe(2);
        collection.IsReadOnly.ShouldBeTrue();
        collection.Contains((DocumentFact)a2.Value!).ShouldBeTrue();
        collection.Contains((DocumentFact)b1.Value!).ShouldBeFalse();
        Should.Throw<NotSupportedException>(() => collection.Add((DocumentFact)b1.Value!));
        group.ToList().Select(d => d.Position).ShouldBe(new[] { 0, 2 });
        group.ToArray().Select(d => d.Position).ShouldBe(new[] { 0, 2 });
        var array = new DocumentFact[3];
        collection.CopyTo(array, 1);
        array.Skip(1).Select(d => d.Position).ShouldBe(new[] { 0, 2 });
        // Enumerated as copied.
        group.Select(d => d.Position).ShouldBe(new[] { 0, 2 });
    }
}
