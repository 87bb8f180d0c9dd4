using CxRox.Engine.Evaluation;

namespace CxRox.Engine.Tests.TestData;

/// <summary>Small scorecards written inline by the tests, compiled or failing loudly.</summary>
public static class TestScorecards
{
    public static CompiledScorecard Compile(string json)
    {
        var compilation = CompiledScorecardCache.Compile(json);
        return compilation.Scorecard
            ?? throw new InvalidOperationException("The test scorecard is invalid:\n" + string.Join("\n", compilation.Diagnostics));
    }

    public static CompiledScorecard Sample(string name) =>
        Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", name + ".scorecard.json")));

    /// <summary>A scorecard document from JSON fragments: pillars, metrics and rules (each a JSON object).</summary>
    public static string Document(string[] pillars, string[] metrics, string[]? rules = null) => $$"""
        {
          "schemaVersion": 1, "id": "test", "organization": "acme", "name": "Test", "period": "month", "timezone": "UTC",
          "pillars": [{{string.Join(",", pillars)}}],
          "metrics": [{{string.Join(",\n", metrics)}}],
          "rules": [{{string.Join(",\n", rules ?? [])}}]
        }
        """;

    public static string Pillar(string id, double weight, string kind = "other") =>
        $$"""{ "id": "{{id}}", "name": "{{id}}", "kind": "{{kind}}", "weight": {{Number(weight)}} }""";

    /// <summary>A scored observation metric (higher is better unless said otherwise).</summary>
    public static string Observed(string id, string pillar, double floor, double target, double green, double amber, double weight = 1, string direction = "higher") =>
        $$"""
        { "id": "{{id}}", "name": "{{id}}", "pillar": "{{pillar}}", "unit": "count", "direction": "{{direction}}",
          "observation": { "key": "obs.{{id}}", "aggregate": "sum" },
          "floor": {{Number(floor)}}, "target": {{Number(target)}}, "thresholds": { "green": {{Number(green)}}, "amber": {{Number(amber)}} }, "weight": {{Number(weight)}} }
        """;

    /// <summary>An unscored observation metric: an input for formulas and rules.</summary>
    public static string Input(string id, string pillar) =>
        $$"""{ "id": "{{id}}", "name": "{{id}}", "pillar": "{{pillar}}", "unit": "count", "direction": "higher", "observation": { "key": "obs.{{id}}", "aggregate": "sum" } }""";

    public static string Formula(string id, string pillar, string formula, double floor = 0, double target = 1, double green = 0.8, double amber = 0.5, double weight = 1) =>
        $$"""
        { "id": "{{id}}", "name": "{{id}}", "pillar": "{{pillar}}", "unit": "ratio", "direction": "higher", "formula": "{{formula}}",
          "floor": {{Number(floor)}}, "target": {{Number(target)}}, "thresholds": { "green": {{Number(green)}}, "amber": {{Number(amber)}} }, "weight": {{Number(weight)}} }
        """;

    public static string Survey(string id, string pillar, string aggregate, int min, int max, double floor, double target, double green, double amber, int? minSample = null) =>
        $$"""
        { "id": "{{id}}", "name": "{{id}}", "pillar": "{{pillar}}", "unit": "points", "direction": "higher",
          "survey": { "survey": "s", "question": "{{id}}", "aggregate": "{{aggregate}}", "scale": { "min": {{min}}, "max": {{max}} } },
          {{(minSample is null ? "" : $"\"minSample\": {minSample},")}}
          "floor": {{Number(floor)}}, "target": {{Number(target)}}, "thresholds": { "green": {{Number(green)}}, "amber": {{Number(amber)}} } }
        """;

    /// <summary>A rule; <paramref name="then"/> is the JSON array of actions.</summary>
    public static string Rule(string id, string when, string then, int priority = 0) =>
        $$"""{ "id": "{{id}}", "name": "{{id}}", "priority": {{priority.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "when": "{{when}}", "then": {{then}} }""";

    private static string Number(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
