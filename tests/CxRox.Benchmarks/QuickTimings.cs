using System.Diagnostics;
using System.Globalization;
using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>
/// A quick loop for a loaded machine (<c>-- --quick</c>): each workload runs in batches and the
/// fastest batch is kept, which other processes disturb least; allocations per call come from
/// <c>GC.GetAllocatedBytesForCurrentThread</c>. Seconds instead of BenchmarkDotNet's minutes.
/// (Without the warm-up, a workload run early measured partly tier-0 code: retail 3-4× slower.)
/// </summary>
public static class QuickTimings
{
    /// <param name="only">When given, only the workloads whose name contains it.</param>
    public static void Run(string? only = null)
    {
        var workloads = new List<(string Name, int Batches, int Calls, Func<Func<object?>> Setup)>
        {
            ("generated 200/100, one month with history", 20, 10, () =>
            {
                var generated = new GeneratedScorecardBenchmarks();
                generated.Setup();
                return generated.Evaluate;
            }),
        };
        foreach (var scenario in Enum.GetValues<RetailScenario>())
        {
            workloads.Add(($"retail, {scenario}", 40, 200, () =>
            {
                var retail = new RetailEvaluationBenchmarks { Scenario = scenario };
                retail.Setup();
                return retail.Evaluate;
            }));
        }
        foreach (var firing in new[] { 15, 0 })
        {
            workloads.Add(($"rule-only, {firing} firing", 40, 200, () =>
            {
                var rules = new RuleOnlyBenchmarks { Firing = firing };
                rules.Setup();
                return rules.Evaluate;
            }));
        }
        foreach (var sample in new[] { Samples.Retail, Samples.Generated })
        {
            workloads.Add(($"{sample} compiled, from JSON", 5, 2, () => Compile(sample).FromJson));
            workloads.Add(($"{sample} compiled, bound", 5, 2, () => Compile(sample).CompileBound));
        }
        foreach (var (name, batches, calls, setup) in workloads.Where(w => only is null || w.Name.Contains(only, StringComparison.Ordinal)))
        {
            Time(name, batches, calls, setup());
        }
    }

    private static CompileBenchmarks Compile(string sample)
    {
        var compile = new CompileBenchmarks { Sample = sample };
        compile.Setup();
        return compile;
    }

    private static void Time<T>(string name, int batches, int calls, Func<T> work)
    {
        // Two seconds of warm-up first, so that the tiered JIT has compiled the hot paths fully.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
        {
            _ = work();
        }
        var fastest = TimeSpan.MaxValue;
        var bytes = long.MaxValue;
        for (var b = 0; b < batches; b++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                _ = work();
            }
            watch.Stop();
            bytes = Math.Min(bytes, (GC.GetAllocatedBytesForCurrentThread() - allocated) / calls);
            fastest = watch.Elapsed < fastest ? watch.Elapsed : fastest;
        }
        var perCall = fastest.TotalMicroseconds / calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-45} {(perCall >= 1000 ? $"{perCall / 1000:0.00} ms" : $"{perCall:0.0} µs"),12} {bytes / 1024.0,10:0.0} KB"));
    }
}
