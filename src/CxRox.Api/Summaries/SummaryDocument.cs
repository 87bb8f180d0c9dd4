using System.Collections.Immutable;
using CxRox.Api.Scores;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;

namespace CxRox.Api.Summaries;

/// <summary>
/// What an executive reads about one complete period: the ROX index and the pillars with their
/// change, what moved most, what is red, what the rules found (new, continuing or resolved), the
/// touchpoints against status, how complete the data was, and the last periods for sparklines.
/// Values come with their display text (the scorecard's formats), so that every representation
/// and every consumer of the JSON shows the same figures.
/// </summary>
/// <param name="ComparedWith">The period just before, when it has a snapshot; every change is against it.</param>
/// <param name="ComputedAt">When the period's scores were computed.</param>
/// <param name="Return">The scorecard's own ROX return, where it defines one.</param>
/// <param name="Improvements">The biggest score rises of scored metrics present in both periods, biggest first.</param>
/// <param name="Deteriorations">The biggest score falls, biggest first.</param>
/// <param name="Red">Metrics whose status is red, from the thresholds or set by a rule.</param>
/// <param name="Findings">This period's findings, most severe first, then those resolved since the period before.</param>
/// <param name="Heatmap">Touchpoint tags against status, in the order the scorecard first names them; untagged metrics last.</param>
public sealed record SummaryDocument(
    string Scorecard,
    string ScorecardName,
    int Version,
    string ContentHash,
    ScorePeriodDocument Period,
    ScorePeriodDocument? ComparedWith,
    DateTimeOffset ComputedAt,
    IndicatorChange Rox,
    IndicatorChange? Return,
    ImmutableArray<PillarChange> Pillars,
    ImmutableArray<MetricMove> Improvements,
    ImmutableArray<MetricMove> Deteriorations,
    ImmutableArray<RedMetric> Red,
    ImmutableArray<TrackedFinding> Findings,
    ImmutableArray<HeatmapRow> Heatmap,
    SummaryCoverage Coverage,
    SummaryTrend Trend);

/// <summary>A headline number (the ROX index or return) and its change since the period before.</summary>
/// <param name="ChangeText">Null when there is nothing to compare with.</param>
public sealed record IndicatorChange(string Name, double? Value, double? Previous, double? Change, string ValueText, string? ChangeText);

/// <param name="Score">0-100; null when none of its metrics has a score.</param>
public sealed record PillarChange(string Id, string Name, PillarKind Kind, double Weight, double? Score, double? Previous, double? Change);

/// <summary>A metric whose score moved between the two periods.</summary>
public sealed record MetricMove(
    string Id,
    string Name,
    string Pillar,
    double ValueBefore,
    double ValueAfter,
    double ScoreBefore,
    double ScoreAfter,
    double ScoreChange,
    string ValueBeforeText,
    string ValueAfterText);

/// <param name="Change">Change of the value since the period before; null when either is missing.</param>
/// <param name="SetByRule">Set when a rule made it red (or kept it red), with the rule's reason.</param>
public sealed record RedMetric(
    string Id,
    string Name,
    string Pillar,
    string? Touchpoint,
    double? Value,
    double? Target,
    double? Change,
    double? Score,
    string ValueText,
    string? TargetText,
    string? ChangeText,
    StatusSetByRule? SetByRule);

/// <param name="From">The status the thresholds gave; null when the value is missing.</param>
public sealed record StatusSetByRule(string RuleId, string RuleName, MetricStatus? From, string Reason);

public enum FindingState
{
    /// <summary>The rule did not fire in the period before.</summary>
    New,

    /// <summary>The rule fired in the period before too.</summary>
    Continuing,

    /// <summary>The rule fired in the period before and not in this one.</summary>
    Resolved,
}

/// <summary>A rule's finding with its history; a finding is identified by its rule.</summary>
/// <param name="Message">This period's message; for a resolved finding, the last one it gave.</param>
/// <param name="PeriodsInARow">Periods in a row the rule has fired, this one included (1 when new); for a resolved finding, up to the period before.</param>
public sealed record TrackedFinding(
    string RuleId,
    string RuleName,
    FindingSeverity Severity,
    string Message,
    string? Action,
    FindingState State,
    int PeriodsInARow);

/// <param name="Touchpoint">The metrics' touchpoint tag; null for metrics without one.</param>
public sealed record HeatmapRow(
    string? Touchpoint,
    ImmutableArray<MetricName> Green,
    ImmutableArray<MetricName> Amber,
    ImmutableArray<MetricName> Red,
    ImmutableArray<MetricName> Missing);

public sealed record MetricName(string Id, string Name);

/// <param name="Metrics">Metrics of the scorecard, scored or not.</param>
/// <param name="Present">Of those, the ones with a value this period.</param>
/// <param name="Answers">Survey answers in the period to the questions the scorecard reads.</param>
/// <param name="Observations">Observations in the period of the keys the scorecard reads.</param>
/// <param name="RoxWeightMissing">Share of the ROX index's weight (0-1) whose pillars had no score.</param>
public sealed record SummaryCoverage(
    int Metrics,
    int Present,
    ImmutableArray<MissingMetric> Missing,
    long Answers,
    long Observations,
    double RoxWeightMissing);

public sealed record MissingMetric(string Id, string Name, string Pillar, MissingReason Reason);

/// <summary>The last periods with snapshots, oldest first and ending with this one, for sparklines.</summary>
/// <param name="Index">The ROX index per period, in the order of <paramref name="Periods"/>.</param>
public sealed record SummaryTrend(ImmutableArray<ScorePeriodDocument> Periods, ImmutableArray<double?> Index, ImmutableArray<PillarSeries> Pillars);

public sealed record PillarSeries(string Id, string Name, ImmutableArray<double?> Scores);
