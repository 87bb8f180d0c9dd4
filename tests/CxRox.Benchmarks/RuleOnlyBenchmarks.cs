using BenchmarkDotNet.Attributes;
using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>
/// 30 rules over 60 values, 15 of them firing one finding each; one period, no history. Firing = 0
/// gives every rule values that keep it quiet: the difference is what the firings cost.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class RuleOnlyBenchmarks
{
    private CompiledScorecard _scorecard = null!;
    private PeriodInputs[] _periods = [];

    [Params(15, 0)]
    public int Firing { get; set; } = 15;

    [GlobalSetup]
    public void Setup()
    {
        _scorecard = Samples.Compile(RuleOnlyScorecard.Json(), "The rule-only scorecard");
        if (_scorecard.HistoryDepth != 0)
        {
            throw new InvalidOperationException($"The rule-only scorecard reads history ({_scorecard.HistoryDepth}).");
        }
        var inputs = _scorecard.CreateInputs();
        for (var i = 0; i < RuleOnlyScorecard.MetricCount; i++)
        {
            inputs.Set(RuleOnlyScorecard.MetricId(i), RuleOnlyScorecard.Value(i, Firing));
        }
        _periods = [inputs];

        var result = _scorecard.Evaluate(_periods);
        var expected = Enumerable.Range(0, RuleOnlyScorecard.RuleCount).Where(r => RuleOnlyScorecard.Fires(r, Firing)).Select(RuleOnlyScorecard.RuleId).ToList();
        var fired = result.Findings.Select(f => f.RuleId).Order(StringComparer.Ordinal).ToList();
        if (expected.Count != Firing || !fired.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"Expected rules {string.Join(", ", expected)} to fire; fired: {string.Join(", ", fired)}.");
        }
        Console.WriteLine($"// Rule-only: {fired.Count} of {RuleOnlyScorecard.RuleCount} rules fired, {result.Trace.Length} trace entries.");
    }

    [Benchmark(Description = "Evaluate 30 rules / 60 values")]
    public EvaluationResult Evaluate() => _scorecard.Evaluate(_periods);

    // Results build their records when first read: this is the cost for a caller that reads them all.
    [Benchmark(Description = "Evaluate, then read every metric, finding and trace entry")]
    public int EvaluateAndReadAll()
    {
        var result = _scorecard.Evaluate(_periods);
        return result.Metrics.Length + result.Pillars.Length + result.Findings.Length + result.Trace.Length;
    }
}
