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
    int RoxReturn,
    ImmutableArray<RulePlan> Rules,
    ImmutableArray<int> RulesByRank,
    ImmutableArray<ImmutableArray<int>> RulesReadingMetric,
    ImmutableArray<ImmutableArray<int>> RulesReadingFact);

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

/// <param name="Condition">Index in the condition table.</param>
/// <param name="Reads">What the trace records when the rule fires: every value its condition reads.</param>
internal sealed record RulePlan(string Id, int Condition, ImmutableArray<RuleActionPlan> Actions, ImmutableArray<TraceRead> Reads);

internal abstract record RuleActionPlan;

internal sealed record FindingPlan(FindingSeverity Severity, ImmutableArray<MessagePiece> Message, string? Action) : RuleActionPlan
{
    /// <summary>The message when it has no holes: the same text every time.</summary>
    public string? ConstantMessage { get; } = Message.All(p => p.Text is not null) ? string.Concat(Message.Select(p => p.Text)) : null;
}

internal sealed record SetStatusPlan(int Metric, MetricStatus Status, string Reason) : RuleActionPlan;

internal sealed record AssertPlan(int Fact, string FactId) : RuleActionPlan;

/// <summary>
/// Literal text, or a hole: an expression of <see cref="Kind"/> at <see cref="Index"/> in its table,
/// shown in <see cref="Format"/> when the hole is a metric's value.
/// </summary>
internal sealed record MessagePiece(string? Text, ValueKind Kind, int Index, DisplayFormat? Format = null);

/// <summary>A value a rule condition reads, named as a consultant would write it and shown in its metric's format.</summary>
internal sealed record TraceRead(string Name, int FrameIndex, ValueKind Kind, DisplayFormat? Format = null);
