using System.Diagnostics;
using System.Globalization;
using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>
/// A quick loop for a loaded machine (<c>-- --quick</c>): each workload runs in batches and the
/// fastest batch is kept, which other processes disturb least; allocations per call come from
/// <c>GC.GetAllocatedBytesForCurrentThread</c>. Seconds instead of BenchmarkDotNet's minutes.
/// </summary>
public static class QuickTimings
{
    public static void Run()
    {
        var generated = new GeneratedScorecardBenchmarks();
        generated.Setup();
        Time("generated 200/100, one month with history", 20, 10, generated.Evaluate);
        foreach (var scenario in Enum.GetValues<RetailScenario>())
        {
            var retail = new RetailEvaluationBenchmarks { Scenario = scenario };
            retail.Setup();
            Time($"retail, {scenario}", 40, 200, retail.Evaluate);
        }
        foreach (var firing in new[] { 15, 0 })
        {
            var rules = new RuleOnlyBenchmarks { Firing = firing };
            rules.Setup();
            Time($"rule-only, {firing} firing", 40, 200, rules.Evaluate);
        }
        foreach (var sample in new[] { Samples.Retail, Samples.Generated })
        {
            var compile = new CompileBenchmarks { Sample = sample };
            compile.Setup();
            Time($"{sample} compiled, from JSON", 5, 2, () => compile.FromJson());
            Time($"{sample} compiled, bound", 5, 2, compile.CompileBound);
        }
    }

    private static void Time<T>(string name, int batches, int calls, Func<T> work)
    {
        _ = work();
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
