using System.Collections.Immutable;
using CxRox.Engine.Model;

namespace CxRox.Engine.Binding;

/// <summary>
/// A valid scorecard with every expression bound to its layout: what compilation and evaluation
/// start from. Formula metrics are listed in an order in which each one's inputs come first.
/// </summary>
public sealed class BoundScorecard(
    Scorecard scorecard,
    ScorecardLayout layout,
    IReadOnlyDictionary<ExpressionSource, BindingResult> bindings,
    ImmutableArray<int> formulaOrder,
    int leadInPeriods)
{
    public Scorecard Scorecard { get; } = scorecard;
    public ScorecardLayout Layout { get; } = layout;

    /// <summary>Indices of the formula metrics, each after every formula metric it reads in the same period.</summary>
    public ImmutableArray<int> FormulaOrder { get; } = formulaOrder;

    /// <summary>
    /// How many earlier periods any one expression reads directly: the evaluation frame keeps
    /// this many besides the current one.
    /// </summary>
    public int HistoryDepth { get; } = bindings.Values.Select(b => b.Reads.MaxPeriodOffset).DefaultIfEmpty(0).Max();

    /// <summary>
    /// How many periods before the first one asked for must be evaluated so that every period
    /// asked for is exact: the longest chain of history reads through formulas, pillars and
    /// rules, at most 120 (<see cref="LeadIn"/>). At least <see cref="HistoryDepth"/>.
    /// </summary>
    public int LeadInPeriods { get; } = leadInPeriods;

    /// <summary>Bound nodes over all expressions: what every evaluated period computes (see <see cref="ScorecardBudget"/>).</summary>
    public long ExpressionNodes { get; } = bindings.Values.Where(b => b.Succeeded).Sum(b => (long)BoundTree.NodeCount(b.Expression!));

    public BoundExpression Expression(ExpressionSource source) => Binding(source).Expression!;

    public ExpressionReads Reads(ExpressionSource source) => Binding(source).Reads;

    private BindingResult Binding(ExpressionSource source) =>
        bindings.TryGetValue(source, out var binding)
            ? binding
            : throw new ArgumentException($"The expression at {source.Pointer} does not belong to this scorecard.", nameof(source));
}
