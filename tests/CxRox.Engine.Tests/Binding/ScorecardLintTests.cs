using CxRox.Engine.Model;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Tests.Binding;

/// <summary>The lint tier: warnings (SC100-SC105) that leave the scorecard valid.</summary>
public class ScorecardLintTests
{
    private const string Scored = "\"floor\": 0, \"target\": 100, \"thresholds\": { \"green\": 80, \"amber\": 50 }";

    /// <summary>
    /// A valid scorecard: a scored metric 'm' (written by <paramref name="metric"/>), an unscored
    /// observation 'orders' with unit <paramref name="ordersUnit"/>, and <paramref name="rules"/>.
    /// </summary>
    private static string Scorecard(string metric = $"\"unit\": \"points\", \"formula\": \"orders\", {Scored}", string rules = "[]", string ordersUnit = "count") => $$"""
        {
          "schemaVersion": 1, "id": "acme", "organization": "acme", "name": "Acme", "period": "month", "timezone": "UTC",
          "pillars": [{ "id": "cx", "name": "CX", "weight": 1 }],
          "metrics": [
            { "id": "m", "name": "M", "pillar": "cx", "direction": "higher", {{metric}} },
            { "id": "orders", "name": "Orders", "pillar": "cx", "unit": "{{ordersUnit}}", "direction": "higher", "observation": { "key": "orders", "aggregate": "sum" } }
          ],
          "rules": {{rules}}
        }
        """;

    private static List<ScorecardDiagnostic> Warnings(string json)
    {
        var result = ScorecardReader.Read(json);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Scorecard);
        return [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)];
    }

    private static ScorecardDiagnostic SingleWarning(string json, string code) =>
        Assert.Single(Warnings(json), d => d.Code == code);

    private static string Finding(string message = "Seen") => $$"""{ "finding": { "severity": "info", "message": "{{message}}" } }""";

    [Fact]
    public void Read_Baseline_HasNoLintWarnings()
    {
        Assert.DoesNotContain(Warnings(Scorecard()), d => d.Code.StartsWith("SC10", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("retail.scorecard.json")]
    [InlineData("saas.scorecard.json")]
    [InlineData("bank-contact-centre.scorecard.json")]
    public void Read_Sample_HasNoLintWarnings(string file)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", file));

        Assert.DoesNotContain(Warnings(json), d => d.Code.StartsWith("SC10", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_FactAssertedAndNeverRead_WarnsAtTheAssert()
    {
        var json = Scorecard(rules: $$"""[{ "id": "low", "name": "Low", "when": "m < 10", "then": [{{Finding()}}, { "assert": "m_low" }] }]""");

        var warning = SingleWarning(json, "SC100");

        Assert.Equal("/rules/0/then/1/assert", warning.Pointer);
        Assert.Contains("fact 'm_low'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FactReadByAnotherRule_HasNoWarning()
    {
        var json = Scorecard(rules: $$"""
            [{ "id": "low", "name": "Low", "when": "m < 10", "then": [{ "assert": "m_low" }] },
             { "id": "tell", "name": "Tell", "when": "fact.m_low", "then": [{{Finding()}}] }]
            """);

        Assert.DoesNotContain(Warnings(json), d => d.Code is "SC100" or "SC101");
    }

    [Fact]
    public void Read_RuleReadingOnlyItsOwnFact_Warns()
    {
        var json = Scorecard(rules: $$"""[{ "id": "once", "name": "Once", "when": "not fact.told", "then": [{{Finding()}}, { "assert": "told" }] }]""");

        var warning = SingleWarning(json, "SC101");

        Assert.Equal("/rules/0/when", warning.Pointer);
        Assert.Contains("Rule 'once' reads only fact.told", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SetStatusOnUnscoredMetric_WarnsAtTheMetricName()
    {
        var json = Scorecard(rules: """[{ "id": "flag", "name": "Flag", "when": "m < 10", "then": [{ "setStatus": { "metric": "orders", "status": "red", "reason": "Low" } }] }]""");

        var warning = SingleWarning(json, "SC102");

        Assert.Equal("/rules/0/then/0/setStatus/metric", warning.Pointer);
        Assert.Contains("not scored", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status(orders) == red", "status(orders)")]
    [InlineData("score(orders) < 50 and avg_over(score(orders), 3) < 50", "score(orders)")]
    public void Read_StatusOrScoreOfUnscoredMetric_WarnsOnceAtTheCall(string when, string call)
    {
        var json = Scorecard(rules: $$"""[{ "id": "r", "name": "R", "when": "{{when}}", "then": [{{Finding()}}] }]""");

        var warning = SingleWarning(json, "SC102");

        Assert.Equal("/rules/0/when", warning.Pointer);
        Assert.Equal(1, warning.ExpressionColumn);
        Assert.Contains($"{call} is always missing", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nps", 0, 10, "\"target\": 120", "target", "is 120, but an NPS is in points from -100 to 100")]
    [InlineData("nps", 0, 10, "\"target\": 0.5", "target", "Did you mean 50?")]
    [InlineData("csat", 1, 5, "\"target\": 0.8", "target", "Did you mean 80?")]
    [InlineData("mean", 1, 5, "\"floor\": 1, \"target\": 8", "target", "the mean answer lies on the survey's scale from 1 to 5")]
    [InlineData("csat", 1, 5, "\"target\": 90, \"floor\": -10", "floor", "is -10, but CSAT is the share of satisfied answers from 0 to 100")]
    public void Read_SurveyTargetOutsideScale_Warns(string aggregate, int min, int max, string scoring, string property, string message)
    {
        var target = scoring.Contains("floor", StringComparison.Ordinal) ? scoring : $"\"floor\": 0, {scoring}";
        var survey = $$"""
            "unit": "points", "survey": { "survey": "s", "question": "q", "aggregate": "{{aggregate}}", "scale": { "min": {{min}}, "max": {{max}} } },
            {{target}}, "thresholds": { "green": 0.5, "amber": 0.2 }
            """;

        var warning = SingleWarning(Scorecard(survey), "SC103");

        Assert.Equal($"/metrics/0/{property}", warning.Pointer);
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pct_change(m) > 5", 17, "comparing it with 5 asks for a change of 500 %. Write 5% or 0.05")]
    [InlineData("-10 >= pct_change(m)", 1, "comparing it with -10 asks for a change of -1000 %. Write -10% or -0.1")]
    [InlineData("abs(pct_change(m)) > 20", 22, "comparing it with 20")]
    public void Read_PctChangeComparedWithWholeNumber_WarnsAtTheNumber(string when, int column, string message)
    {
        var json = Scorecard(rules: $$"""[{ "id": "r", "name": "R", "when": "{{when}}", "then": [{{Finding()}}] }]""");

        var warning = SingleWarning(json, "SC104");

        Assert.Equal(column, warning.ExpressionColumn);
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pct_change(m) > 5%")]
    [InlineData("pct_change(m) > 0.05")]
    [InlineData("pct_change(m) < 0")]
    [InlineData("delta(m) > 5")]
    public void Read_PctChangeComparedWithAFraction_HasNoWarning(string when)
    {
        var json = Scorecard(rules: $$"""[{ "id": "r", "name": "R", "when": "{{when}}", "then": [{{Finding()}}] }]""");

        Assert.DoesNotContain(Warnings(json), d => d.Code == "SC104");
    }

    [Theory]
    [InlineData("RMB", " Did you mean 'CNY'?")]
    [InlineData("ABC", "")]
    public void Read_UnitNotInIso4217_Warns(string unit, string hint)
    {
        var warning = SingleWarning(Scorecard(ordersUnit: unit), "SC105");

        Assert.Equal("/metrics/1/unit", warning.Pointer);
        Assert.Contains($"ISO 4217 has no currency '{unit}'.{hint}", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IsoCurrency_HasNoWarning()
    {
        Assert.DoesNotContain(Warnings(Scorecard(ordersUnit: "EUR")), d => d.Code == "SC105");
    }

    [Fact]
    public void Read_WithErrors_RunsNoLint()
    {
        var json = Scorecard(rules: """[{ "id": "r", "name": "R", "when": "pct_change(m) > 5 and nsp > 1", "then": [{ "assert": "x" }] }]""");

        var result = ScorecardReader.Read(json);

        Assert.True(result.HasErrors);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code.StartsWith("SC10", StringComparison.Ordinal));
    }
}
