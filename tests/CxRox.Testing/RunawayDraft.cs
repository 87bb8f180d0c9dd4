using System.Globalization;
using System.Text;

namespace CxRox.Testing;

/// <summary>
/// The draft of issue 12 that took 23 GB and ten minutes in preview: 100 formula metrics, each
/// the sum of five <c>avg_over(avg_over(nps, 60), 60)</c> (about 39 KB). Every formula is within
/// the per-expression limits (18,309 nodes, 118 periods back); together they are 1.8 million
/// nodes evaluated every period.
/// </summary>
public static class RunawayDraft
{
    public const string Term = "avg_over(avg_over(nps, 60), 60)";

    public static string Json(string organization = "acme", string id = "runaway", int metrics = 100, int terms = 5)
    {
        var formula = string.Join(" + ", Enumerable.Repeat(Term, terms));
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""
            {
              "schemaVersion": 1, "id": "{{id}}", "organization": "{{organization}}", "name": "Runaway draft", "period": "month", "timezone": "UTC",
              "pillars": [{ "id": "cx", "name": "Customer experience", "weight": 1 }],
              "metrics": [
                { "id": "nps", "name": "NPS", "pillar": "cx", "unit": "points", "direction": "higher",
                  "survey": { "survey": "post_purchase", "question": "recommend", "aggregate": "nps", "scale": { "min": 0, "max": 10 } },
                  "floor": -10, "target": 60, "thresholds": { "green": 45, "amber": 25 } }
            """);
        for (var i = 1; i <= metrics; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""
                ,
                    { "id": "nps_smoothed_{{i:000}}", "name": "Smoothed NPS {{i}}", "pillar": "cx", "unit": "points", "direction": "higher",
                      "formula": "{{formula}}", "floor": -10, "target": 60, "thresholds": { "green": 45, "amber": 25 } }
                """);
        }
        json.Append("\n  ]\n}\n");
        return json.ToString();
    }
}
