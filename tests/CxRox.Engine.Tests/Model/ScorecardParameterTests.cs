using CxRox.Engine.Evaluation;
using CxRox.Engine.Validation;
using static CxRox.Engine.Tests.Evaluation.MessageFormattingTests;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.Model;

/// <summary>"parameters": named numbers that formulas, conditions and messages read by name.</summary>
public sealed class ScorecardParameterTests
{
    private static string Lost(string parameters, string formula = "lost_customers * replacement_cost_eur") => WithParameters(Document(
        [Pillar("cx", 1)],
        [Input("lost_customers", "cx"), Formula("lost_revenue", "cx", formula, floor: 0, target: 200000, green: 150000, amber: 100000)],
        [Rule("costly", "lost_revenue > replacement_cost_eur * 10",
            """[{ "finding": { "severity": "warning", "message": "Each lost customer costs {replacement_cost_eur}." } }]""")]),
        parameters);

    [Fact]
    public void Parameter_InFormulaConditionAndMessage_ReadsItsValue()
    {
        var scorecard = Compile(Lost("""{ "replacement_cost_eur": 6000 }"""));

        var result = scorecard.Evaluate([scorecard.CreateInputs().Set("lost_customers", 12)]);

        Assert.Equal(72000, result.Metric("lost_revenue").Value);
        Assert.Equal("Each lost customer costs 6000.", Assert.Single(result.Findings).Message);
        Assert.Equal(6000, Assert.Single(scorecard.Scorecard.Parameters).Value);
    }

    [Fact]
    public void Parameter_NamedAsAMetric_IsRefusedWhereItIsWritten()
    {
        var diagnostic = Single(Lost("""{ "replacement_cost_eur": 6000, "lost_customers": 3 }"""));

        Assert.Equal(("SC025", "/parameters/lost_customers"), (diagnostic.Code, diagnostic.Pointer));
        Assert.Contains("has the id of a metric", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_MisspelledInAFormula_IsUnknownWithTheNearestName()
    {
        var diagnostic = Single(Lost("""{ "replacement_cost_eur": 6000 }""", "lost_customers * replacement_cost"));

        Assert.Equal(("EXPR030", "/metrics/1/formula"), (diagnostic.Code, diagnostic.Pointer));
        Assert.Equal("Unknown metric or parameter 'replacement_cost'. Did you mean 'replacement_cost_eur'?", diagnostic.Message);
    }

    [Fact]
    public void Parameter_AsTheMetricOfScoreOrStatus_IsRefused()
    {
        var diagnostic = Single(Lost("""{ "replacement_cost_eur": 6000 }""", "lost_customers * score(replacement_cost_eur)"));

        Assert.Equal("EXPR038", diagnostic.Code);
        Assert.Contains("'replacement_cost_eur' is a parameter", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "replacement_cost_eur": 6000, "round": 2 }""", "SC021", "/parameters/round")]
    [InlineData("""{ "replacement_cost_eur": 6000, "Margin": 0.4 }""", "SC020", "/parameters/Margin")]
    [InlineData("""{ "replacement_cost_eur": "6000" }""", "SC011", "/parameters/replacement_cost_eur")]
    public void Parameter_NotASnakeCaseNameWithANumber_IsRefused(string parameters, string code, string where)
    {
        var diagnostic = Single(Lost(parameters));

        Assert.Equal((code, where), (diagnostic.Code, diagnostic.Pointer));
    }

    [Fact]
    public void Parameters_NotAnObject_IsRefused()
    {
        var compilation = CompiledScorecardCache.Compile(Lost("[6000]"));

        Assert.Contains(compilation.Diagnostics, d => (d.Code, d.Pointer) == ("SC011", "/parameters"));
    }

    private static ScorecardDiagnostic Single(string document)
    {
        var compilation = CompiledScorecardCache.Compile(document);
        Assert.Null(compilation.Scorecard);
        return Assert.Single(compilation.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }
}
