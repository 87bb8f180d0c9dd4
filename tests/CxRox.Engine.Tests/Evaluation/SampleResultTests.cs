using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Tests.TestData;
using CxRox.Testing;

namespace CxRox.Engine.Tests.Evaluation;

public sealed class SampleResultTests
{
    [Theory]
    [InlineData("retail")]
    [InlineData("saas")]
    [InlineData("bank-contact-centre")]
    public void Evaluate_SampleOnFixedInputs_MatchesApprovedResult(string sample)
    {
        var scorecard = TestScorecards.Sample(sample);

        var result = scorecard.Evaluate(SampleInputs.For(scorecard, periods: 4));

        Approval.VerifyJson(ResultJson.Serialize(result), sample);
    }

    /// <summary>The retail sample's numbers worked out by hand, one period, no history.</summary>
    [Fact]
    public void Evaluate_RetailMonth_MatchesHandComputedScores()
    {
        var scorecard = TestScorecards.Sample("retail");
        var month = scorecard.CreateInputs()
            .Set("nps", 46, 400).Set("csat", 70, 380).Set("fitting_room_wait", 360, 60)
            .Set("complaints", 350).Set("orders", 20000).Set("returned_orders", 4200)
            .Set("out_of_stock_rate", 0.09, 30).Set("chatbot_containment", 0.45, 30)
            .Set("staff_enps", 5, 40).Set("separations", 8).Set("avg_headcount", 400)
            .Set("purchase_frequency", 1.25).Set("average_order_value", 205)
            .Set("customers_at_start", 15000).Set("customers_lost", 750).Set("gross_margin", 0.4)
            .Set("returns_cost_saving", 14000).Set("rfid_investment", 50000).Set("training_investment", 20000)
            .Set("training_hours", 1200).Set("rfid_coverage", 0.76);

        var result = scorecard.Evaluate([month]);

        // NPS: floor -10, target 60: (46 + 10) / 70 = 80. Green from 45.
        Assert.Equal(80, result.Metric("nps").Score!.Value, 9);
        Assert.Equal(MetricStatus.Green, result.Metric("nps").Status);
        // Complaint rate 350 / 20000 = 0.0175; floor 0.03, target 0.005 (lower is better): 12.5 / 25 = 50.
        Assert.Equal(0.0175, result.Metric("complaint_rate").Value!.Value, 12);
        Assert.Equal(50, result.Metric("complaint_rate").Score!.Value, 9);
        // Every other CX metric sits halfway (50): CX = (80*3 + 50*10) / 13.
        Assert.Equal(740.0 / 13, result.Pillar("cx").Score!.Value, 9);
        // Staff turnover 8 / 400 = 0.02; floor 0.06, target 0.015: 0.04 / 0.045 = 88.9. eNPS 5 on -30..40 = 50.
        // EX = (50*3 + 88.89*2) / 5.
        Assert.Equal(((50 * 3) + (400.0 / 4.5 * 2)) / 5, result.Pillar("ex").Score!.Value, 9);
        // CLV = AOV x frequency x margin / churn = 205 x 1.25 x 0.4 / (750 / 15000) = 2050; on 800..2500 = 73.53.
        Assert.Equal(2050, result.Metric("clv").Value!.Value, 9);
        Assert.Equal(1250.0 / 17, result.Metric("clv").Score!.Value, 9);
        // Outcomes = (frequency 50*3 + AOV 50*1 + churn 50*2 + CLV 73.53*2) / 8.
        var outcomes = (300 + (1250.0 / 17 * 2)) / 8;
        Assert.Equal(outcomes, result.Pillar("outcomes").Score!.Value, 9);
        // Investment = (training hours per employee 3 of 6 = 50, RFID coverage 0.76 of 0.95 = 80) / 2.
        Assert.Equal(65, result.Pillar("investment").Score!.Value, 9);
        // ROX index: pillars weighted 35 / 20 / 35 / 10.
        var rox = ((740.0 / 13 * 35) + (result.Pillar("ex").Score!.Value * 20) + (outcomes * 35) + (65 * 10)) / 100;
        Assert.Equal(rox, result.Rox.Index!.Value, 9);
        Assert.Equal(59.0930, result.Rox.Index!.Value, 4);
        // ROX return: with no previous month the gains from churn and frequency are 0, so 14000 / 70000.
        Assert.Equal(0.2, result.Rox.Return!.Value, 12);
        Assert.Empty(result.Findings);
    }
}
