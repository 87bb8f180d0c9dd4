using CxRox.Engine.Binding;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Syntax;
using CxRox.Engine.Tests.TestData;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.Evaluation;

/// <summary>
/// A period's result must not depend on where the requested range starts: evaluated after the
/// scorecard's lead-in, it is what a run from the start of the data gives, also when formulas
/// read the history of formulas that read history.
/// </summary>
public sealed class LeadInTests
{
    // Not monotone, so that deltas change sign and rules fire in some months only.
    private static readonly double[] X = [3, 7, 2, 9, 4, 8, 1, 6, 5, 10, 2, 7, 3, 9];

    private static readonly Dictionary<string, string> Scorecards = new()
    {
        ["prev_of_prev"] = Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("m1", "cx", "prev(x)"), Formula("m2", "cx", "prev(m1)")]),
        ["avg_over_of_prev"] = Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("a", "cx", "prev(x)"), Formula("b", "cx", "avg_over(a, 3)")]),
        ["rule_on_chain"] = Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("m1", "cx", "prev(x)"), Formula("m2", "cx", "delta(m1)")],
            [Rule("rising", "prev(m2) > 0", """[{ "finding": { "severity": "info", "message": "m2 was {prev(m2)}" } }]""")]),
        ["status_set_by_rule"] = Document([Pillar("cx", 1)],
            [
                Input("x", "cx"), Observed("m0", "cx", 0, 10, 8, 5),
                Formula("y", "cx", "if(prev(status(m0)) == red, 1, 0)"),
            ],
            [Rule("flag", "prev(x) > 5", """[{ "setStatus": { "metric": "m0", "status": "red", "reason": "Flagged" } }]""")]),
        ["rox_return_on_pillar"] = WithRoxReturn(Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("m1", "cx", "prev(x)"), Formula("m2", "cx", "prev(m1)")]), "delta(pillar.cx)"),
        ["rising_and_falling"] = Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("a", "cx", "prev(x)"), Formula("r", "cx", "if(rising(a, 1), 1, 0)")],
            [Rule("turns", "falling(x, 2) or rising(a, 2)", """[{ "finding": { "severity": "info", "message": "a was {a}" } }]""")]),
        ["running_total"] = Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("running", "cx", "coalesce(prev(running), 0) + x", target: 100)]),
    };

    [Theory]
    [InlineData("prev_of_prev", 2)]
    [InlineData("avg_over_of_prev", 3)]
    [InlineData("rule_on_chain", 3)]
    [InlineData("status_set_by_rule", 2)]
    [InlineData("rox_return_on_pillar", 3)]
    [InlineData("rising_and_falling", 3)]
    [InlineData("running_total", ExpressionLimits.MaxPeriodOffset)]
    public void EvaluateSeries_FromTheLeadInBeforeTheFirstPeriod_GivesEachPeriodAsTheWholeHistoryDoes(string name, int leadIn)
    {
        var scorecard = Compile(Scorecards[name]);
        var whole = Series(scorecard, 0);

        for (var first = 1; first < X.Length; first++)
        {
            var start = Math.Max(0, first - scorecard.LeadInPeriods);
            var series = Series(scorecard, start);
            for (var period = first; period < X.Length; period++)
            {
                Assert.True(whole[period] == series[period - start],
                    $"{name}: month {period} evaluated from month {start} (asked from {first}) differs from the whole history:\n{series[period - start]}\nexpected\n{whole[period]}");
            }
        }
        Assert.Equal(leadIn, scorecard.LeadInPeriods);
    }

    [Fact]
    public void LeadIn_ChainOfDirectReads_AddsUpButNoExpressionReadsFurtherThanOne()
    {
        var scorecard = Compile(Scorecards["prev_of_prev"]);

        Assert.Equal((1, 2), (scorecard.HistoryDepth, scorecard.LeadInPeriods));
    }

    [Fact]
    public void LeadIn_ChainLongerThanTheLimit_IsCappedAtTheLimit()
    {
        var scorecard = Compile(Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("m1", "cx", "prev(x, 60)"), Formula("m2", "cx", "prev(m1, 60)"), Formula("m3", "cx", "prev(m2, 60)")]));

        Assert.Equal((60, ExpressionLimits.MaxPeriodOffset), (scorecard.HistoryDepth, scorecard.LeadInPeriods));
    }

    [Fact]
    public void LeadIn_CircleThroughAnotherMetricsHistory_IsCappedAtTheLimit()
    {
        var scorecard = Compile(Document([Pillar("cx", 1)],
            [Input("x", "cx"), Formula("a", "cx", "coalesce(prev(b), 0) + x"), Formula("b", "cx", "a * 2")]));

        Assert.Equal(ExpressionLimits.MaxPeriodOffset, scorecard.LeadInPeriods);
    }

    [Fact]
    public void MaxRunPeriods_LeavesRoomForTheLeadIn()
    {
        var scorecard = Compile(Scorecards["running_total"]);

        var withoutHistory = ScorecardBudget.MaxRunPeriods(scorecard.Bound.ExpressionNodes, scorecard.Scorecard.Metrics.Length, 0);
        Assert.Equal(withoutHistory - ExpressionLimits.MaxPeriodOffset, scorecard.MaxRunPeriods);
    }

    [Fact]
    public void LeadIn_RulesChainingThroughFactsInTheSamePeriod_AddNothing()
    {
        var scorecard = Compile(Document([Pillar("cx", 1)],
            [Observed("x", "cx", 0, 10, 8, 5)],
            [
                Rule("detect", "x > 5", """[{ "assert": "high" }]"""),
                Rule("react", "fact.high", """[{ "setStatus": { "metric": "x", "status": "red", "reason": "High" } }]"""),
            ]));

        Assert.Equal(0, scorecard.LeadInPeriods);
    }

    [Theory]
    [InlineData("retail")]
    [InlineData("saas")]
    [InlineData("bank-contact-centre")]
    public void LeadIn_Sample_IsItsHistoryDepth(string sample)
    {
        var scorecard = Sample(sample);

        Assert.Equal(scorecard.HistoryDepth, scorecard.LeadInPeriods);
    }

    /// <summary>Evaluates months <paramref name="start"/> to the last one, every data metric given x; each result as JSON.</summary>
    private static string[] Series(CompiledScorecard scorecard, int start)
    {
        var data = scorecard.Scorecard.Metrics.Where(m => m.Source is not FormulaSource).Select(m => m.Id).ToList();
        var inputs = X[start..].Select(x => data.Aggregate(scorecard.CreateInputs(), (inputs, id) => inputs.Set(id, x))).ToList();
        return [.. scorecard.EvaluateSeries(inputs).Select(ResultJson.Serialize)];
    }

    private static string WithRoxReturn(string document, string formula) => document.Replace(
        "\"rules\": [",
        $$"""
        "rox": { "index": { "name": "ROX index" }, "return": { "name": "Return", "unit": "ratio", "formula": "{{formula}}" } },
          "rules": [
        """,
        StringComparison.Ordinal);
}
