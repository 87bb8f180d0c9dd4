using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Evaluation;

/// <summary>Turns a bound scorecard into a <see cref="CompiledScorecard"/>: a plan of indices and two compiled trees.</summary>
public static class ScorecardCompiler
{
    public static CompiledScorecard Compile(BoundScorecard bound, string contentHash = "")
    {
        ArgumentNullException.ThrowIfNull(bound);
        var scorecard = bound.Scorecard;
        var layout = bound.Layout;
        var table = new ExpressionTable();

        var pillarIndex = scorecard.Pillars.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var metrics = scorecard.Metrics.Select((metric, i) => PlanMetric(bound, table, metric, i, pillarIndex[metric.Pillar])).ToImmutableArray();
        var pillars = scorecard.Pillars.Select((pillar, p) => new PillarPlan(
            pillar.Id,
            layout.Pillar(p),
            pillar.Weight,
            [.. metrics.Select((m, i) => (m, i)).Where(x => x.m.Pillar == p && x.m.Weight > 0).Select(x => x.i)])).ToImmutableArray();
        var roxReturn = scorecard.Rox.Return is { } rox ? table.Add(bound.Expression(rox.Formula)) : -1;
        var rules = scorecard.Rules.Select(rule => PlanRule(bound, table, rule)).ToImmutableArray();
        var byRank = scorecard.Rules.Select((rule, i) => (rule.Priority, i))
            .OrderByDescending(x => x.Priority).ThenBy(x => x.i).Select(x => x.i).ToImmutableArray();

        var plan = new ScorecardPlan(
            metrics,
            [.. metrics.Select((m, i) => (m, i)).Where(x => !x.m.IsFormula).Select(x => x.i)],
            bound.FormulaOrder,
            pillars,
            roxReturn,
            rules,
            byRank,
            Dependents(scorecard.Rules, bound, layout.MetricCount, r => r.Target is ReadTarget.Fact ? -1 : layout.MetricIndex(r.Id)),
            Dependents(scorecard.Rules, bound, layout.FactCount, r => r.Target is ReadTarget.Fact ? layout.FactIndex(r.Id) : -1));
        return new CompiledScorecard(bound, plan, table.CompileNumbers(), table.CompileConditions(), RuleNetwork.Build(rules, layout), contentHash);
    }

    private static MetricPlan PlanMetric(BoundScorecard bound, ExpressionTable table, Metric metric, int index, int pillar)
    {
        var formula = -1;
        ImmutableArray<int> reads = [];
        if (metric.Source is FormulaSource source)
        {
            var expression = bound.Expression(source.Expression);
            formula = table.Add(expression);
            reads = [.. BoundTree.Reads(expression).Select(r => FrameIndex(bound, r)).Distinct()];
        }
        return new MetricPlan(metric.Id, pillar, ScorecardLayout.Metric(index), metric.Source is SurveySource, metric.MinSample,
            metric.Scoring, metric.Direction, formula, reads);
    }

    private static RulePlan PlanRule(BoundScorecard bound, ExpressionTable table, Rule rule)
    {
        var layout = bound.Layout;
        var condition = bound.Expression(rule.When);
        var actions = rule.Then.Select<RuleAction, RuleActionPlan>(action => action switch
        {
            FindingAction finding => new FindingPlan(finding.Severity, [.. finding.Message.Parts.Select(part => PlanPiece(bound, table, part))], finding.Action),
            SetStatusAction set => new SetStatusPlan(layout.MetricIndex(set.Metric), set.Metric,
                ScorecardLayout.Metric(layout.MetricIndex(set.Metric)).Status, set.Status, set.Reason),
            AssertAction assert => new AssertPlan(layout.FactIndex(assert.Fact), assert.Fact, layout.Fact(layout.FactIndex(assert.Fact))),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), action.GetType().Name, "Unknown rule action."),
        }).ToImmutableArray();
        var reads = BoundTree.Reads(condition)
            .Select(r => new TraceRead(ReadName(r), FrameIndex(bound, r), r.Kind))
            .DistinctBy(r => r.FrameIndex)
            .ToImmutableArray();
        return new RulePlan(rule.Id, rule.Priority, condition, actions, reads) { LegacyCondition = table.Add(condition) };
    }

    private static MessagePiece PlanPiece(BoundScorecard bound, ExpressionTable table, MessagePart part) => part switch
    {
        MessageText text => new MessagePiece(text.Text, null),
        MessageHole hole => new MessagePiece(null, bound.Expression(hole.Expression)) { Index = table.Add(bound.Expression(hole.Expression)) },
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    /// <summary>
    /// For each metric (or fact), the rules whose condition reads it in the current period: the
    /// only ones to re-evaluate when a rule changes its status (or asserts it).
    /// </summary>
    private static ImmutableArray<ImmutableArray<int>> Dependents(
        ImmutableArray<Rule> rules, BoundScorecard bound, int count, Func<BoundRead, int> target)
    {
        var readers = Enumerable.Range(0, count).Select(_ => new SortedSet<int>()).ToArray();
        for (var r = 0; r < rules.Length; r++)
        {
            foreach (var read in BoundTree.Reads(bound.Expression(rules[r].When)).Where(read => read.PeriodOffset == 0 && read.Target != ReadTarget.PillarScore))
            {
                var index = target(read);
                if (index >= 0)
                {
                    readers[index].Add(r);
                }
            }
        }
        return [.. readers.Select(set => set.ToImmutableArray())];
    }

    private static int FrameIndex(BoundScorecard bound, BoundRead read) => (read.PeriodOffset * bound.Layout.SlotsPerPeriod) + read.Slot;

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
