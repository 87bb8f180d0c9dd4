using CxRox.Benchmarks;
using CxRox.Engine.Binding;
using CxRox.Engine.Model;
using CxRox.Engine.Syntax;
using CxRox.Engine.Tests.Samples;
using CxRox.Engine.Tests.TestData;
using CxRox.Testing;

namespace CxRox.Engine.Tests.Binding;

public class ScorecardBudgetTests
{
    /// <summary>Costs 1 + 60 × (1 + 60) = 3,661 nodes, exactly as bound.</summary>
    private const string NestedAverage = "avg_over(avg_over(x, 60), 60)";

    [Fact]
    public void Read_RunawayDraft_IsRefusedBeforeBindingAndSaysWhatToReduce()
    {
        var result = ScorecardReader.Read(RunawayDraft.Json());

        Assert.Null(result.Scorecard);
        Assert.Null(result.Bound);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SC094", diagnostic.Code);
        Assert.Equal("/metrics/1/formula", diagnostic.Pointer);
        Assert.Equal(
            "Metric 'nps_smoothed_001' evaluates 18,309 expression nodes every period and reads 118 periods back (100 expressions cost as much or nearly); "
            + "the whole scorecard evaluates 1,830,900 nodes a period, so a preview of the last 2 periods, with its 118 periods of history, takes 219,708,000 node evaluations. "
            + $"The budget is {ScorecardBudget.MaxExpressionNodes:N0} nodes a period and {ScorecardBudget.MaxNodeEvaluationsPerRun:N0} node evaluations a run. "
            + "History functions evaluate their argument once for every period of their window, so nested windows multiply "
            + "(avg_over(avg_over(x, 60), 60) evaluates x 3,600 times a period): shorten the windows, nest less, "
            + "or compute the inner average as a metric of its own and average that.",
            diagnostic.Message);
    }

    [Fact]
    public void Read_RunawayDraftWithOneTerm_IsStillRefused()
    {
        var result = ScorecardReader.Read(RunawayDraft.Json(terms: 1));

        Assert.Equal("SC094", Assert.Single(result.Diagnostics).Code);
    }

    [Theory]
    [MemberData(nameof(SampleScorecardTests.Samples), MemberType = typeof(SampleScorecardTests))]
    public void Read_Sample_IsWellWithinBudget(string file)
    {
        var bound = ScorecardReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", file))).Bound;

        Assert.NotNull(bound);
        Assert.InRange(bound.ExpressionNodes, 1, ScorecardBudget.MaxExpressionNodes / 20);
        Assert.True(TestScorecards.Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", file))).MaxRunPeriods > 530);
    }

    [Fact]
    public void Read_GeneratedBenchmarkScorecard_IsWellWithinBudget()
    {
        var generated = new GeneratedScorecard();

        var compiled = TestScorecards.Compile(generated.Json);

        Assert.Equal(200, compiled.Scorecard.Metrics.Length);
        Assert.InRange(compiled.Bound.ExpressionNodes, 1, ScorecardBudget.MaxExpressionNodes / 5);
        Assert.True(compiled.MaxRunPeriods > 530, $"{compiled.MaxRunPeriods} periods a run");
    }

    [Fact]
    public void Read_ScorecardAtTheBudget_IsAccepted()
    {
        var result = ScorecardReader.Read(ScorecardCosting(ScorecardBudget.MaxExpressionNodes));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(ScorecardBudget.MaxExpressionNodes, result.Bound!.ExpressionNodes);
    }

    [Fact]
    public void Read_ScorecardOneNodeOverTheBudget_IsRefused()
    {
        var result = ScorecardReader.Read(ScorecardCosting(ScorecardBudget.MaxExpressionNodes + 1));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SC094", diagnostic.Code);
        Assert.Contains($"evaluates {ScorecardBudget.MaxExpressionNodes + 1:N0} nodes a period", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x", 1)]
    [InlineData("x + -x", 4)]
    [InlineData("prev(x, 3)", 1)]
    [InlineData("delta(x * 2)", 7)]
    [InlineData("pct_change(x)", 6)]
    [InlineData("avg_over(x, 12)", 13)]
    [InlineData("trend(x + 1, 4)", 13)]
    [InlineData(NestedAverage, 3661)]
    [InlineData("avg_over(delta(prev(x), 2), 3)", 10)]
    [InlineData("if(x > 1, max(x, 2, 3), coalesce(prev(x), 0))", 11)]
    public void Cost_OfExpression_IsTheNodesTheBinderCreates(string text, long nodes)
    {
        var scope = new SymbolScope().AddMetric("x", new MetricSlots(0, 1, 2));

        var bound = ExpressionBinder.Bind(text, scope, expected: null);

        Assert.True(bound.Succeeded);
        Assert.Equal(nodes, BoundTree.NodeCount(bound.Expression!));
        Assert.Equal(nodes, ExpressionCost.Nodes(ExpressionParser.Parse(text).Root));
    }

    [Theory]
    [InlineData("x + 1", 0)]
    [InlineData("prev(x, 3)", 3)]
    [InlineData("delta(prev(x), 2)", 3)]
    [InlineData(NestedAverage, 118)]
    [InlineData("trend(x, 4) + pct_change(x, 6)", 6)]
    public void Reach_OfExpression_AddsNestedSteps(string text, int periods)
    {
        var scope = new SymbolScope().AddMetric("x", new MetricSlots(0, 1, 2));

        Assert.Equal(periods, ExpressionCost.Reach(ExpressionParser.Parse(text).Root));
        Assert.Equal(periods, BoundTree.MaxPeriodOffset(ExpressionBinder.Bind(text, scope, expected: null).Expression!));
    }

    [Fact]
    public void Cost_OfDeeplyNestedWindows_Saturates()
    {
        var text = string.Concat(Enumerable.Repeat("avg_over(", 12)) + "x" + string.Concat(Enumerable.Repeat(", 60)", 12));

        Assert.Equal(ExpressionCost.Saturated, ExpressionCost.Nodes(ExpressionParser.Parse(text).Root));
    }

    [Fact]
    public void MaxRunPeriods_IsBoundedByNodesAndByMetrics()
    {
        Assert.Equal(ScorecardBudget.MaxNodeEvaluationsPerRun / 20_000 - 118, ScorecardBudget.MaxRunPeriods(20_000, 10, 118));
        Assert.Equal(ScorecardBudget.MaxMetricPeriodsPerRun / 1000 - 12, ScorecardBudget.MaxRunPeriods(10, 1000, 12));
        Assert.Equal(0, ScorecardBudget.MaxRunPeriods(ScorecardBudget.MaxNodeEvaluationsPerRun, 1, 1));
    }

    /// <summary>
    /// Formula metrics over one input whose expressions come to exactly <paramref name="nodes"/>:
    /// nested averages, then flat sums of x (2k - 1 nodes for k terms, one more with a negation).
    /// </summary>
    private static string ScorecardCosting(long nodes)
    {
        var formulas = new List<string>();
        const long nestedCost = 3661;
        for (var i = 0; i < (nodes - 1) / nestedCost; i++)
        {
            formulas.Add(NestedAverage);
        }
        var rest = nodes - (formulas.Count * nestedCost);
        while (rest > 0)
        {
            var chunk = Math.Min(rest, 999);
            var terms = (chunk + 1) / 2;
            var negated = chunk % 2 == 0;
            formulas.Add((negated ? "-x" : "x") + string.Concat(Enumerable.Repeat(" + x", (int)terms - 1)));
            rest -= chunk;
        }
        return TestScorecards.Document(
            [TestScorecards.Pillar("p", 1)],
            [TestScorecards.Input("x", "p"), .. formulas.Select((formula, i) => TestScorecards.Formula($"f{i}", "p", formula))]);
    }
}
