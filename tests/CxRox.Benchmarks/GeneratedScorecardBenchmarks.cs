using BenchmarkDotNet.Attributes;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;

namespace CxRox.Benchmarks;

/// <summary>The generated 200-metric, 100-rule scorecard evaluated for one month with its history.</summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class GeneratedScorecardBenchmarks
{
    private CompiledScorecard _scorecard = null!;
    private PeriodInputs[] _periods = [];

    [GlobalSetup]
    public void Setup()
    {
        var generated = new GeneratedScorecard();
        // Throws with the diagnostics when the generated document has any error.
        _scorecard = Samples.Compile(generated.Json, "The generated scorecard");
        _periods = generated.Inputs(_scorecard, _scorecard.HistoryDepth + 1);
        var result = _scorecard.Evaluate(_periods);
        var fired = result.Trace.OfType<RuleFired>().Count();
        var facts = result.Trace.OfType<FactAsserted>().Count();
        var statuses = result.Trace.OfType<StatusSet>().Count();
        if (fired == 0 || facts == 0 || statuses == 0)
        {
            throw new InvalidOperationException($"The generated rules do not chain: {fired} fired, {facts} facts, {statuses} statuses set.");
        }
        Console.WriteLine($"// Generated: {generated.MetricCount} metrics, {GeneratedScorecard.RuleCount} rules, HistoryDepth {_scorecard.HistoryDepth}, "
            + $"{result.Metrics.Count(m => m.IsMissing)} metrics missing; {fired} rules fired, {facts} facts asserted, "
            + $"{statuses} statuses set, {result.Findings.Length} findings, {result.Trace.Length} trace entries.");
    }

    [Benchmark(Description = "Evaluate 200 metrics / 100 rules (one month with history)")]
    public EvaluationResult Evaluate() => _scorecard.Evaluate(_periods);
}
