using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Tests.TestData;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.Evaluation;

public sealed class ScorecardEvaluationTests
{
    // cx: a (weight 3) and b (weight 1), each 0 at 0 and 100 at 100; ex: c (weight 1). cx weighs 3, ex 1.
    private static readonly CompiledScorecard TwoPillars = Compile(Document(
        [Pillar("cx", 3), Pillar("ex", 1)],
        [
            Observed("a", "cx", 0, 100, 80, 50, weight: 3),
            Observed("b", "cx", 0, 100, 80, 50, weight: 1),
            Observed("c", "ex", 0, 100, 80, 50, weight: 1),
        ]));

    [Fact]
    public void Evaluate_AllPresent_WeightsMetricsIntoPillarsAndPillarsIntoRox()
    {
        var result = TwoPillars.Evaluate([Inputs(TwoPillars, ("a", 80), ("b", 40), ("c", 20))]);

        // cx = (80*3 + 40*1) / 4 = 70; rox = (70*3 + 20*1) / 4 = 57.5
        Assert.Equal(70, result.Pillar("cx").Score);
        Assert.Equal(57.5, result.Rox.Index);
        Assert.Equal((4, 0), (result.Pillar("cx").WeightPresent, result.Pillar("cx").WeightMissing));
        Assert.Equal(60, result.Metric("a").Contribution);
        Assert.Equal(10, result.Metric("b").Contribution);
        Assert.Equal(result.Pillar("cx").Score, result.Metrics.Where(m => m.Pillar == "cx").Sum(m => m.Contribution));
    }

    [Fact]
    public void Evaluate_MissingMetric_PillarUsesWeightPresentAndReportsWeightMissing()
    {
        var result = TwoPillars.Evaluate([Inputs(TwoPillars, ("b", 40), ("c", 20))]);

        var cx = result.Pillar("cx");
        Assert.Equal(40, cx.Score);
        Assert.Equal((1, 3), (cx.WeightPresent, cx.WeightMissing));
        Assert.Equal(MissingReason.NoData, result.Metric("a").Missing);
        Assert.Null(result.Metric("a").Value);
        Assert.Null(result.Metric("a").Status);
    }

    [Fact]
    public void Evaluate_PillarWithNothingPresent_IsLeftOutOfRoxAndCountedMissing()
    {
        var result = TwoPillars.Evaluate([Inputs(TwoPillars, ("a", 80), ("b", 40))]);

        Assert.Null(result.Pillar("ex").Score);
        Assert.Equal(70, result.Rox.Index);
        Assert.Equal((3, 1), (result.Rox.WeightPresent, result.Rox.WeightMissing));
    }

    [Fact]
    public void Evaluate_NothingPresent_HasNoRoxIndex()
    {
        var result = TwoPillars.Evaluate([TwoPillars.CreateInputs()]);

        Assert.Null(result.Rox.Index);
        Assert.All(result.Metrics, m => Assert.Equal(MissingReason.NoData, m.Missing));
    }

    [Fact]
    public void Evaluate_SurveyBelowMinSample_IsWithheldAndFormulasReadingItAreMissingToo()
    {
        var scorecard = Compile(Document(
            [Pillar("ex", 1, "ex")],
            [
                Survey("enps", "ex", "nps", 0, 10, -30, 40, 20, 0),
                Formula("enps_share", "ex", "enps / 100", floor: -1, target: 1, green: 0.2, amber: 0),
            ]));

        var withheld = scorecard.Evaluate([scorecard.CreateInputs().Set("enps", 35, sampleSize: 4)]);
        var reported = scorecard.Evaluate([scorecard.CreateInputs().Set("enps", 35, sampleSize: 5)]);

        Assert.Equal(MissingReason.BelowMinSample, withheld.Metric("enps").Missing);
        Assert.Null(withheld.Metric("enps").Value);
        Assert.Null(withheld.Metric("enps").SampleSize);
        Assert.Equal(MissingReason.DependsOnMissing, withheld.Metric("enps_share").Missing);
        Assert.Null(withheld.Pillar("ex").Score);
        Assert.Equal(35, reported.Metric("enps").Value);
        Assert.Equal(0.35, reported.Metric("enps_share").Value);
    }

    [Fact]
    public void Evaluate_SurveyWithheldBySource_IsMissingBelowMinSampleWithoutItsAnswerCount()
    {
        var scorecard = Compile(Document([Pillar("ex", 1, "ex")], [Survey("enps", "ex", "nps", 0, 10, -30, 40, 20, 0)]));

        var result = scorecard.Evaluate([scorecard.CreateInputs().Withhold("enps")]);
        var resetBySet = scorecard.Evaluate([scorecard.CreateInputs().Withhold("enps").Set("enps", 35, sampleSize: 9)]);

        Assert.Equal(MissingReason.BelowMinSample, result.Metric("enps").Missing);
        Assert.Null(result.Metric("enps").SampleSize);
        Assert.Equal(9, resetBySet.Metric("enps").SampleSize);
        Assert.Null(result.Metric("enps").Value);
        Assert.Equal(35, resetBySet.Metric("enps").Value);
    }

    [Fact]
    public void Evaluate_DivisionByZero_IsMissingAsUndefined()
    {
        var scorecard = RatioScorecard();

        var result = scorecard.Evaluate([scorecard.CreateInputs().Set("complaints", 12).Set("orders", 0)]);

        Assert.Null(result.Metric("complaint_share").Value);
        Assert.Equal(MissingReason.Undefined, result.Metric("complaint_share").Missing);
    }

    [Fact]
    public void Evaluate_MissingInput_MakesFormulaMissingNotZero()
    {
        var scorecard = RatioScorecard();

        var result = scorecard.Evaluate([scorecard.CreateInputs().Set("orders", 100)]);

        Assert.Null(result.Metric("complaint_share").Value);
        Assert.Equal(MissingReason.DependsOnMissing, result.Metric("complaint_share").Missing);
    }

    [Fact]
    public void Evaluate_WithHistory_ReadsEarlierPeriodsOldestFirst()
    {
        var scorecard = Compile(Document(
            [Pillar("cx", 1)],
            [
                Observed("nps", "cx", -10, 60, 45, 25),
                Formula("nps_change", "cx", "delta(nps)", floor: -20, target: 20, green: 5, amber: 0, weight: 0),
                Formula("nps_slope", "cx", "trend(nps, 3)", floor: -10, target: 10, green: 2, amber: 0, weight: 0),
                Formula("nps_mean", "cx", "avg_over(nps, 3)", floor: -10, target: 60, green: 45, amber: 25, weight: 0),
            ]));
        PeriodInputs[] months = [Month(scorecard, 20), Month(scorecard, 26), Month(scorecard, 35)];

        var latest = scorecard.Evaluate(months);
        var series = scorecard.EvaluateSeries(months);

        Assert.Equal(9, latest.Metric("nps_change").Value);
        Assert.Equal(7.5, latest.Metric("nps_slope").Value!.Value, 9);
        Assert.Equal(27, latest.Metric("nps_mean").Value);
        Assert.Equal(3, series.Length);
        Assert.Null(series[0].Metric("nps_change").Value);
        Assert.Equal(6, series[1].Metric("nps_change").Value);
        Assert.Equal(Serialize(latest), Serialize(series[2]));
    }

    [Fact]
    public void EvaluateSeries_WhenCancelled_StopsBeforeEvaluating_AndTheScorecardStaysUsable()
    {
        var scorecard = Compile(Document([Pillar("cx", 1)], [Observed("nps", "cx", -10, 60, 45, 25)]));
        PeriodInputs[] months = [Month(scorecard, 20), Month(scorecard, 26)];

        Assert.Throws<OperationCanceledException>(() => scorecard.EvaluateSeries(months, new CancellationToken(canceled: true)));

        Assert.Equal(26, scorecard.EvaluateSeries(months)[1].Metric("nps").Value);
    }

    [Fact]
    public void Evaluate_FormulaOnFormulaDeclaredFirst_ComputesInputsFirst()
    {
        var scorecard = Compile(Document(
            [Pillar("cx", 1)],
            [
                Formula("doubled_share", "cx", "complaint_share * 2", weight: 0),
                Formula("complaint_share", "cx", "complaints / orders", weight: 0),
                Input("complaints", "cx"),
                Input("orders", "cx"),
                Observed("anchor", "cx", 0, 1, 0.8, 0.5),
            ]));

        var result = scorecard.Evaluate([scorecard.CreateInputs().Set("complaints", 5).Set("orders", 100)]);

        Assert.Equal(0.1, result.Metric("doubled_share").Value);
    }

    [Fact]
    public void Inputs_ForAFormulaMetric_AreRefused()
    {
        var scorecard = RatioScorecard();

        Assert.Throws<ArgumentException>(() => scorecard.CreateInputs().Set("complaint_share", 1));
    }

    [Fact]
    public void Evaluate_InputsOfAnotherScorecard_AreRefused()
    {
        var other = RatioScorecard();

        Assert.Throws<ArgumentException>(() => TwoPillars.Evaluate([other.CreateInputs()]));
    }

    private static CompiledScorecard RatioScorecard() => Compile(Document(
        [Pillar("cx", 1)],
        [
            Input("complaints", "cx"),
            Input("orders", "cx"),
            Formula("complaint_share", "cx", "complaints / orders"),
        ]));

    private static PeriodInputs Month(CompiledScorecard scorecard, double nps) => scorecard.CreateInputs().Set("nps", nps);

    private static PeriodInputs Inputs(CompiledScorecard scorecard, params (string Id, double Value)[] values)
    {
        var inputs = scorecard.CreateInputs();
        foreach (var (id, value) in values)
        {
            inputs.Set(id, value);
        }
        return inputs;
    }

    internal static string Serialize(EvaluationResult result) => ResultJson.Serialize(result);
}
