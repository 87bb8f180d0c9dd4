using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// Turns a bound scorecard into a <see cref="CompiledScorecard"/>: a plan of indices, the formulas
/// and ROX return as one compiled tree, and the rules as an NRules network.
/// </summary>
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

        var plan = new ScorecardPlan(
            metrics,
            [.. metrics.Select((m, i) => (m, i)).Where(x => !x.m.IsFormula).Select(x => x.i)],
            bound.FormulaOrder,
            pillars,
            roxReturn);
        return new CompiledScorecard(bound, plan, table.Compile(), RuleNetwork.Build(bound), contentHash);
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

    private static int FrameIndex(BoundScorecard bound, BoundRead read) => (read.PeriodOffset * bound.Layout.SlotsPerPeriod) + read.Slot;
}
