using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using CxRox.Api.Data;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;

namespace CxRox.Api.Scores;

/// <summary>
/// One period's scores as stored in a snapshot and served to readers, self-describing: what a BI
/// tool or a summary needs without the scorecard at hand (names, units, targets, tags).
/// </summary>
public sealed record ScoreDocument(
    string Scorecard,
    int? Version,
    string ContentHash,
    ScorePeriodDocument Period,
    DateTimeOffset ComputedAt,
    RoxDocument Rox,
    ImmutableArray<PillarDocument> Pillars,
    ImmutableArray<MetricDocument> Metrics,
    ImmutableArray<Finding> Findings)
{
    /// <summary>
    /// How documents and traces are written: web names, enums as camelCase strings, and nulls
    /// written out, so that every document has the same shape whatever is missing.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <param name="version">Null for a draft that is not stored.</param>
    /// <param name="aggregates">This period's aggregates: the totals and the breakdowns by touchpoint or channel.</param>
    public static ScoreDocument From(
        Scorecard scorecard, int? version, string contentHash, ScorePeriod period, EvaluationResult result,
        IReadOnlyList<PeriodValue> aggregates, DateTimeOffset computedAt)
    {
        var byMetric = aggregates.ToLookup(s => s.Metric);
        var metrics = result.Metrics.Select(m => MetricDocument.From(scorecard.FindMetric(m.Id)!, m, byMetric[m.Id])).ToImmutableArray();
        var pillars = result.Pillars.Select(p => PillarDocument.From(scorecard.FindPillar(p.Id)!, p)).ToImmutableArray();
        var rox = new RoxDocument(
            scorecard.Rox.Index.Name, result.Rox.Index, result.Rox.WeightPresent, result.Rox.WeightMissing,
            scorecard.Rox.Return is { } definition ? new RoxReturnDocument(definition.Name, definition.Unit, result.Rox.Return) : null);
        return new ScoreDocument(scorecard.Id, version, contentHash, ScorePeriodDocument.From(scorecard.Period, period), computedAt, rox, pillars, metrics, result.Findings);
    }
}

/// <param name="Unit">week, month or quarter.</param>
/// <param name="End">The period's last day (inclusive).</param>
/// <param name="Partial">Computed to date, before the period ended in the organization's time zone.</param>
/// <param name="Stale">
/// On reads of stored scores: true when data of a day of the period was sent, corrected or
/// deleted after the snapshot was computed, until a recompute stores it again
/// (docs/stale-scores.md). Not stored, and absent where nothing was stored (previews).
/// </param>
public sealed record ScorePeriodDocument(
    string Unit, DateOnly Start, DateOnly End, bool Partial,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Stale = null)
{
    public static ScorePeriodDocument From(ScorecardPeriod unit, ScorePeriod period) =>
        new(PeriodAggregates.PeriodUnit(unit), period.Start, period.End, period.Partial);
}

public sealed record RoxDocument(string Name, double? Index, double WeightPresent, double WeightMissing, RoxReturnDocument? Return);

public sealed record RoxReturnDocument(string Name, string Unit, double? Value);

public sealed record PillarDocument(string Id, string Name, PillarKind Kind, double Weight, double? Score, double WeightPresent, double WeightMissing, double? Contribution)
{
    public static PillarDocument From(Pillar pillar, PillarResult result) =>
        new(pillar.Id, pillar.Name, pillar.Kind, pillar.Weight, result.Score, result.WeightPresent, result.WeightMissing, result.Contribution);
}

/// <param name="SampleSize">Answers on the metric's scale or observations behind the value; null when withheld (docs/anonymity.md).</param>
/// <param name="Ignored">Survey answers off the metric's scale, not counted (docs/aggregation.md); null when withheld, without answers, or not a survey.</param>
/// <param name="Segments">Breakdowns by touchpoint or channel (survey and observation metrics tagged with one), withheld ones with their reason.</param>
public sealed record MetricDocument(
    string Id,
    string Name,
    string Pillar,
    string Unit,
    MetricDirection Direction,
    double? Value,
    double? Score,
    MetricStatus? Status,
    MissingReason? Missing,
    int? SampleSize,
    long? Ignored,
    double Weight,
    double? Contribution,
    double? Floor,
    double? Target,
    MetricTags Tags,
    StatusOverride? StatusOverride,
    ImmutableArray<SegmentDocument> Segments)
{
    /// <param name="aggregates">This metric's aggregates in the period: its total and its breakdowns.</param>
    public static MetricDocument From(Metric metric, MetricResult result, IEnumerable<PeriodValue> aggregates)
    {
        var total = aggregates.FirstOrDefault(a => a.Dimension == SegmentDimension.Total);
        return new(
            metric.Id, metric.Name, metric.Pillar, metric.Unit, metric.Direction,
            result.Value, result.Score, result.Status, result.Missing, result.SampleSize, total?.Ignored, result.Weight, result.Contribution,
            metric.Scoring?.Floor, metric.Scoring?.Target, metric.Tags, result.StatusOverride,
            [.. aggregates.Where(a => a.Dimension != SegmentDimension.Total).Select(s => new SegmentDocument(s.Dimension, s.Segment, s.Value, s.Sample, s.Ignored, s.Withheld))]);
    }
}

/// <param name="Dimension">touchpoint or channel.</param>
/// <param name="Sample">Answers on the scale or observations behind the value; null when withheld.</param>
/// <param name="Ignored">Survey answers off the metric's scale; null when withheld and for observations.</param>
public sealed record SegmentDocument(string Dimension, string Segment, double? Value, long? Sample, long? Ignored, string? Withheld);
