using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Data;

/// <summary>
/// The aggregation rules of docs/aggregation.md: a survey metric reads only its own scale and
/// says how many answers it ignored; observations fold a day's segments into its total first.
/// </summary>
public sealed class AggregationRulesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>One scorecard with an observation metric of each aggregate over one key, by site (touchpoint).</summary>
    private static string Document(string slug, string id, int scaleMin, int scaleMax) => $$"""
        {
          "schemaVersion": 1, "id": "{{id}}", "organization": "{{slug}}", "name": "Folds", "period": "month", "timezone": "UTC",
          "pillars": [{ "id": "cx", "name": "Customers", "weight": 1 }, { "id": "ex", "name": "People", "weight": 1 }],
          "metrics": [
            { "id": "satisfaction", "name": "Satisfaction", "pillar": "cx", "unit": "points", "direction": "higher",
              "survey": { "survey": "visit", "question": "satisfaction", "aggregate": "mean", "scale": { "min": {{scaleMin}}, "max": {{scaleMax}} } },
              "floor": 1, "target": 5, "thresholds": { "green": 4, "amber": 3 }, "weight": 1 },
            {{Observed("headcount_sum", "sum")}}, {{Observed("headcount", "avg", scored: true)}}, {{Observed("headcount_min", "min")}},
            {{Observed("headcount_max", "max")}}, {{Observed("headcount_last", "last")}}, {{Observed("headcount_rows", "count")}},
            { "id": "leavers", "name": "Leavers", "pillar": "ex", "unit": "count", "direction": "lower",
              "observation": { "key": "hr.leavers", "aggregate": "sum" } },
            { "id": "turnover", "name": "Turnover", "pillar": "ex", "unit": "ratio", "direction": "lower", "formula": "leavers / headcount" }
          ],
          "rules": []
        }
        """;

    private static string Observed(string id, string aggregate, bool scored = false) => $$"""
        { "id": "{{id}}", "name": "{{id}}", "pillar": "ex", "unit": "count", "direction": "higher",
          "observation": { "key": "hr.headcount", "aggregate": "{{aggregate}}" }, "tags": { "touchpoint": "site" }
          {{(scored ? ", \"floor\": 0, \"target\": 500, \"thresholds\": { \"green\": 300, \"amber\": 100 }, \"weight\": 1" : "")}} }
        """;

    private async Task<TestTenant> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10], "UTC");
        // "folds" reads satisfaction on 1-5; "wide" reads the same question on 0-10, so ingest takes 0-10.
        foreach (var (id, min, max) in new[] { ("folds", 1, 5), ("wide", 0, 10) })
        {
            var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
                new Uri($"/v1/organizations/{tenant.Slug}/scorecards/{id}", UriKind.Relative), TestTenant.Json(Document(tenant.Slug, id, min, max)));
            Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        }
        return tenant;
    }

    private async Task PostAsync(TestTenant tenant, string kind, string csv)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/{kind}", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> AggregatesAsync(TestTenant tenant, string scorecard)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/aggregates?scorecard={scorecard}&from=2026-03-01&to=2026-03-31", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static JsonElement Cell(JsonElement body, string metric, string dimension = "total", string segment = "") =>
        body.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("metric").GetString() == metric
            && v.GetProperty("dimension").GetString() == dimension && v.GetProperty("segment").GetString() == segment);

    [Fact]
    public async Task SurveyMean_CountsOnlyAnswersOnItsScale_AndSaysHowManyItIgnored()
    {
        var tenant = await TenantAsync();
        await PostAsync(tenant, "survey-answers", """
            answerId,survey,question,answeredAt,score
            a1,visit,satisfaction,2026-03-10T10:00:00Z,0
            a2,visit,satisfaction,2026-03-10T10:00:00Z,9
            a3,visit,satisfaction,2026-03-10T10:00:00Z,10
            a4,visit,satisfaction,2026-03-10T10:00:00Z,10
            a5,visit,satisfaction,2026-03-10T10:00:00Z,3
            """);

        var folds = Cell(await AggregatesAsync(tenant, "folds"), "satisfaction");
        var wide = Cell(await AggregatesAsync(tenant, "wide"), "satisfaction");

        // On 1-5 only the 3 counts (not 6.4, the mean of all five); on 0-10 all five do.
        Assert.Equal(3.0, folds.GetProperty("value").GetDouble());
        Assert.Equal((3.0, 1L, 4L), (folds.GetProperty("value").GetDouble(), folds.GetProperty("sample").GetInt64(), folds.GetProperty("ignored").GetInt64()));
        Assert.Equal((6.4, 5L, 0L), (wide.GetProperty("value").GetDouble(), wide.GetProperty("sample").GetInt64(), wide.GetProperty("ignored").GetInt64()));
        var scores = await PreviewAsync(tenant);
        var satisfaction = Metric(scores, "satisfaction");
        Assert.Equal((3.0, 1, 4L), (satisfaction.GetProperty("value").GetDouble(), satisfaction.GetProperty("sampleSize").GetInt32(), satisfaction.GetProperty("ignored").GetInt64()));
    }

    [Fact]
    public async Task Observations_FoldEachDaysSegmentsIntoItsTotal_ThenAggregateOverDays()
    {
        var tenant = await TenantAsync();
        // Two sites: day totals 150 (2 March), 156 (3 March), 140 (20 March, north only).
        await PostAsync(tenant, "observations", """
            metric,date,value,touchpoint
            hr.headcount,2026-03-02,100,north
            hr.headcount,2026-03-02,50,south
            hr.headcount,2026-03-03,104,north
            hr.headcount,2026-03-03,52,south
            hr.headcount,2026-03-20,140,north
            hr.leavers,2026-03-05,3,north
            hr.leavers,2026-03-06,1,south
            """);

        var body = await AggregatesAsync(tenant, "folds");

        double Value(string metric, string segment = "") => Cell(body, metric, segment == "" ? "total" : "touchpoint", segment).GetProperty("value").GetDouble();
        Assert.Equal(446, Value("headcount_sum"));
        Assert.Equal(446.0 / 3, Value("headcount"), 9);
        Assert.Equal(140, Value("headcount_min"));
        Assert.Equal(156, Value("headcount_max"));
        Assert.Equal(140, Value("headcount_last"));
        Assert.Equal(5, Value("headcount_rows"));
        Assert.Equal(5, Cell(body, "headcount").GetProperty("sample").GetInt64());
        // A segment folds its own rows the same way: south has 50 and 52, its last day is 3 March.
        Assert.Equal(51, Value("headcount", "south"));
        Assert.Equal(52, Value("headcount_last", "south"));
        Assert.Equal(344, Value("headcount_sum", "north"));
        Assert.Equal(2, Value("headcount_rows", "south"));
        // leavers / headcount reads the organization's headcount, not a site's.
        Assert.Equal(4 / (446.0 / 3), Metric(await PreviewAsync(tenant), "turnover").GetProperty("value").GetDouble(), 12);
    }

    private async Task<JsonElement> PreviewAsync(TestTenant tenant)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/folds/preview?from=2026-03-01&to=2026-03-31", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("periods")[0].GetProperty("scores");
    }

    private static JsonElement Metric(JsonElement scores, string id) =>
        scores.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
}
