using System.Collections.Immutable;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// What an expression reads. Reads inside history functions (prev, delta, pct_change, avg_over,
/// trend) are of earlier periods: they cannot close a dependency cycle within one period, so
/// they are kept apart from current-period reads. A metric may appear in both sets.
/// </summary>
/// <param name="CurrentMetrics">Metrics read in the current period (value, score() or status()).</param>
/// <param name="HistoryMetrics">Metrics read only in earlier periods at some place in the expression.</param>
/// <param name="MaxPeriodOffset">How many periods back the expression reads; 0 if only the current one.</param>
public sealed record ExpressionReads(
    ImmutableSortedSet<string> CurrentMetrics,
    ImmutableSortedSet<string> HistoryMetrics,
    ImmutableSortedSet<string> CurrentPillars,
    ImmutableSortedSet<string> HistoryPillars,
    ImmutableSortedSet<string> Facts,
    int MaxPeriodOffset)
{
    public static ExpressionReads None { get; } = From([]);

    public static ExpressionReads From(IEnumerable<BoundRead> reads)
    {
        var all = reads.ToList();
        ImmutableSortedSet<string> Ids(Func<BoundRead, bool> predicate) =>
            all.Where(predicate).Select(r => r.Id).ToImmutableSortedSet(StringComparer.Ordinal);
        static bool IsMetric(BoundRead r) => r.Target is ReadTarget.MetricValue or ReadTarget.MetricScore or ReadTarget.MetricStatus;
        return new ExpressionReads(
            Ids(r => IsMetric(r) && r.PeriodOffset == 0),
            Ids(r => IsMetric(r) && r.PeriodOffset > 0),
            Ids(r => r.Target == ReadTarget.PillarScore && r.PeriodOffset == 0),
            Ids(r => r.Target == ReadTarget.PillarScore && r.PeriodOffset > 0),
            Ids(r => r.Target == ReadTarget.Fact),
            all.Select(r => r.PeriodOffset).DefaultIfEmpty(0).Max());
    }
}

/// <summary>The outcome of binding: a typed tree when there were no errors, and the diagnostics.</summary>
public sealed record BindingResult(BoundExpression? Expression, ImmutableArray<ExpressionDiagnostic> Diagnostics, ExpressionReads Reads)
{
    public bool Succeeded => Expression is not null;
}
