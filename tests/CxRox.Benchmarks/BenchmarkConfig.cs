using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace CxRox.Benchmarks;

/// <summary>
/// A short job so that the whole suite runs in a few minutes on two cores: one launch, a few
/// warm-up and measured iterations. BenchmarkDotNet 0.14.0 has no RuntimeMoniker for .NET 10, so
/// the job names no runtime and runs on the one that hosts the runner (net10.0, out of process).
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(4)
            .WithIterationCount(12)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        // Building the generated benchmark project takes minutes on two cores shared with other builds;
        // the default two-minute limit fails the whole run.
        WithBuildTimeout(TimeSpan.FromMinutes(15));
    }
}
