using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Npgsql;

namespace CxRox.Api.Tests.Data;

/// <summary>Ingest of observations and survey answers: formats, bad rows, all-or-nothing, counts, histograms.</summary>
public sealed partial class IngestTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private sealed record Tenant(TestTenant Keys, HttpClient Ingest);

    private async Task<Tenant> TenantAsync(string timeZone = "Europe/Warsaw", bool withScorecard = true)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10], timeZone);
        if (withScorecard)
        {
            // The retail sample declares post_purchase/recommend on 0..10 (NPS).
            var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
                new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        return new Tenant(tenant, TestTenant.Client(api.Factory, tenant.Ingest));
    }

    private static Task<HttpResponseMessage> PostAsync(Tenant tenant, string kind, string body, string mediaType) =>
        tenant.Ingest.PostAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data/{kind}", UriKind.Relative), new StringContent(body, Encoding.UTF8, mediaType));

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static void AssertCounts(JsonElement body, long inserted, long updated, long unchanged)
    {
        Assert.Equal(inserted, body.GetProperty("inserted").GetInt64());
        Assert.Equal(updated, body.GetProperty("updated").GetInt64());
        Assert.Equal(unchanged, body.GetProperty("unchanged").GetInt64());
        Assert.Equal(inserted + updated + unchanged, body.GetProperty("rows").GetInt64());
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    private Task<List<string>> HistogramAsync(Tenant tenant) => QueryAsync(
        $"""
        SELECT survey, question, to_char(local_day, 'YYYY-MM-DD'), touchpoint, channel, score, answers FROM answer_histograms h
        JOIN organizations o ON o.id = h.org_id WHERE o.slug = '{tenant.Keys.Slug}' ORDER BY 1, 2, 3, 4, 5, 6
        """);

    private const string ObservationsJson = """
        [{"metric": "orders", "date": "2026-03-01", "value": 120},
         {"metric": "orders", "date": "2026-03-01", "value": 15, "touchpoint": "app", "channel": "mobile", "source": "erp"},
         {"metric": "complaints", "date": "2026-03-01T23:30:00Z", "value": "4"}]
        """;

    [Fact]
    public async Task Observations_EachFormat_StoresTheSameRows()
    {
        var json = await TenantAsync();
        var ndjson = await TenantAsync();
        var csv = await TenantAsync();

        AssertCounts(await OkAsync(await PostAsync(json, "observations", ObservationsJson, "application/json")), 3, 0, 0);
        AssertCounts(await OkAsync(await PostAsync(ndjson, "observations", """
            {"metric": "orders", "date": "2026-03-01", "value": 120}
            {"metric": "orders", "date": "2026-03-01", "value": 15, "touchpoint": "app", "channel": "mobile", "source": "erp"}

            {"metric": "complaints", "date": "2026-03-01T23:30:00Z", "value": 4}
            """, "application/x-ndjson")), 3, 0, 0);
        AssertCounts(await OkAsync(await PostAsync(csv, "observations",
            "metric,date,value,touchpoint,channel,source\r\norders,2026-03-01,120,,,\r\norders,2026-03-01,15,app,mobile,erp\r\n\"complaints\",2026-03-01T23:30:00Z,4,,,\r\n", "text/csv")), 3, 0, 0);

        var stored = new List<List<string>>();
        foreach (var tenant in new[] { json, ndjson, csv })
        {
            stored.Add(await QueryAsync(
                $"""
                SELECT metric_key, to_char(observed_on, 'YYYY-MM-DD'), touchpoint, channel, value, coalesce(source, '-') FROM observations b
                JOIN organizations o ON o.id = b.org_id WHERE o.slug = '{tenant.Keys.Slug}' ORDER BY 1, 2, 3
                """));
        }
        // 23:30Z on 1 March is 00:30 on 2 March in Warsaw: a timestamp becomes the organization's local date.
        Assert.Equal(["complaints|2026-03-02|||4|-", "orders|2026-03-01|||120|-", "orders|2026-03-01|app|mobile|15|erp"], stored[0]);
        Assert.Equal(stored[0], stored[1]);
        Assert.Equal(stored[0], stored[2]);
    }

    [Fact]
    public async Task Observations_SentAgain_AreUnchanged_AndAChangedValueIsUpdated()
    {
        var tenant = await TenantAsync();
        AssertCounts(await OkAsync(await PostAsync(tenant, "observations", ObservationsJson, "application/json")), 3, 0, 0);

        AssertCounts(await OkAsync(await PostAsync(tenant, "observations", ObservationsJson, "application/json")), 0, 0, 3);
        AssertCounts(await OkAsync(await PostAsync(tenant, "observations", ObservationsJson.Replace("120", "121", StringComparison.Ordinal), "application/json")), 0, 1, 2);

        Assert.Equal(["121"], await QueryAsync(
            $"SELECT value FROM observations b JOIN organizations o ON o.id = b.org_id WHERE o.slug = '{tenant.Keys.Slug}' AND metric_key = 'orders' AND touchpoint = ''"));
    }

    [Fact]
    public async Task Observations_BadRows_RejectTheWholeBatch_AndListEveryOne()
    {
        var tenant = await TenantAsync();
        var body = """
            [{"metric": "orders", "date": "2026-03-01", "value": 1},
             {"metric": "orders", "date": "2026-03-02", "value": "lots"},
             {"metric": "orders", "date": "2026-02-30", "value": 1},
             {"metric": "orders", "date": "1066-10-14", "value": 1},
             {"date": "2026-03-05", "value": 1},
             {"metric": "orders", "date": "2026-03-06", "value": 1, "colour": "red"},
             {"metric": "orders", "date": "2026-03-07", "value": 1e300},
             {"metric": "orders", "date": "2026-03-08", "value": 1, "source": "SOURCE"},
             {"metric": "orders", "date": "2026-03-01", "value": 2},
             {"metric": "orders", "date": "2026-03-09", "value": true}]
            """.Replace("SOURCE", new string('x', 201), StringComparison.Ordinal);

        var problem = await ProblemAssert.IsProblemAsync(await PostAsync(tenant, "observations", body, "application/json"), HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("row").GetInt64()} {(e.TryGetProperty("column", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : "-")}")
            .ToList();
        Assert.Equal(["2 value", "3 date", "4 date", "5 metric", "6 colour", "7 value", "8 source", "9 -", "10 value"], errors);
        Assert.Equal(9, problem.GetProperty("errorCount").GetInt64());
        Assert.Contains("Not a number", problem.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("as row 1", problem.GetProperty("errors")[7].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await QueryAsync($"SELECT 1 FROM observations b JOIN organizations o ON o.id = b.org_id WHERE o.slug = '{tenant.Keys.Slug}'"));
    }

    [Fact]
    public async Task Csv_UnknownAndMissingColumns_AreReportedOnTheHeaderRow()
    {
        var tenant = await TenantAsync();

        var problem = await ProblemAssert.IsProblemAsync(
            await PostAsync(tenant, "observations", "metric,day,value\norders,2026-03-01,1\n", "text/csv"), HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("row").GetInt64()} {e.GetProperty("column").GetString()}").ToList();
        Assert.Equal(["1 day", "1 date"], errors);
    }

    [Fact]
    public async Task Csv_BadQuotingAndFieldCounts_AreBadRows()
    {
        var tenant = await TenantAsync();

        var problem = await ProblemAssert.IsProblemAsync(
            await PostAsync(tenant, "observations", "metric,date,value\n\"a, b\",2026-03-01,1\nord\"ers,2026-03-02,1\norders,2026-03-03\n", "text/csv"),
            HttpStatusCode.UnprocessableEntity);

        var rows = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt64()).ToList();
        Assert.Equal([3, 4, 4], rows); // row 4 has too few fields, so its value is also missing
    }

    private const string AnswersCsv = """
        answer_id,survey,question,answered_at,score,respondent,touchpoint
        a1,post_purchase,recommend,2026-10-31T23:30:00Z,10,r1,store
        a2,post_purchase,recommend,2026-10-31T22:30:00Z,6,r2,store
        a3,post_purchase,recommend,2026-11-02T10:00:00+01:00,9,,app
        a4,pulse,mood,2026-11-02T10:00:00Z,-3,,
        """;

    [Fact]
    public async Task Answers_Csv_AreStored_AndCountedInLocalDayHistograms()
    {
        var tenant = await TenantAsync("Europe/Warsaw");

        AssertCounts(await OkAsync(await PostAsync(tenant, "survey-answers", AnswersCsv, "text/csv")), 4, 0, 0);

        // 23:30Z on 31 October is 1 November in Warsaw (00:30 CET); 22:30Z is 23:30 on 31 October.
        Assert.Equal(
            [
                "post_purchase|recommend|2026-10-31|store||6|1",
                "post_purchase|recommend|2026-11-01|store||10|1",
                "post_purchase|recommend|2026-11-02|app||9|1",
                "pulse|mood|2026-11-02|||-3|1",
            ],
            await HistogramAsync(tenant));
    }

    [Fact]
    public async Task Answers_ResentAndChanged_MoveTheirHistogramCount_AndRebuildAgrees()
    {
        var tenant = await TenantAsync("America/New_York");
        await OkAsync(await PostAsync(tenant, "survey-answers", AnswersCsv, "text/csv"));

        AssertCounts(await OkAsync(await PostAsync(tenant, "survey-answers", AnswersCsv, "text/csv")), 0, 0, 4);
        var changed = """
            [{"answerId": "a1", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-10-31T23:30:00Z", "score": 7, "respondent": "r1", "touchpoint": "store"},
             {"answerId": "a5", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-11-01T02:30:00Z", "score": 7, "touchpoint": "store"}]
            """;
        AssertCounts(await OkAsync(await PostAsync(tenant, "survey-answers", changed, "application/json")), 1, 1, 0);

        var maintained = await HistogramAsync(tenant);
        // In New York 23:30Z and 02:30Z on 31 Oct / 1 Nov are both 31 October evening (EDT, UTC-4).
        Assert.Contains("post_purchase|recommend|2026-10-31|store||7|2", maintained);
        Assert.DoesNotContain(maintained, row => row.EndsWith("|10|1", StringComparison.Ordinal));

        var rebuilt = await tenant.Ingest.PostAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data/answer-histograms/rebuild", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal(maintained, await HistogramAsync(tenant));
    }

    [Fact]
    public async Task Answers_OutsideTheScaleOrNotWhole_AreRejected_AndNothingIsStored()
    {
        var tenant = await TenantAsync();
        var body = """
            {"answerId": "ok", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-03-01T10:00:00Z", "score": 10}
            {"answerId": "high", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-03-01T10:00:00Z", "score": 11}
            {"answerId": "half", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-03-01T10:00:00Z", "score": 8.5}
            {"answerId": "local", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-03-01T10:00:00", "score": 8}
            {"answerId": "future", "survey": "post_purchase", "question": "recommend", "answeredAt": "2999-03-01T10:00:00Z", "score": 8}
            {"answerId": "ok", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-03-01T10:00:00Z", "score": 9}
            not json
            """;

        var problem = await ProblemAssert.IsProblemAsync(await PostAsync(tenant, "survey-answers", body, "application/x-ndjson"), HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt64() + " " + e.GetProperty("reason").GetString()!.Split(':')[0]).ToList();
        Assert.Equal(
            ["2 Outside the scale", "3 Not a whole number", "4 Not an RFC 3339 timestamp with an offset (e.g. 2026-03-01T09", "5 Implausible time", "6 The same answer id as row 1; a batch may hold each only once.", "7 The line is not valid JSON"],
            errors);
        Assert.Empty(await QueryAsync($"SELECT 1 FROM survey_answers b JOIN organizations o ON o.id = b.org_id WHERE o.slug = '{tenant.Keys.Slug}'"));
        Assert.Empty(await HistogramAsync(tenant));
    }

    [Fact]
    public async Task Ingest_UnsupportedMediaType_Answers415()
    {
        var tenant = await TenantAsync(withScorecard: false);

        await ProblemAssert.IsProblemAsync(await PostAsync(tenant, "observations", "<rows/>", "application/xml"), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Ingest_ReaderKey_Answers403()
    {
        var tenant = await TenantAsync(withScorecard: false);
        var reader = TestTenant.Client(api.Factory, tenant.Keys.Reader);

        var response = await reader.PostAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data/observations", UriKind.Relative), TestTenant.Json("[]"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Ingest_BodyLargerThanTheServiceDefault_IsAccepted()
    {
        var tenant = await TenantAsync(withScorecard: false);
        var csv = new StringBuilder("metric,date,value\n");
        var day = new DateOnly(2020, 1, 1);
        for (var i = 0; csv.Length < 5 * 1024 * 1024; i++)
        {
            csv.Append("a_rather_long_metric_key_to_fill_the_body_quickly_").Append(i % 100).Append(',').Append(day.AddDays(i / 100).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(",1\n");
        }

        var body = await OkAsync(await PostAsync(tenant, "observations", csv.ToString(), "text/csv"));

        Assert.True(body.GetProperty("inserted").GetInt64() > 50_000);
    }

    [Fact]
    public async Task Delete_ARangeOrOneRespondent_RemovesAnswersObservationsAndTheirHistogramCounts()
    {
        var tenant = await TenantAsync("Europe/Warsaw");
        await OkAsync(await PostAsync(tenant, "survey-answers", AnswersCsv, "text/csv"));
        await OkAsync(await PostAsync(tenant, "observations", ObservationsJson, "application/json"));

        // One respondent: r1's answer (a1) only; observations stay.
        var one = await OkAsync(await tenant.Ingest.DeleteAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data?from=2026-01-01&to=2026-12-31&respondent=r1", UriKind.Relative)));
        Assert.Equal(1, one.GetProperty("surveyAnswers").GetInt64());
        Assert.Equal(0, one.GetProperty("observations").GetInt64());

        // Local days 31 October to 1 November in Warsaw: a2 (23:30 local on 31 Oct); a3 and a4 are on 2 November.
        var range = await OkAsync(await tenant.Ingest.DeleteAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data?from=2026-10-31&to=2026-11-01", UriKind.Relative)));
        Assert.Equal(1, range.GetProperty("surveyAnswers").GetInt64());

        var observations = await OkAsync(await tenant.Ingest.DeleteAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data?from=2026-03-01&to=2026-03-01", UriKind.Relative)));
        Assert.Equal(2, observations.GetProperty("observations").GetInt64());

        Assert.Equal(["post_purchase|recommend|2026-11-02|app||9|1", "pulse|mood|2026-11-02|||-3|1"], await HistogramAsync(tenant));
    }
}
