using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Model;

namespace CxRox.Engine.Rules;

/// <summary>
/// One consultant's rule, resolved to frame slots once per scorecard version: what the rule
/// network is built from and what a result's trace is read back with. Knows nothing of how a
/// scorecard is evaluated; only of the frame the rules read and write.
/// </summary>
/// <param name="Condition">The bound <c>when</c>, a condition over the frame.</param>
/// <param name="Reads">What the trace records when the rule fires: every value its condition reads.</param>
internal sealed record RulePlan(string Id, int Priority, BoundExpression Condition, ImmutableArray<RuleActionPlan> Actions, ImmutableArray<TraceRead> Reads);

internal abstract record RuleActionPlan;

internal sealed record FindingPlan(FindingSeverity Severity, ImmutableArray<MessagePiece> Message, string? Action) : RuleActionPlan
{
    /// <summary>The message when it has no holes: the same text every time.</summary>
    public string? ConstantMessage { get; } = Message.All(p => p.Text is not null) ? string.Concat(Message.Select(p => p.Text)) : null;
}

/// <param name="Metric">The metric's index in the scorecard (for the result's override).</param>
/// <param name="StatusSlot">Where the metric's status lives in the current period of the frame.</param>
internal sealed record SetStatusPlan(int Metric, string MetricId, int StatusSlot, MetricStatus Status, string Reason) : RuleActionPlan;

/// <param name="Slot">Where the fact lives in the current period of the frame (1 asserted, 0 not).</param>
internal sealed record AssertPlan(string FactId, int Slot) : RuleActionPlan;

/// <summary>
/// Literal text, or a hole: an expression whose value is filled in when the finding is raised,
/// shown in <see cref="Format"/> when the hole is a metric's value.
/// </summary>
internal sealed record MessagePiece(string? Text, BoundExpression? Hole, DisplayFormat? Format = null)
{
    public ValueKind Kind => Hole?.Kind ?? ValueKind.Error;
}

/// <summary>A value a rule condition reads, named as a consultant would write it and shown in its metric's format.</summary>
internal sealed record TraceRead(string Name, int FrameIndex, ValueKind Kind, DisplayFormat? Format = null);
