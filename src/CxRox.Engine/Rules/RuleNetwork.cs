using System.Collections.Immutable;
using CxRox.Engine.Binding;
using NRules;

namespace CxRox.Engine.Rules;

/// <summary>
/// A scorecard version's rules compiled once into an NRules session factory (the Rete network,
/// conditions and actions as delegates). Each period runs in a session of its own: the period's
/// fact is inserted, the agenda fired up to the firing limit, and the fact's log read. Immutable
/// and safe to share between threads; sessions are not shared.
/// </summary>
internal sealed class RuleNetwork
{
    private readonly ISessionFactory? _sessions;
    private readonly int[] _factSlots;

    private RuleNetwork(ImmutableArray<RulePlan> rules, ISessionFactory? sessions, int[] factSlots)
    {
        Plans = rules;
        _sessions = sessions;
        _factSlots = factSlots;
    }

    /// <summary>The scorecard's rules in declaration order: events name them by their index here.</summary>
    public ImmutableArray<RulePlan> Plans { get; }

    /// <summary>The firing limit that stops rules which never settle.</summary>
    public int FiringLimit => Math.Max(1000, 10 * Plans.Length);

    /// <summary>
    /// Builds the rule definitions and compiles them. NRules orders the agenda by salience, and
    /// activations of equal salience by when they were activated; scorecards order by priority,
    /// then by declaration. So each rule gets a salience of its own, from its place in that order.
    /// </summary>
    public static RuleNetwork Build(BoundScorecard bound)
    {
        var rules = RulePlanner.Plan(bound);
        var layout = bound.Layout;
        int[] factSlots = [.. Enumerable.Range(0, layout.FactCount).Select(layout.Fact)];
        if (rules.IsEmpty)
        {
            return new RuleNetwork(rules, null, factSlots);
        }
        var ranked = rules.Select((rule, index) => (rule.Priority, index))
            .OrderByDescending(r => r.Priority).ThenBy(r => r.index).Select(r => r.index).ToArray();
        var definitions = ranked.Select((index, rank) => RuleDefinitions.Build(rules[index], index, salience: rules.Length - rank));
        return new RuleNetwork(rules, Compiler.Compile(definitions), factSlots);
    }

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
        session.Insert(facts);
        var limit = FiringLimit;
        session.Fire(limit);
        if (!session.Agenda.IsEmpty)
        {
            throw new RuleLoopException(facts.Log.LoopingRules(Plans), limit);
        }
    }
}
