using System.Globalization;
using CxRox.Engine.Model;
using CxRox.Engine.Syntax;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Binding;

/// <summary>
/// The work one scorecard may ask of the service, checked whenever a document is read, so that
/// validate, PUT, preview and every later start agree, and checked before anything is bound or
/// compiled, so that refusing costs nothing. Each expression costs its nodes as bound
/// (<see cref="ExpressionCost"/>: history functions copy their argument once per period they
/// read, so nested windows multiply), and a compiled scorecard evaluates all of them once per
/// period; a run (a preview or a recompute) evaluates every period it is asked for plus the
/// <see cref="BoundScorecard.LeadInPeriods"/> periods before them.
/// </summary>
public static class ScorecardBudget
{
    /// <summary>
    /// Most bound nodes over all expressions (formulas, rule conditions, message holes, the ROX
    /// return): what compiling allocates and what each evaluated period costs. Measured, compiling
    /// costs about 17 KB of memory a node of nested averages (under 1 KB a node of plain
    /// arithmetic), so the budget keeps the worst scorecard near 300 MB and a few seconds of one
    /// core; one expression may use all of it (<see cref="ExpressionLimits.MaxBoundNodes"/>).
    /// The samples have about 100 nodes, the 200-metric, 100-rule benchmark scorecard about 2,000.
    /// </summary>
    public const long MaxExpressionNodes = ExpressionLimits.MaxBoundNodes;

    /// <summary>
    /// Most node evaluations of one run: periods evaluated × expression nodes, about a fifth of a
    /// second of one core. The heaviest scorecard runs 250 periods at once, history included;
    /// the benchmark scorecard 2,500.
    /// </summary>
    public const long MaxNodeEvaluationsPerRun = 5_000_000;

    /// <summary>
    /// Most metric results of one run: periods evaluated × metrics. Each becomes a line of a
    /// score document held in memory and, for a preview, sent back; 1,000 metrics (the most a
    /// scorecard has) fit 200 periods evaluated, which is always more than the default range with
    /// the longest history.
    /// </summary>
    public const long MaxMetricPeriodsPerRun = 200_000;

    /// <summary>Periods a run evaluates when it asks for the default range: the last complete period and the current one.</summary>
    private const int DefaultRunPeriods = 2;

    /// <summary>
    /// How many periods one run of a scorecard may ask for (beyond the
    /// <paramref name="leadInPeriods"/> evaluated before them), or 0 when not even one fits.
    /// </summary>
    public static int MaxRunPeriods(long expressionNodes, int metrics, int leadInPeriods)
    {
        var byNodes = MaxNodeEvaluationsPerRun / Math.Max(1, expressionNodes);
        var byMetrics = MaxMetricPeriodsPerRun / Math.Max(1, metrics);
        return (int)Math.Clamp(Math.Min(byNodes, byMetrics) - leadInPeriods, 0, int.MaxValue);
    }

    /// <summary>Reports SC094 and answers false when the parsed expressions of <paramref name="scorecard"/> exceed the budget.</summary>
    internal static bool Check(Scorecard scorecard, IReadOnlyList<(ExpressionSource Source, ExpressionSyntax Syntax)> expressions, DiagnosticBag diagnostics)
    {
        if (expressions.Count == 0)
        {
            return true;
        }
        var costs = expressions.Select(e => (e.Source, Nodes: ExpressionCost.Nodes(e.Syntax), Reach: ExpressionCost.Reach(e.Syntax))).ToList();
        var total = costs.Aggregate(0L, (sum, cost) => Math.Min(ExpressionCost.Saturated, sum + cost.Nodes));
        if (total <= MaxExpressionNodes)
        {
            return true;
        }

        var reach = costs.Max(c => c.Reach);
        var runPeriods = DefaultRunPeriods + reach;
        var defaultRun = total > ExpressionCost.Saturated / runPeriods ? ExpressionCost.Saturated : total * runPeriods;

        var largest = costs.MaxBy(c => c.Nodes);
        var alike = costs.Count(c => c.Nodes * 2 >= largest.Nodes);
        var culture = CultureInfo.InvariantCulture;
        var message = string.Create(culture,
            $"{Capitalized(Describe(scorecard, largest.Source))} evaluates {largest.Nodes:N0} expression nodes every period and reads {largest.Reach:N0} periods back")
            + (alike > 1 ? string.Create(culture, $" ({alike:N0} expressions cost as much or nearly)") : "")
            + string.Create(culture, $"; the whole scorecard evaluates {Figure(total)} nodes a period, so a preview of the last {DefaultRunPeriods} periods, with its {reach:N0} periods of history, ")
            + string.Create(culture, $"takes {Figure(defaultRun)} node evaluations. The budget is {MaxExpressionNodes:N0} nodes a period and {MaxNodeEvaluationsPerRun:N0} node evaluations a run. ")
            + "History functions evaluate their argument once for every period of their window, so nested windows multiply "
            + "(avg_over(avg_over(x, 60), 60) evaluates x 3,600 times a period): shorten the windows, nest less, "
            + "or compute the inner average as a metric of its own and average that.";
        diagnostics.Report(ScorecardDiagnostics.OverBudget, largest.Source.Pointer, largest.Source.Start, message);
        return false;
    }

    private static string Figure(long value) =>
        value >= ExpressionCost.Saturated ? "more than " + ExpressionCost.Saturated.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The expression named as the consultant knows it: its metric, rule or the ROX return.</summary>
    private static string Describe(Scorecard scorecard, ExpressionSource source)
    {
        switch (source.Role)
        {
            case ExpressionRole.MetricFormula:
                var metric = scorecard.Metrics.FirstOrDefault(m => m.Source is FormulaSource f && ReferenceEquals(f.Expression, source));
                return metric is null ? $"the formula at {source.Pointer}" : $"metric '{metric.Id}'";
            case ExpressionRole.RuleCondition:
                var rule = scorecard.Rules.FirstOrDefault(r => ReferenceEquals(r.When, source));
                return rule is null ? $"the condition at {source.Pointer}" : $"the condition of rule '{rule.Id}'";
            case ExpressionRole.MessageHole:
                var owner = scorecard.Rules.FirstOrDefault(r => r.Then.OfType<FindingAction>()
                    .Any(f => f.Message.Parts.OfType<MessageHole>().Any(h => ReferenceEquals(h.Expression, source))));
                return owner is null ? $"the message hole at {source.Pointer}" : $"a message hole of rule '{owner.Id}'";
            default:
                return "the ROX return";
        }
    }
}
