using System.Collections.Immutable;
using CxRox.Api.Data;
using CxRox.Api.Storage;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;
using CxRox.Engine.Time;

namespace CxRox.Api.Scores;

/// <summary>One evaluated period: the document readers get and the rule trace kept beside it.</summary>
public sealed record ComputedScore(ScorePeriod Period, ScoreDocument Document, ImmutableArray<TraceEntry> Trace);

/// <summary>
/// Evaluates a compiled scorecard on an organization's stored data: the period aggregates come
/// from PostgreSQL in one query per metric kind (the scorecard's lead-in included, so that prev,
/// delta, trend and avg_over, and the formulas they read, see the periods before the first one
/// asked for as a run from the start of the data would), then the engine evaluates the whole
/// series in one pass. Reads only; storing is <see cref="SnapshotsStore"/>'s.
/// </summary>
public static class ScoreComputation
{
    /// <param name="contentHash">The SHA-256 of the version's document as stored (or of the draft), which every result names.</param>
    /// <exception cref="Engine.Rules.RuleLoopException">The scorecard's rules never settle.</exception>
    public static async Task<IReadOnlyList<ComputedScore>> ComputeAsync(
        OrganizationTransaction transaction, CompiledScorecard compiled, int? version, string contentHash, IReadOnlyList<ScorePeriod> periods,
        CancellationToken cancellationToken)
    {
        var unit = compiled.Scorecard.Period;
        var historyStart = periods[0].Start;
        for (var i = 0; i < compiled.LeadInPeriods; i++)
        {
            historyStart = PeriodCalendar.Previous(unit, historyStart);
        }
        var values = await PeriodAggregates.ComputeAsync(transaction, compiled.Scorecard, historyStart, periods[^1].EndExclusive, cancellationToken);
        var byPeriod = values.ToLookup(v => v.PeriodStart);

        var starts = new List<DateOnly>();
        for (var start = historyStart; start <= periods[^1].Start; start = PeriodCalendar.Next(unit, start))
        {
            starts.Add(start);
        }
        var inputs = starts.Select(start => Inputs(compiled, byPeriod[start])).ToList();
        var results = compiled.EvaluateSeries(inputs, cancellationToken);

        var computedAt = DateTimeOffset.UtcNow;
        var firstAsked = starts.Count - periods.Count;
        return [.. periods.Select((period, i) =>
        {
            var result = results[firstAsked + i];
            return new ComputedScore(
                period,
                ScoreDocument.From(compiled.Scorecard, version, contentHash, period, result, [.. byPeriod[period.Start]], computedAt),
                result.Trace);
        })];
    }

    private static PeriodInputs Inputs(CompiledScorecard compiled, IEnumerable<PeriodValue> values)
    {
        var inputs = compiled.CreateInputs();
        foreach (var value in values.Where(v => v.Dimension == SegmentDimension.Total))
        {
            if (value.Withheld is not null)
            {
                inputs.Withhold(value.Metric);
            }
            else if (value.Value is { } number)
            {
                inputs.Set(value.Metric, number, (int)Math.Min(value.Sample ?? 0, int.MaxValue));
            }
        }
        return inputs;
    }
}
