using CxRox.Api.Storage;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>A breakdown dimension: the whole, or one touchpoint or channel.</summary>
public static class SegmentDimension
{
    public const string Total = "total";
    public const string Touchpoint = "touchpoint";
    public const string Channel = "channel";
}

/// <summary>
/// One metric in one period (and segment): its value, or null with the reason it is withheld.
/// A period without data for the metric has no entry at all: missing, never zero.
/// </summary>
/// <param name="Sample">Answers on the metric's scale (surveys) or observation rows behind the value; null when withheld.</param>
/// <param name="Ignored">Survey answers off the metric's scale, not counted; null when withheld and for observations.</param>
/// <param name="Withheld">Why the value is withheld (docs/anonymity.md); null when it is published.</param>
public sealed record PeriodValue(
    string Metric, DateOnly PeriodStart, string Dimension, string Segment, double? Value, long? Sample, long? Ignored, string? Withheld);

/// <summary>
/// Survey and observation metrics of a scorecard per period, computed in PostgreSQL in the
/// organization's time zone: surveys from the per-day answer histograms
/// (<see cref="SurveyAggregates"/>, withheld by <see cref="Withholding"/>), observations from
/// their rows (<see cref="ObservationAggregates"/>). One round trip per metric kind, whatever
/// the number of metrics and periods.
/// </summary>
public static class PeriodAggregates
{
    public static string PeriodUnit(ScorecardPeriod period) => period switch
    {
        ScorecardPeriod.Week => "week",
        ScorecardPeriod.Month => "month",
        _ => "quarter",
    };

    /// <param name="firstPeriodStart">The start of a period of the scorecard's kind, so that every atom read is whole.</param>
    /// <param name="endExclusive">The end of a period of the scorecard's kind.</param>
    public static async Task<IReadOnlyList<PeriodValue>> ComputeAsync(
        OrganizationTransaction transaction, Scorecard scorecard, DateOnly firstPeriodStart, DateOnly endExclusive, CancellationToken cancellationToken)
    {
        var values = new List<PeriodValue>();
        var surveys = scorecard.Metrics.Where(m => m.Source is SurveySource).ToList();
        var observations = scorecard.Metrics.Where(m => m.Source is ObservationSource).ToList();
        var unit = PeriodUnit(scorecard.Period);
        if (surveys.Count > 0)
        {
            var cells = await SurveyAggregates.QueryAsync(transaction, surveys, scorecard.Period, firstPeriodStart, endExclusive, cancellationToken);
            values.AddRange(Withholding.Apply(cells));
        }
        if (observations.Count > 0)
        {
            values.AddRange(await ObservationAggregates.QueryAsync(transaction, observations, unit, firstPeriodStart, endExclusive, cancellationToken));
        }
        return [.. values.OrderBy(v => v.Metric, StringComparer.Ordinal).ThenBy(v => v.PeriodStart).ThenBy(v => v.Dimension, StringComparer.Ordinal).ThenBy(v => v.Segment, StringComparer.Ordinal)];
    }
}
