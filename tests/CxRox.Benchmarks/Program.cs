using BenchmarkDotNet.Running;

namespace CxRox.Benchmarks;

public static class Program
{
    /// <summary>
    /// dotnet run -c Release --project tests/CxRox.Benchmarks -- --filter '*' runs every benchmark;
    /// -- --smoke only runs each benchmark's setup (with its checks) and one call, in a second;
    /// -- --allocations samples which types an evaluation's bytes go to;
    /// -- --quick [name] times the main workloads (or those whose name contains name) by the fastest of several batches, in seconds.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["--smoke"])
        {
            Smoke();
            return;
        }
        if (args is ["--quick", .. var only] && only.Length <= 1)
        {
            QuickTimings.Run(only.FirstOrDefault());
            return;
        }
        if (args is ["--allocations"])
        {
            AllocationProfile.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void Smoke()
    {
        foreach (var sample in new[] { Samples.Retail, Samples.Saas, Samples.BankContactCentre, Samples.Generated })
        {
            var compile = new CompileBenchmarks { Sample = sample };
            compile.Setup();
            _ = compile.FromJson() ?? throw new InvalidOperationException($"{sample} did not compile.");
            _ = compile.CompileBound();
        }
        foreach (var scenario in Enum.GetValues<RetailScenario>())
        {
            var retail = new RetailEvaluationBenchmarks { Scenario = scenario };
            retail.Setup();
            _ = retail.Evaluate();
        }
        var generated = new GeneratedScorecardBenchmarks();
        generated.Setup();
        _ = generated.Evaluate();
        foreach (var firing in new[] { 15, 0 })
        {
            var rules = new RuleOnlyBenchmarks { Firing = firing };
            rules.Setup();
            _ = rules.Evaluate();
            var handBuilt = new HandBuiltNRulesBenchmarks { Firing = firing };
            handBuilt.Setup();
            _ = handBuilt.Evaluate();
        }
        Console.WriteLine("Smoke run: every setup's checks passed.");
    }
}
