using CxRox.Engine.Binding;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Binding;

public sealed class ScorecardBinderTests
{
    [Fact]
    public void Read_FormulasDeclaredBeforeTheirInputs_OrdersInputsFirst()
    {
        var result = ScorecardReader.Read(Document(
            Formula("c_ratio", "b_ratio * 2"),
            Formula("b_ratio", "a_ratio + 1"),
            Formula("a_ratio", "nps / 100")));

        var bound = Assert.IsType<BoundScorecard>(result.Bound);
        var order = bound.FormulaOrder.Select(i => bound.Scorecard.Metrics[i].Id).ToList();
        Assert.Equal(["a_ratio", "b_ratio", "c_ratio"], order);
    }

    [Fact]
    public void Read_FormulaReadingItsOwnPreviousValue_IsNotACycle()
    {
        var result = ScorecardReader.Read(Document(Formula("smoothed", "coalesce(prev(smoothed), nps) * 0.5 + nps * 0.5")));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(1, result.Bound!.HistoryDepth);
    }

    [Fact]
    public void Read_TrendOverSixPeriods_NeedsFiveEarlierPeriods()
    {
        var result = ScorecardReader.Read(Document(Formula("nps_slope", "trend(nps, 6)")));

        Assert.Equal(5, result.Bound!.HistoryDepth);
    }

    [Fact]
    public void Read_ExpressionError_CarriesColumnInExpressionAndDocument()
    {
        var result = ScorecardReader.Read(Document(Formula("broken", "nps * scor(nps)")));

        var error = Assert.Single(result.Diagnostics, d => d.Code == "EXPR033");
        Assert.Equal(7, error.ExpressionColumn);
        Assert.Equal("/metrics/1/formula", error.Pointer);
        var line = Document(Formula("broken", "nps * scor(nps)")).Split('\n')[error.Line - 1];
        Assert.Equal("scor(nps)", line.Substring(error.Column - 1, 9));
        Assert.Equal("nps * scor(nps)\n      ^^^^", error.Excerpt);
    }

    [Theory]
    [InlineData("retail")]
    [InlineData("saas")]
    [InlineData("bank-contact-centre")]
    public void Read_Sample_BindsEveryExpressionAndChainsRules(string sample)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", sample + ".scorecard.json"));

        var result = ScorecardReader.Read(json);

        var bound = Assert.IsType<BoundScorecard>(result.Bound);
        var asserted = bound.Scorecard.AssertedFacts.ToHashSet();
        var readByRules = bound.Scorecard.Rules.SelectMany(r => bound.Reads(r.When).Facts).ToHashSet();
        Assert.NotEmpty(asserted.Intersect(readByRules));
    }

    private static string Formula(string id, string formula) =>
        $$"""{ "id": "{{id}}", "name": "{{id}}", "pillar": "cx", "unit": "ratio", "direction": "higher", "formula": "{{formula}}", "floor": 0, "target": 1, "thresholds": { "green": 0.8, "amber": 0.5 } }""";

    private static string Document(params string[] metrics) => $$"""
        {
          "schemaVersion": 1, "id": "acme", "organization": "acme", "name": "Acme", "period": "month", "timezone": "UTC",
          "pillars": [{ "id": "cx", "name": "Customer experience", "weight": 1 }],
          "metrics": [
            { "id": "nps", "name": "NPS", "pillar": "cx", "unit": "points", "direction": "higher",
              "survey": { "survey": "relationship", "question": "recommend", "aggregate": "nps", "scale": { "min": 0, "max": 10 } },
              "floor": -10, "target": 60, "thresholds": { "green": 45, "amber": 25 } },
            {{string.Join(",\n    ", metrics)}}
          ]
        }
        """;
}
