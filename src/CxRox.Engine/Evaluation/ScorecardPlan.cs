using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Model;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// Everything evaluation needs, resolved to array indices once per scorecard version, so that
/// evaluating a period does no look-ups by name.
/// </summary>
internal sealed record ScorecardPlan(
    ImmutableArray<MetricPlan> Metrics,
    ImmutableArray<int> SourceMetrics,
    ImmutableArray<int> FormulaOrder,
    ImmutableArray<PillarPlan> Pillars,
    int RoxReturn);

/// <param name="Formula">Index in the number table of the metric's formula; -1 for a source metric.</param>
/// <param name="FormulaReads">Frame indices (any period) the formula reads, to tell why its value is missing.</param>
internal sealed record MetricPlan(
    string Id,
    int Pillar,
    MetricSlots Slots,
    bool IsSurvey,
    int MinSample,
    MetricScoring? Scoring,
    MetricDirection Direction,
    int Formula,
    ImmutableArray<int> FormulaReads)
{
    public bool IsFormula => Formula >= 0;

    /// <summary>The weight it carries in its pillar: scored metrics only.</summary>
    public double Weight => Scoring?.Weight ?? 0;
}

/// <param name="ScoredMetrics">Metrics with a positive weight in this pillar.</param>
internal sealed record PillarPlan(string Id, int Slot, double Weight, ImmutableArray<int> ScoredMetrics);
