using BenchmarkDotNet.Attributes;
using CxRox.Engine.Binding;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;

namespace CxRox.Benchmarks;

/// <summary>
/// Compiling each sample (and the generated 200-metric, 100-rule scorecard): the whole path from JSON text (hash, parse, map, check, bind, compile),
/// reading and binding alone, and the LINQ part alone (ScorecardCompiler on a bound scorecard:
/// the plan and two LambdaExpression.Compile() calls).
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private string _json = "";
    private BoundScorecard _bound = null!;

    [Params(Samples.Retail, Samples.Saas, Samples.BankContactCentre, Samples.Generated)]
    public string Sample { get; set; } = Samples.Retail;

    [GlobalSetup]
    public void Setup()
    {
        _json = Samples.Load(Sample);
        _ = Samples.Compile(_json, Sample);
        _bound = ScorecardReader.Read(_json).Bound ?? throw new InvalidOperationException($"{Sample} does not bind.");
    }

    [Benchmark(Description = "Read+bind+compile (CompiledScorecardCache.Compile)")]
    public CompiledScorecard? FromJson() => CompiledScorecardCache.Compile(_json).Scorecard;

    [Benchmark(Description = "Read+bind only (ScorecardReader.Read)")]
    public BoundScorecard? ReadAndBind() => ScorecardReader.Read(_json).Bound;

    [Benchmark(Description = "Compile bound (ScorecardCompiler.Compile)")]
    public CompiledScorecard CompileBound() => ScorecardCompiler.Compile(_bound);
}
