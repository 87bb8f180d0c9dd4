namespace CxRox.Engine.Rules;

/// <summary>
/// The fact that a group of chaining rules (rules whose conditions read a status or fact that
/// rules set or assert) match, updated when a status or fact one of them reads changes. Each
/// group's fact is of a type of its own (<see cref="ChainedGroupFact{TGroup}"/>), so that the
/// patterns need no test of which group a fact is for: NRules sends a fact to every pattern of its
/// type and nowhere else, while an updated fact that fails a test is retracted from everything
/// below that test. A type per rule would cost as much the other way: NRules tries every inserted
/// or updated fact against every fact type, so types are kept few (<see cref="RuleNetwork"/>
/// makes about twice the square root of the number of chaining rules).
/// </summary>
internal abstract class ChainedGroupFact(PeriodFacts period)
{
    public PeriodFacts Period { get; } = period;

    public bool Changed { get; set; }

    /// <summary>The fact type of the group at <paramref name="group"/>: the same type for the same index, another for any other.</summary>
    public static Type TypeFor(int group) => typeof(ChainedGroupFact<>).MakeGenericType(GroupTag.For(group));

    public static ChainedGroupFact Create(int group, PeriodFacts period) =>
        (ChainedGroupFact)Activator.CreateInstance(TypeFor(group), period)!;
}

/// <summary>A group's fact, of a type named by the group's index (<see cref="GroupTag.For"/>).</summary>
internal sealed class ChainedGroupFact<TGroup>(PeriodFacts period) : ChainedGroupFact(period)
    where TGroup : GroupTag;

/// <summary>
/// A group's index written as a type, in binary: <see cref="GroupTagEnd"/> wrapped in one
/// <see cref="GroupTag0{T}"/> or <see cref="GroupTag1{T}"/> per bit, the lowest bit outermost
/// (5 is <c>GroupTag1&lt;GroupTag0&lt;GroupTag1&lt;GroupTagEnd&gt;&gt;&gt;</c>). Generic types
/// made at run time need no code generation, and the nesting is only as deep as the index has bits.
/// </summary>
internal abstract class GroupTag
{
    public static Type For(int group)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        var tag = typeof(GroupTagEnd);
        for (var bit = 31 - int.LeadingZeroCount(group); bit >= 0; bit--)
        {
            tag = ((group >> bit) & 1) == 1 ? typeof(GroupTag1<>).MakeGenericType(tag) : typeof(GroupTag0<>).MakeGenericType(tag);
        }
        return tag;
    }
}

internal sealed class GroupTagEnd : GroupTag;

internal sealed class GroupTag0<T> : GroupTag
    where T : GroupTag;

internal sealed class GroupTag1<T> : GroupTag
    where T : GroupTag;
