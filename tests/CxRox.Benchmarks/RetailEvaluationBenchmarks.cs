using BenchmarkDotNet.Attributes;
using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>
/// The largest sample (retail, 29 metrics, 6 rules) evaluated for one month with its history
/// (HistoryDepth + 1 months of inputs): scoring, pillar and ROX roll-up, rules and the result.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class RetailEvaluationBenchmarks
{
    private CompiledScorecard _scorecard = null!;
    private PeriodInputs[] _periods = [];

    [Params(RetailScenario.Improving, RetailScenario.Troubled)]
    public RetailScenario Scenario { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorecard = Samples.Compile(Samples.Load(Samples.Retail), Samples.Retail);
        _periods = RetailInputs.Create(_scorecard, Scenario, _scorecard.HistoryDepth + 1);
        var result = _scorecard.Evaluate(_periods);
        var (expectedFindings, expectedOverrides) = Scenario == RetailScenario.Improving ? (1, 0) : (4, 0);
        var overrides = result.Metrics.Count(m => m.StatusOverride is not null);
        if (result.Findings.Length != expectedFindings || overrides != expectedOverrides || result.Rox.Index is null)
        {
            throw new InvalidOperationException(
                $"Retail {Scenario}: expected {expectedFindings} findings and {expectedOverrides} overrides, got "
                + $"{result.Findings.Length} ({string.Join("; ", result.Findings.Select(f => f.RuleId))}) and {overrides}.");
        }
        Console.WriteLine($"// Retail {Scenario}: HistoryDepth {_scorecard.HistoryDepth}, {_periods.Length} periods, "
            + $"{result.Findings.Length} findings, {result.Trace.Length} trace entries, ROX index {result.Rox.Index:0.0}");
    }

    [Benchmark(Description = "Evaluate retail (one month with history)")]
    public EvaluationResult Evaluate() => _scorecard.Evaluate(_periods);

    // Results build their records when first read: this is the cost for a caller that reads them all.
    [Benchmark(Description = "Evaluate retail, then read every record")]
    public int EvaluateAndReadAll()
    {
        var result = _scorecard.Evaluate(_periods);
        return result.Metrics.Length + result.Pillars.Length + result.Findings.Length + result.Trace.Length;
    }
}
