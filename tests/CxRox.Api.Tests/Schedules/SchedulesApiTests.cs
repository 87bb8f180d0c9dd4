using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Npgsql;

namespace CxRox.Api.Tests.Schedules;

/// <summary>Schedules through the API: from the scorecard, changed without a version, recurring jobs in Hangfire, run-now and the run history.</summary>
public sealed class SchedulesApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<TestTenant> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return tenant;
    }

    private static Uri Schedule(TestTenant tenant, string rest = "") => new($"/v1/organizations/{tenant.Slug}/scorecards/stores/schedule{rest}", UriKind.Relative);

    private async Task<List<string>> RecurringJobsAsync(TestTenant tenant) =>
        await RecurringJobRow.KindsAsync(api.Database.ConnectionString, await RecurringJobRow.OrganizationIdAsync(api.Database.ConnectionString, tenant.Slug), "stores");

    [Fact]
    public async Task TheScorecardsSchedule_IsStoredWithItsVersion_AndBecomesHangfireRecurringJobs()
    {
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(Schedule(tenant));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schedule = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scorecard", schedule.GetProperty("source").GetString());
        Assert.Equal("Europe/Warsaw", schedule.GetProperty("timeZone").GetString());
        var recompute = schedule.GetProperty("recompute");
        Assert.Equal("0 2 * * *", recompute.GetProperty("cron").GetString());
        Assert.Equal("0 0 2 * * ?", recompute.GetProperty("quartz").GetString());
        var next = recompute.GetProperty("next").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.Equal(5, next.Count);
        Assert.All(next, t => Assert.Equal(new TimeSpan(2, 0, 0), t.TimeOfDay));
        Assert.All(next.Zip(next.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        Assert.Equal(["recompute", "summary"], await RecurringJobsAsync(tenant));
    }

    [Fact]
    public async Task PutSchedule_ChangesItWithoutAVersion_UntilTheNextVersionSetsItAgain()
    {
        var tenant = await TenantAsync();
        var editor = TestTenant.Client(api.Factory, tenant.Editor);

        var put = await editor.PutAsJsonAsync(Schedule(tenant), new { recompute = "0 0/30 * * * ?", summary = (string?)null, timeZone = "America/New_York" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var changed = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("api", changed.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("summary").ValueKind);
        Assert.Equal(["recompute"], await RecurringJobsAsync(tenant));
        var versions = await (await editor.GetAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/versions", UriKind.Relative))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(versions.EnumerateArray());

        using var replace = new HttpRequestMessage(HttpMethod.Put, new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative))
        {
            Content = TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores", name: "Stores, renamed")),
            Headers = { { "If-Match", "\"v1\"" } },
        };
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(replace)).StatusCode);
        var again = await (await editor.GetAsync(Schedule(tenant))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scorecard", again.GetProperty("source").GetString());
        Assert.Equal(["recompute", "summary"], await RecurringJobsAsync(tenant));
    }

    [Fact]
    public async Task PutSchedule_WithABadCronOrTimeZone_Is422NamingEachField()
    {
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Editor).PutAsJsonAsync(
            Schedule(tenant), new { recompute = "61 * * * *", summary = "0 7 1 * * * * *", timeZone = "Mars/Olympus" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("pointer").GetString()!, e => e.GetProperty("code").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["/recompute"] = "SC061", ["/summary"] = "SC061", ["/timeZone"] = "SC060" }, errors);
        Assert.Contains("Mars/Olympus", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArchivingAScorecard_RemovesItsTriggers_AndRestoringItBringsThemBack()
    {
        var tenant = await TenantAsync();
        var editor = TestTenant.Client(api.Factory, tenant.Editor);

        await editor.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/archive", UriKind.Relative), null);
        var archived = await RecurringJobsAsync(tenant);
        await editor.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/restore", UriKind.Relative), null);

        Assert.Empty(archived);
        Assert.Equal(["recompute", "summary"], await RecurringJobsAsync(tenant));
    }

    [Fact]
    public async Task RunNow_RunsTheRecomputeAtOnce_AndTheRunHistorySaysSo()
    {
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(Schedule(tenant, "/run-now?kind=recompute"), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await WaitForRunAsync(tenant, r => r.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("run-now", run.GetProperty("requestedBy").GetString());
        Assert.Equal("recompute", run.GetProperty("kind").GetString());
        var job = await (await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(new Uri(run.GetProperty("job").GetString()!, UriKind.Relative))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("schedule", job.GetProperty("requestedBy").GetString());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunNowOfTheSummary_RecomputesAndWritesTheSummaryOfTheLastCompletePeriod()
    {
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(Schedule(tenant, "/run-now?kind=summary"), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await WaitForRunAsync(tenant, r => r.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal(("succeeded", "summary"), (run.GetProperty("status").GetString(), run.GetProperty("kind").GetString()));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")));
        var lastComplete = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        Assert.Equal(lastComplete.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), run.GetProperty("summaryPeriod").GetString());
        var summary = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/summaries/{lastComplete:yyyy-MM-dd}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
    }

    [Fact]
    public async Task ARunThatFails_IsRecordedWithTheReason_AndItsJobToo()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var looping = System.Text.Json.Nodes.JsonNode.Parse(ScorecardsApiTests.Sample(tenant.Slug, "stores"))!;
        looping["rules"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "id": "soften", "name": "Soften", "when": "status(csat) == red", "then": [{ "setStatus": { "metric": "csat", "status": "green", "reason": "Softened" } }] }"""));
        looping["rules"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "id": "harden", "name": "Harden", "when": "status(csat) != red", "then": [{ "setStatus": { "metric": "csat", "status": "red", "reason": "Hardened" } }] }"""));
        var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(looping.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var ingest = await TestTenant.Client(api.Factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/survey-answers", UriKind.Relative),
            TestTenant.Json($$"""[{"answerId": "a1", "survey": "post_purchase", "question": "satisfaction", "answeredAt": "{{LastCompleteMonthNoon():yyyy-MM-ddTHH:mm:ssZ}}", "score": 2}]"""));
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);

        await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(Schedule(tenant, "/run-now"), null);

        var run = await WaitForRunAsync(tenant, r => r.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("harden", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        var job = await (await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(new Uri(run.GetProperty("job").GetString()!, UriKind.Relative))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARunStillWaitingForARetry_WhenALaterFiringStarts_IsClosedAsNotRetried()
    {
        var tenant = await TenantAsync();
        await using (var connection = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var waiting = new NpgsqlCommand(
                """
                INSERT INTO schedule_runs (id, org_id, scorecard_id, kind, scheduled_for, requested_by, status, error)
                SELECT gen_random_uuid(), id, 'stores', 'recompute', now() - interval '1 hour', 'schedule', 'retrying', 'Attempt 1 failed: boom'
                FROM organizations WHERE slug = $1
                """, connection)
            {
                Parameters = { new() { Value = tenant.Slug } },
            };
            await waiting.ExecuteNonQueryAsync();
        }

        await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(Schedule(tenant, "/run-now"), null);

        var latest = await WaitForRunAsync(tenant, r => r.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal("succeeded", latest.GetProperty("status").GetString());
        var runs = await TestTenant.Client(api.Factory, tenant.Reader).GetFromJsonAsync<JsonElement>(Schedule(tenant, "/runs"));
        var earlier = runs.EnumerateArray().Last();
        Assert.Equal("failed", earlier.GetProperty("status").GetString());
        Assert.Equal("Attempt 1 failed: boom (Not retried: the next firing came first.)", earlier.GetProperty("error").GetString());
    }

    [Fact]
    public async Task RunNow_OfAnUnknownKind_Is400()
    {
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(Schedule(tenant, "/run-now?kind=everything"), null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    /// <summary>Noon UTC on the 10th of the last complete month in Warsaw, the default range's first period.</summary>
    private static DateTime LastCompleteMonthNoon()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")));
        return new DateOnly(today.Year, today.Month, 10).AddMonths(-1).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
    }

    private async Task<JsonElement> WaitForRunAsync(TestTenant tenant, Func<JsonElement, bool> done)
    {
        var reader = TestTenant.Client(api.Factory, tenant.Reader);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var runs = await (await reader.GetAsync(Schedule(tenant, "/runs"))).Content.ReadFromJsonAsync<JsonElement>();
            if (runs.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } run && done(run))
            {
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, "No finished run after 30 seconds: " + runs);
            await Task.Delay(100);
        }
    }
}
