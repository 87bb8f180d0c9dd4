using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.Evaluation;

/// <summary>Message holes and the trace write a metric's value in the metric's format and everything else at full precision.</summary>
public sealed class MessageFormattingTests
{
    private static readonly CompiledScorecard Churn = Compile(WithParameters(Document(
        [Pillar("cx", 1)],
        [
            Input("customers", "cx"),
            """
            { "id": "churn", "name": "Churn", "pillar": "cx", "unit": "ratio", "direction": "lower",
              "observation": { "key": "obs.churn", "aggregate": "sum" },
              "floor": 0.1, "target": 0.01, "thresholds": { "green": 0.02, "amber": 0.05 },
              "format": { "decimals": 1, "multiplier": 100, "suffix": "%" } }
            """,
            Input("defect_rate", "cx"),
        ],
        [Rule("churn_high", "churn > 2% and defect_rate > 0",
            """[{ "finding": { "severity": "warning", "message": "Churn {churn} (was {prev(churn)}), defects {defect_rate}, losing {churn * customers * replacement_cost_eur} a month." } }]""")]),
        """{ "replacement_cost_eur": 6000 }"""));

    [Fact]
    public void Finding_Holes_ShowMetricInItsFormat_AndOtherNumbersAtFullPrecision()
    {
        var result = Churn.EvaluateSeries([Month(0.025, 0.00002), Month(0.0225, 0.000012)])[^1];

        var finding = Assert.Single(result.Findings);
        Assert.Equal("Churn 2.3% (was 2.5%), defects 0.000012, losing 135000 a month.", finding.Message);
    }

    [Fact]
    public void Trace_ReadValues_ShowMetricInItsFormat_AndOtherNumbersAtFullPrecision()
    {
        var result = Churn.Evaluate([Month(0.0225, 0.000012)]);

        var fired = Assert.Single(result.Trace.OfType<RuleFired>());
        Assert.Equal([new TracedValue("churn", "2.3%"), new TracedValue("defect_rate", "0.000012")], fired.Read.AsEnumerable());
    }

    private static PeriodInputs Month(double churn, double defects) =>
        Churn.CreateInputs().Set("customers", 1000).Set("churn", churn).Set("defect_rate", defects);

    internal static string WithParameters(string document, string parameters) =>
        document.Replace("\"pillars\":", $"\"parameters\": {parameters},\n  \"pillars\":", StringComparison.Ordinal);
}
