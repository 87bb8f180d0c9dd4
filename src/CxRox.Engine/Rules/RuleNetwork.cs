using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using NRules;

namespace CxRox.Engine.Rules;

/// <summary>
/// A scorecard version's rules compiled once into an NRules session factory (the Rete network,
/// conditions and actions as delegates). Each period runs in a session of its own: the period's
/// facts are inserted, the agenda fired up to the firing limit, and the log read. Immutable
/// and safe to share between threads; sessions are not shared.
/// </summary>
internal sealed class RuleNetwork
{
    private readonly ISessionFactory? _sessions;
    private readonly int[] _factSlots;
    private readonly int _chainedGroups;

    private RuleNetwork(ImmutableArray<RulePlan> rules, ISessionFactory? sessions, int[] factSlots, int chainedGroups)
    {
        Plans = rules;
        _sessions = sessions;
        _factSlots = factSlots;
        _chainedGroups = chainedGroups;
    }

    /// <summary>The scorecard's rules in declaration order: events name them by their index here.</summary>
    public ImmutableArray<RulePlan> Plans { get; }

    /// <summary>The firing limit that stops rules which never settle.</summary>
    public int FiringLimit => Math.Max(1000, 10 * Plans.Length);

    /// <summary>
    /// Builds the rule definitions and compiles them. NRules orders the agenda by salience, and
    /// activations of equal salience by when they were activated; scorecards order by priority,
    /// then by declaration. So each rule gets a salience of its own, from its place in that order.
    /// A rule whose condition reads, in the current period, a status some rule sets or a fact
    /// some rule asserts is a chaining rule: it matches its group's fact, updated when what one of
    /// the group reads changes, so that a change re-evaluates the groups of its readers and no
    /// other condition.
    /// </summary>
    public static RuleNetwork Build(BoundScorecard bound)
    {
        var rules = RulePlanner.Plan(bound);
        var layout = bound.Layout;
        int[] factSlots = [.. Enumerable.Range(0, layout.FactCount).Select(layout.Fact)];
        if (rules.IsEmpty)
        {
            return new RuleNetwork(rules, null, factSlots, 0);
        }
        var changed = rules.SelectMany(rule => rule.Actions).Select(action => action switch
        {
            SetStatusPlan set => set.StatusSlot,
            AssertPlan assert => assert.Slot,
            _ => -1,
        }).Where(slot => slot >= 0).ToHashSet();
        var chainReads = rules.Select(rule => BoundTree.Reads(rule.Condition)
            .Where(read => read.PeriodOffset == 0 && changed.Contains(read.Slot)).Select(read => read.Slot).ToHashSet()).ToArray();
        int[] chaining = [.. Enumerable.Range(0, rules.Length).Where(r => chainReads[r].Count > 0)];
        var group = GroupChaining(chaining, rules.Length);
        var readers = changed.ToDictionary(slot => slot, slot => chaining.Where(r => chainReads[r].Contains(slot)).Select(r => group[r]).Distinct().ToArray());

        var ranked = rules.Select((rule, index) => (rule.Priority, index))
            .OrderByDescending(r => r.Priority).ThenBy(r => r.index).Select(r => r.index).ToArray();
        var definitions = ranked.Select((index, rank) =>
            RuleDefinitions.Build(rules[index], index, salience: rules.Length - rank, group[index], slot => readers[slot]));
        return new RuleNetwork(rules, Compiler.Compile(definitions), factSlots, group.Max() + 1);
    }

    /// <summary>
    /// Each chaining rule's group (-1 for the other rules): in declaration order, groups of about
    /// √(n/4) of the n chaining rules, so about 2√n groups. An update re-evaluates its whole group
    /// (a condition, its memory, join and rule node: some five nodes a rule), and NRules tries
    /// every updated fact against every fact type (one node a group): groups of one made the type
    /// tests the cost (100 chaining rules: 10,000 type tests to insert a period's facts), one group
    /// would re-evaluate every chaining rule on every change; the size balances the two.
    /// Re-evaluating a condition nothing it reads has changed in is harmless: it gives the same
    /// answer, a pending activation keeps its place and a rule that has fired is not fired again
    /// (non-repeatable).
    /// </summary>
    private static int[] GroupChaining(int[] chaining, int ruleCount)
    {
        var group = new int[ruleCount];
        Array.Fill(group, -1);
        var size = (int)Math.Ceiling(Math.Sqrt(chaining.Length / 4.0));
        for (var i = 0; i < chaining.Length; i++)
        {
            group[chaining[i]] = i / size;
        }
        return group;
    }

    /// <summary>The facts of one evaluation, reused period after period: one for the period, one per group of chaining rules.</summary>
    public PeriodFacts CreateFacts(EvaluationFrame frame) => new(frame, _chainedGroups);

    /// <summary>
    /// NRules compares condition trees to share network nodes between rules, and knows no block
    /// expressions (which our compiler uses for locals): such conditions are simply not shared.
    /// </summary>
    private static RuleCompiler Compiler => new(new RuleCompilerOptions
    {
        UnsupportedExpressionHandling = RuleCompilerUnsupportedExpressionsHandling.TreatAsNotEqual,
    });

    /// <summary>
    /// Runs the rules over the period in <paramref name="facts"/>' frame, whose values, scores and
    /// statuses are computed: no fact is asserted yet, rules may set statuses and assert facts.
    /// </summary>
    /// <param name="record">Keep what the firings did (for a period whose result is reported).</param>
    /// <exception cref="RuleLoopException">Rules were still activating each other at the firing limit.</exception>
    public void Run(PeriodFacts facts, bool record)
    {
        var values = facts.Frame.Values;
        foreach (var slot in _factSlots)
        {
            values[slot] = 0;
        }
        facts.Log.Start(record);
        if (_sessions is null)
        {
            return;
        }
        var session = _sessions.CreateSession();
        session.InsertAll(facts.All);
        var limit = FiringLimit;
        session.Fire(limit);
        if (!session.Agenda.IsEmpty)
        {
            throw new RuleLoopException(facts.Log.LoopingRules(Plans), limit);
        }
    }
}
