using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CxRox.Benchmarks;

/// <summary>
/// The rule-only workload (the one NRules was measured on): 60 observation metrics and 30 rules of
/// two or three comparisons each, one finding per rule, no history. Rule i owns metrics a = m(2i)
/// and b = m(2i+1) and also reads c = m(2i+2), its neighbour's a. Even rules get a = 25, b = 40 and
/// fire; odd rules get a = 80, b = 10 and do not, whatever c holds: exactly 15 fire. With every rule
/// given the odd values none fires: the same evaluation without the firings' trace and findings.
/// Only m00 is scored (the format wants a weighted pillar with a scored metric); the rest are plain values.
/// </summary>
public static class RuleOnlyScorecard
{
    public const int MetricCount = 60;
    public const int RuleCount = 30;

    private static readonly string[] Shapes =
    [
        "{a} < 50 and ({b} >= 20 or {c} == 0)",
        "({a} < 50 and {b} > 30) or {c} < 0",
        "not ({a} >= 60) and ({b} != 10 or {c} > 1000)",
    ];

    public static string MetricId(int i) => string.Create(CultureInfo.InvariantCulture, $"m{i:00}");

    public static string RuleId(int i) => string.Create(CultureInfo.InvariantCulture, $"r{i:00}");

    /// <summary>Whether rule <paramref name="rule"/> fires when <paramref name="firing"/> rules are meant to (15 or 0).</summary>
    public static bool Fires(int rule, int firing) => firing switch
    {
        15 => rule % 2 == 0,
        0 => false,
        _ => throw new ArgumentOutOfRangeException(nameof(firing), firing, "Either 15 (every even rule) or 0."),
    };

    public static string Condition(int rule) => Shapes[rule % Shapes.Length]
        .Replace("{a}", MetricId(2 * rule), StringComparison.Ordinal)
        .Replace("{b}", MetricId((2 * rule) + 1), StringComparison.Ordinal)
        .Replace("{c}", MetricId(((2 * rule) + 2) % MetricCount), StringComparison.Ordinal);

    /// <summary>The value of metric <paramref name="metric"/> that makes its rule fire or not as <see cref="Fires"/> says.</summary>
    public static double Value(int metric, int firing)
    {
        var rule = metric / 2;
        var isA = metric % 2 == 0;
        return Fires(rule, firing) ? (isA ? 25 : 40) : (isA ? 80 : 10);
    }

    public static string Json()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("id", "rule-only");
            w.WriteString("organization", "bench");
            w.WriteString("name", "Rule-only benchmark");
            w.WriteString("period", "month");
            w.WriteString("timezone", "Europe/Warsaw");
            w.WriteStartArray("pillars");
            w.WriteStartObject();
            w.WriteString("id", "cx");
            w.WriteString("name", "Customer experience");
            w.WriteNumber("weight", 1);
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartArray("metrics");
            for (var i = 0; i < MetricCount; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", MetricId(i));
                w.WriteString("name", $"Metric {i}");
                w.WriteString("pillar", "cx");
                w.WriteString("unit", "count");
                w.WriteString("direction", "higher");
                w.WriteStartObject("observation");
                w.WriteString("key", $"bench.{MetricId(i)}");
                w.WriteString("aggregate", "sum");
                w.WriteEndObject();
                if (i == 0)
                {
                    w.WriteNumber("floor", 0);
                    w.WriteNumber("target", 100);
                    w.WriteStartObject("thresholds");
                    w.WriteNumber("green", 70);
                    w.WriteNumber("amber", 40);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("rules");
            for (var r = 0; r < RuleCount; r++)
            {
                w.WriteStartObject();
                w.WriteString("id", RuleId(r));
                w.WriteString("name", $"Rule {r}");
                w.WriteString("when", Condition(r));
                w.WriteStartArray("then");
                w.WriteStartObject();
                w.WriteStartObject("finding");
                w.WriteString("severity", "warning");
                w.WriteString("message", $"Rule {r} applies.");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
