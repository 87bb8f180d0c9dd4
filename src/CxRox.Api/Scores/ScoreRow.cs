using System.Text.Json;

namespace CxRox.Api.Scores;

/// <summary>
/// One row of a flat export: the ROX index of a period (no pillar, no metric), a pillar's score
/// (no metric), or a metric. Numbers are kept as the JSON text they were stored as, so an export
/// says exactly what the JSON reads say.
/// </summary>
/// <param name="Value">The metric's value; for a pillar or the index, its score.</param>
/// <param name="Status">green, amber or red; metrics only.</param>
/// <param name="Target">The value that scores 100; metrics only.</param>
/// <param name="Stale">The period's data changed after it was computed (docs/stale-scores.md).</param>
public sealed record ScoreRow(
    string PeriodStart, string PeriodEnd, string? Pillar, string? Metric, string? Value, string? Score, string? Status, string? Target, bool Partial,
    bool Stale)
{
    /// <summary>The export's columns, in their order; README.md "Scores for BI tools" says what each holds.</summary>
    public static readonly string[] Columns =
        ["period_start", "period_end", "scorecard", "version", "pillar", "metric", "value", "score", "status", "target", "partial", "stale"];

    /// <summary>The rows of one period's <c>{ period, rox, pillars, metrics }</c>: the index, then pillars, then metrics, in the document's order.</summary>
    public static IEnumerable<ScoreRow> Of(JsonElement period)
    {
        var dates = period.GetProperty("period");
        var start = dates.GetProperty("start").GetString()!;
        var end = dates.GetProperty("end").GetString()!;
        var partial = dates.GetProperty("partial").GetBoolean();
        var stale = dates.TryGetProperty("stale", out var flag) && flag.GetBoolean();
        var index = Number(period.GetProperty("rox"), "index");
        yield return new ScoreRow(start, end, null, null, index, index, null, null, partial, stale);
        foreach (var pillar in period.GetProperty("pillars").EnumerateArray())
        {
            var score = Number(pillar, "score");
            yield return new ScoreRow(start, end, pillar.GetProperty("id").GetString(), null, score, score, null, null, partial, stale);
        }
        foreach (var metric in period.GetProperty("metrics").EnumerateArray())
        {
            yield return new ScoreRow(
                start, end, metric.GetProperty("pillar").GetString(), metric.GetProperty("id").GetString(),
                Number(metric, "value"), Number(metric, "score"),
                metric.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null,
                Number(metric, "target"), partial, stale);
        }
    }

    // Absent and null are both "no value": documents leave nulls out.
    private static string? Number(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;
}
