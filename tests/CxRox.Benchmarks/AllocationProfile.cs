using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>
/// Where an evaluation's bytes go, by type: the runtime's AllocationTick events (one each time about
/// 100 KB has been allocated, naming the type of the object that crossed the line) sampled over
/// enough evaluations to allocate some hundreds of megabytes, so each type's share of the samples is
/// its share of the bytes. Run with <c>-- --allocations</c>.
/// </summary>
public sealed class AllocationProfile : EventListener
{
    private const int AllocationTick = 10;
    private const long TargetBytes = 256L << 20;
    private readonly ConcurrentDictionary<string, int> _samples = new(StringComparer.Ordinal);
    private volatile bool _enabled;

    public static void Run()
    {
        var retail = new RetailEvaluationBenchmarks { Scenario = RetailScenario.Troubled };
        retail.Setup();
        Profile("Retail, Troubled", retail.Evaluate);
        var ruleOnly = new RuleOnlyBenchmarks { Firing = 15 };
        ruleOnly.Setup();
        Profile("Rule-only, 15 firing", ruleOnly.Evaluate);
        var generated = new GeneratedScorecardBenchmarks();
        generated.Setup();
        Profile("Generated 200/100", generated.Evaluate);
    }

    private static void Profile(string name, Func<EvaluationResult> evaluate)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = evaluate();
        var perCall = GC.GetAllocatedBytesForCurrentThread() - before;
        var calls = Math.Max(1, TargetBytes / Math.Max(1, perCall));

        using var listener = new AllocationProfile();
        listener._enabled = true;
        for (var i = 0; i < calls; i++)
        {
            _ = evaluate();
        }
        listener._enabled = false;

        var total = listener._samples.Values.Sum();
        Console.WriteLine($"{name}: {perCall} bytes per evaluation; {total} samples over {calls} evaluations");
        foreach (var (type, count) in listener._samples.OrderByDescending(x => x.Value).Take(20))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * count / total,5:0.0}%  ~{perCall * count / total,6} B  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (!_enabled || eventData.EventId != AllocationTick || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }
        var index = eventData.PayloadNames.IndexOf("TypeName");
        var type = index >= 0 ? eventData.Payload[index] as string ?? "?" : "?";
        _samples.AddOrUpdate(type, 1, (_, n) => n + 1);
    }
}
