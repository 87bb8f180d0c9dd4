using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Model;

namespace CxRox.Engine.Language;

/// <summary>
/// The few metrics the reference's examples read, with this period and three before it. The
/// reference prints them, and a test evaluates every example over them, compiled and interpreted,
/// against the result the reference states.
/// </summary>
public static class ExampleWorld
{
    /// <param name="Values">This period first, then one, two and three periods back; NaN is missing.</param>
    public sealed record ExampleMetric(string Id, string Meaning, ImmutableArray<double> Values, double Score, MetricStatus? Status);

    public static ImmutableArray<ExampleMetric> Metrics { get; } =
    [
        new("nps", "NPS, in points", [42, 40, 38, 35], 70, MetricStatus.Green),
        new("churn", "monthly churn, a fraction (0.0225 is 2.25%)", [0.0225, 0.025, 0.03, double.NaN], double.NaN, null),
        new("ces", "customer effort, 1-7; no answers this period", [double.NaN, 5.1, 5.3, 5.2], double.NaN, null),
    ];

    public static int Periods => Metrics[0].Values.Length;

    public static SymbolScope Scope()
    {
        var scope = new SymbolScope();
        for (var i = 0; i < Metrics.Length; i++)
        {
            scope.AddMetric(Metrics[i].Id, ScorecardLayout.Metric(i));
        }
        return scope;
    }

    public static EvaluationFrame Frame()
    {
        var frame = new EvaluationFrame(3 * Metrics.Length, Periods);
        for (var i = 0; i < Metrics.Length; i++)
        {
            var metric = Metrics[i];
            var slots = ScorecardLayout.Metric(i);
            for (var period = 0; period < Periods; period++)
            {
                frame[period, slots.Value] = metric.Values[period];
            }
            frame[0, slots.Score] = metric.Score;
            frame[0, slots.Status] = metric.Status is { } status ? StatusEncoding.ToValue(status) : StatusEncoding.Missing;
        }
        return frame;
    }
}
