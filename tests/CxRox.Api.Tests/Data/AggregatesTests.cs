using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;

namespace CxRox.Api.Tests.Data;

/// <summary>Period aggregates from histograms and observations, against hand-computed values.</summary>
public sealed class AggregatesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<TestTenant> TenantAsync(string timeZone, Func<string, string> editSample)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10], timeZone);
        var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(editSample(ScorecardsApiTests.Sample(tenant.Slug, "stores"))));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return tenant;
    }

    private async Task PostAsync(TestTenant tenant, string kind, string csv)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/{kind}", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> AggregatesAsync(TestTenant tenant, string from, string to)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/aggregates?scorecard=stores&from={from}&to={to}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static JsonElement? Find(JsonElement body, string metric, string period, string dimension = "total", string segment = "")
    {
        foreach (var value in body.GetProperty("values").EnumerateArray())
        {
            if (value.GetProperty("metric").GetString() == metric && value.GetProperty("periodStart").GetString() == period
                && value.GetProperty("dimension").GetString() == dimension && value.GetProperty("segment").GetString() == segment)
            {
                return value;
            }
        }
        return null;
    }

    private static double? ValueOf(JsonElement body, string metric, string period, string dimension = "total", string segment = "")
    {
        var found = Find(body, metric, period, dimension, segment) ?? throw new Xunit.Sdk.XunitException($"no {metric} {period} {dimension} {segment}");
        return found.GetProperty("value").ValueKind == JsonValueKind.Null ? null : found.GetProperty("value").GetDouble();
    }

    [Fact]
    public async Task Monthly_SurveysAndObservations_MatchHandComputedValues_InTheOrganizationsTimeZone()
    {
        // NPS needs at least 2 answers here, so that withholding shows.
        var tenant = await TenantAsync("Europe/Warsaw", s => s.Replace("\"id\": \"nps\",", "\"id\": \"nps\", \"minSample\": 2,", StringComparison.Ordinal));
        var answers = new StringBuilder("answerId,survey,question,answeredAt,score,touchpoint,channel\n")
            .Append("a1,post_purchase,recommend,2026-10-31T23:30:00Z,10,store,store\n") // 00:30 on 1 November in Warsaw
            .Append("a2,post_purchase,recommend,2026-10-31T22:30:00Z,6,store,store\n") // 23:30 on 31 October
            .Append("a6,post_purchase,recommend,2026-11-01T12:00:00Z,10,store,store\n")
            .Append("a3,post_purchase,recommend,2026-11-15T10:00:00Z,9,app,app\n")
            .Append("a7,post_purchase,recommend,2026-11-14T10:00:00Z,9,store,store\n")
            .Append("a8,post_purchase,recommend,2026-11-14T11:00:00Z,6,store,store\n")
            .Append("a9,post_purchase,recommend,2026-11-14T12:00:00Z,8,store,store\n")
            .Append("a4,post_purchase,recommend,2026-11-20T10:00:00Z,7,store,store\n")
            .Append("a5,post_purchase,recommend,2026-11-21T10:00:00Z,3,store,store\n")
            .Append("s1,post_purchase,satisfaction,2026-11-03T10:00:00Z,5,store,store\n")
            .Append("s2,post_purchase,satisfaction,2026-11-04T10:00:00Z,4,app,app\n")
            .Append("s3,post_purchase,satisfaction,2026-11-05T10:00:00Z,2,store,store\n");
        for (var i = 0; i < 7; i++)
        {
            answers.Append(System.Globalization.CultureInfo.InvariantCulture, $"e{i},staff_pulse,recommend_workplace,2026-11-0{i + 1}T10:00:00Z,9,,\n");
        }
        await PostAsync(tenant, "survey-answers", answers.ToString());
        await PostAsync(tenant, "observations", """
            metric,date,value,touchpoint
            service.complaints,2026-11-01,10,
            service.complaints,2026-11-30,5,
            service.complaints,2026-12-01,7,
            crm.active_customers_at_start,2026-11-01,100,
            crm.active_customers_at_start,2026-11-30,120,
            inventory.out_of_stock_share,2026-11-02,0.1,shelf
            inventory.out_of_stock_share,2026-11-03,0.3,web
            """);

        var body = await AggregatesAsync(tenant, "2026-10-15", "2026-12-01");

        Assert.Equal("Europe/Warsaw", body.GetProperty("timeZone").GetString());
        Assert.Equal(["2026-10-01..2026-10-31", "2026-11-01..2026-11-30", "2026-12-01..2026-12-31"],
            body.GetProperty("periods").EnumerateArray().Select(p => $"{p.GetProperty("start").GetString()}..{p.GetProperty("end").GetString()}"));
        // November: 10, 10, 9, 9, 6, 8, 7, 3 -> 4 promoters, 2 detractors of 8 = 25; each of its atoms
        // (1 November, 9-15 and 16-22 November) holds 2 answers or more. October: one answer, below
        // minSample 2, withheld without its sample size.
        Assert.Equal(25, ValueOf(body, "nps", "2026-11-01"));
        Assert.Equal(8, Find(body, "nps", "2026-11-01")!.Value.GetProperty("sample").GetInt64());
        Assert.Null(ValueOf(body, "nps", "2026-10-01"));
        Assert.Equal(JsonValueKind.Null, Find(body, "nps", "2026-10-01")!.Value.GetProperty("sample").ValueKind);
        // By touchpoint: app has one answer (withheld), so store is withheld too: total minus store would reveal app.
        Assert.Null(ValueOf(body, "nps", "2026-11-01", "touchpoint", "app"));
        Assert.Null(ValueOf(body, "nps", "2026-11-01", "touchpoint", "store"));
        Assert.Contains("reveal", Find(body, "nps", "2026-11-01", "touchpoint", "store")!.Value.GetProperty("withheld").GetString(), StringComparison.Ordinal);
        // CSAT: top two boxes of 1..5; 5 and 4 of 5, 4, 2.
        Assert.Equal(200.0 / 3, ValueOf(body, "csat", "2026-11-01")!.Value, 9);
        Assert.Equal(100, ValueOf(body, "csat", "2026-11-01", "channel", "app"));
        Assert.Equal(50, ValueOf(body, "csat", "2026-11-01", "channel", "store"));
        // Staff eNPS: 7 answers, minSample 8.
        Assert.Null(ValueOf(body, "staff_enps", "2026-11-01"));
        // Observations: sum, last, avg with a breakdown by touchpoint; no data in October is missing, not zero.
        Assert.Equal(15, ValueOf(body, "complaints", "2026-11-01"));
        Assert.Equal(7, ValueOf(body, "complaints", "2026-12-01"));
        Assert.Null(Find(body, "complaints", "2026-10-01"));
        Assert.Equal(120, ValueOf(body, "customers_at_start", "2026-11-01"));
        Assert.Equal(0.2, ValueOf(body, "out_of_stock_rate", "2026-11-01")!.Value, 12);
        Assert.Equal(0.1, ValueOf(body, "out_of_stock_rate", "2026-11-01", "touchpoint", "shelf")!.Value, 12);
    }

    [Fact]
    public async Task Weekly_AcrossTheEndOfSummerTime_BucketsByLocalMidnight()
    {
        var tenant = await TenantAsync("America/New_York", s => s.Replace("\"period\": \"month\"", "\"period\": \"week\"", StringComparison.Ordinal));
        // Summer time ends on Sunday 1 November 2026 in New York (UTC-4 before, UTC-5 after).
        await PostAsync(tenant, "survey-answers", """
            answerId,survey,question,answeredAt,score
            before,post_purchase,recommend,2026-10-26T03:30:00Z,10
            monday,post_purchase,recommend,2026-10-26T04:30:00Z,0
            sunday,post_purchase,recommend,2026-11-02T04:30:00Z,10
            next,post_purchase,recommend,2026-11-02T05:30:00Z,0
            """);

        var body = await AggregatesAsync(tenant, "2026-10-19", "2026-11-08");

        // 03:30Z on 26 Oct is 23:30 on Sunday 25 Oct (EDT); 04:30Z is 00:30 on Monday 26 Oct.
        Assert.Equal(100, ValueOf(body, "nps", "2026-10-19"));
        // 04:30Z on 2 Nov is 23:30 on Sunday 1 Nov (EST, after the change): still the week of 26 Oct.
        Assert.Equal(0, ValueOf(body, "nps", "2026-10-26"));
        Assert.Equal(2, Find(body, "nps", "2026-10-26")!.Value.GetProperty("sample").GetInt64());
        Assert.Equal(-100, ValueOf(body, "nps", "2026-11-02"));
    }

    [Fact]
    public async Task UnknownScorecard_Answers404()
    {
        var tenant = await TenantAsync("Europe/Warsaw", s => s);

        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/aggregates?scorecard=nope&from=2026-01-01&to=2026-02-01", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
