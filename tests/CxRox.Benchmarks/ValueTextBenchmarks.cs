using System.Globalization;
using BenchmarkDotNet.Attributes;
using CxRox.Engine.Binding;
using CxRox.Engine.Rules;

namespace CxRox.Benchmarks;

/// <summary>
/// What one traced value or message hole costs: <see cref="ValueText.Number"/> (a custom "0.##"
/// format) against the default round-trip formatting of the same double.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class ValueTextBenchmarks
{
    [Params(25.0, 0.0125)]
    public double Value { get; set; }

    [Benchmark(Baseline = true, Description = "ValueText.Format(value, Number)")]
    public string Format() => ValueText.Format(Value, ValueKind.Number);

    [Benchmark(Description = "double.ToString(InvariantCulture)")]
    public string RoundTrip() => Value.ToString(CultureInfo.InvariantCulture);
}
