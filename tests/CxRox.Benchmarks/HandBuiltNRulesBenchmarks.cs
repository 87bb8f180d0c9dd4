using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;

namespace CxRox.Benchmarks;

/// <summary>
/// The rule-only workload on NRules alone, as one would write it by hand: one fact holding the 60
/// values, 30 rules from <see cref="RuleBuilder"/> with the same conditions as
/// <see cref="RuleOnlyScorecard"/>, each inserting a finding. The reference the scorecard's
/// NRules path is held to (at most 1.5 times this), session creation included in both.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class HandBuiltNRulesBenchmarks
{
    private ISessionFactory _factory = null!;
    private MetricValues _values = null!;

    [Params(15, 0)]
    public int Firing { get; set; } = 15;

    [GlobalSetup]
    public void Setup()
    {
        _factory = new RuleCompiler().Compile(Enumerable.Range(0, RuleOnlyScorecard.RuleCount).Select(Rule));
        _values = new MetricValues([.. Enumerable.Range(0, RuleOnlyScorecard.MetricCount).Select(m => RuleOnlyScorecard.Value(m, Firing))]);
        var fired = Evaluate();
        if (fired != Firing)
        {
            throw new InvalidOperationException($"Expected {Firing} hand-built rules to fire; {fired} did.");
        }
    }

    [Benchmark(Description = "Hand-built NRules: 30 rules / 60 values in one fact")]
    public int Evaluate()
    {
        var session = _factory.CreateSession();
        session.Insert(_values);
        return session.Fire();
    }

    /// <summary>Rule i over values a = 2i, b = 2i + 1, c = 2i + 2, in the shapes of <see cref="RuleOnlyScorecard"/>.</summary>
    private static IRuleDefinition Rule(int rule)
    {
        var (a, b, c) = (2 * rule, (2 * rule) + 1, ((2 * rule) + 2) % RuleOnlyScorecard.MetricCount);
        Expression<Func<MetricValues, bool>> condition = (rule % 3) switch
        {
            0 => values => values.Values[a] < 50 && (values.Values[b] >= 20 || values.Values[c] == 0),
            1 => values => (values.Values[a] < 50 && values.Values[b] > 30) || values.Values[c] < 0,
            _ => values => !(values.Values[a] >= 60) && (values.Values[b] != 10 || values.Values[c] > 1000),
        };
        var (id, message) = (RuleOnlyScorecard.RuleId(rule), $"Rule {rule} applies.");
        Expression<Action<IContext>> action = context => context.Insert(new RuleFinding(id, "warning", message));

        var builder = new RuleBuilder();
        builder.Name(id);
        builder.LeftHandSide().Pattern(typeof(MetricValues), condition.Parameters[0].Name!).Condition(condition);
        builder.RightHandSide().Action(action);
        return builder.Build();
    }

    /// <summary>The one fact: every metric's value.</summary>
    public sealed class MetricValues(double[] values)
    {
        public double[] Values { get; } = values;
    }

    public sealed record RuleFinding(string RuleId, string Severity, string Message);
}
