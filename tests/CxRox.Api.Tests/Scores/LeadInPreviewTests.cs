using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Scores;

/// <summary>
/// A period's scores do not depend on where the range asked for starts: the run evaluates the
/// scorecard's lead-in before it, the longest chain of history reads through formulas, not only
/// the furthest one expression reads.
/// </summary>
public sealed class LeadInPreviewTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Preview_FromTheSixthMonth_GivesItTheScoresOfAPreviewFromTheFirst_WhenFormulasReadTheHistoryOfFormulas()
    {
        // nps_three_back reads one month back, from a formula that reads two months back: three in
        // all, while the sample's own expressions read at most two (trend(complaint_rate, 3)).
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 8, editSample: text =>
        {
            var document = JsonNode.Parse(text)!;
            document["metrics"]!.AsArray().Add(JsonNode.Parse("""{ "id": "nps_two_back", "name": "NPS two months before", "pillar": "cx", "unit": "points", "direction": "higher", "formula": "prev(nps, 2)" }"""));
            document["metrics"]!.AsArray().Add(JsonNode.Parse(
                """{ "id": "nps_three_back", "name": "NPS three months before", "pillar": "cx", "unit": "points", "direction": "higher", "formula": "prev(nps_two_back)", "floor": -100, "target": 100, "thresholds": { "green": 50, "amber": 0 } }"""));
            return document.ToJsonString();
        });
        var sixthMonth = tenant.DataStart.AddMonths(5);

        var whole = await PreviewAsync(tenant, tenant.DataStart);
        var fromSixth = await PreviewAsync(tenant, sixthMonth);

        Assert.Equal(8, whole.Count);
        Assert.Equal(3, fromSixth.Count);
        Assert.NotNull(MetricValue(whole[5], "nps_three_back"));
        Assert.Equal(MetricValue(whole[5], "nps_three_back"), MetricValue(fromSixth[0], "nps_three_back"));
        for (var i = 0; i < fromSixth.Count; i++)
        {
            var expected = JsonNode.Parse(whole[5 + i].GetProperty("scores").GetRawText())!;
            var actual = JsonNode.Parse(fromSixth[i].GetProperty("scores").GetRawText())!;
            foreach (var scores in new[] { expected, actual })
            {
                scores.AsObject().Remove("computedAt");
            }
            Assert.True(JsonNode.DeepEquals(expected, actual), $"month {6 + i}: the preview from month 6 differs from the preview from month 1:\n{actual}\nexpected\n{expected}");
        }
    }

    /// <summary>Previews the stored version from <paramref name="from"/> to the end of the data; its periods.</summary>
    private async Task<List<JsonElement>> PreviewAsync(ScoresTenant tenant, DateOnly from)
    {
        var client = TestTenant.Client(api.Factory, tenant.Tenant.Editor);
        var response = await client.PostAsync(new Uri($"{tenant.ScorecardPath}/preview?from={from:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("periods").EnumerateArray().Select(p => p.Clone())];
    }

    private static double? MetricValue(JsonElement period, string id)
    {
        var metric = period.GetProperty("scores").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        return metric.GetProperty("value") is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;
    }
}
