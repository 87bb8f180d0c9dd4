using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Model;

namespace CxRox.Engine.Rules;

/// <summary>Resolves a bound scorecard's rules to <see cref="RulePlan"/>s: slots for what they set and assert, names for what they read.</summary>
internal static class RulePlanner
{
    public static ImmutableArray<RulePlan> Plan(BoundScorecard bound) => [.. bound.Scorecard.Rules.Select(rule => Plan(bound, rule))];

    private static RulePlan Plan(BoundScorecard bound, Rule rule)
    {
        var layout = bound.Layout;
        var condition = bound.Expression(rule.When);
        var actions = rule.Then.Select<RuleAction, RuleActionPlan>(action => action switch
        {
            FindingAction finding => new FindingPlan(finding.Severity, [.. finding.Message.Parts.Select(part => Piece(bound, part))], finding.Action),
            SetStatusAction set => new SetStatusPlan(layout.MetricIndex(set.Metric), set.Metric,
                ScorecardLayout.Metric(layout.MetricIndex(set.Metric)).Status, set.Status, set.Reason),
            AssertAction assert => new AssertPlan(assert.Fact, layout.Fact(layout.FactIndex(assert.Fact))),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), action.GetType().Name, "Unknown rule action."),
        }).ToImmutableArray();
        var reads = BoundTree.Reads(condition)
            .Select(r => new TraceRead(ReadName(r), (r.PeriodOffset * layout.SlotsPerPeriod) + r.Slot, r.Kind, DisplayFormatOf(bound.Scorecard, r)))
            .DistinctBy(r => r.FrameIndex)
            .ToImmutableArray();
        return new RulePlan(rule.Id, rule.Priority, condition, actions, reads);
    }

    private static MessagePiece Piece(BoundScorecard bound, MessagePart part) => part switch
    {
        MessageText text => new MessagePiece(text.Text, null),
        MessageHole hole => new MessagePiece(null, bound.Expression(hole.Expression), DisplayFormatOf(bound.Scorecard, bound.Expression(hole.Expression))),
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    /// <summary>A metric's value, in any period, is shown in the metric's format; anything else at full precision.</summary>
    private static DisplayFormat? DisplayFormatOf(Scorecard scorecard, BoundExpression expression) =>
        expression is BoundRead { Target: ReadTarget.MetricValue } read ? scorecard.FindMetric(read.Id)?.Format : null;

    /// <summary>As a consultant writes it: nps, score(nps), status(nps), pillar.cx, fact.ex_drags_cx, prev(nps), prev(nps, 2).</summary>
    private static string ReadName(BoundRead read)
    {
        var name = read.Target switch
        {
            ReadTarget.MetricValue => read.Id,
            ReadTarget.MetricScore => $"score({read.Id})",
            ReadTarget.MetricStatus => $"status({read.Id})",
            ReadTarget.PillarScore => $"pillar.{read.Id}",
            ReadTarget.Fact => $"fact.{read.Id}",
            _ => read.Id,
        };
        return read.PeriodOffset switch
        {
            0 => name,
            1 => $"prev({name})",
            _ => $"prev({name}, {read.PeriodOffset})",
        };
    }
}
