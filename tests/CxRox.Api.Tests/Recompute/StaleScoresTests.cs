using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scores;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Recompute;

/// <summary>
/// Stored periods whose data changed after they were computed say <c>stale: true</c> at once, and
/// the next scheduled recompute covers them (docs/stale-scores.md). The debounced run after an
/// ingest is kept out of the way here (an hour); <see cref="DebouncedRecomputeTests"/> has it.
/// </summary>
public sealed class StaleScoresTests(StaleScoresTests.Fixture api) : IClassFixture<StaleScoresTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Recompute:AfterIngestDelay"] = "01:00:00",
        };
    }

    [Fact]
    public async Task ACorrectionThreeMonthsBack_IsFlaggedStaleAtOnce_AndReflectedInTheStoredScoresAfterTheNextRun()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();
        var before = await PeriodAsync(tenant, threeBack);
        Assert.False(Stale(before));

        await CorrectOrdersAsync(tenant, threeBack.AddDays(9), 1_000_000);

        Assert.True(Stale(await PeriodAsync(tenant, threeBack)));
        var lastComplete = tenant.DataEnd;
        Assert.False(Stale(await PeriodAsync(tenant, lastComplete)), "a period without a changed day stays not stale");
        var run = await TestTenant.Client(api.Factory, tenant.Tenant.Editor).PostAsync(
            new Uri($"{tenant.ScorecardPath}/schedule/run-now?kind=recompute", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await WaitUntilAsync(async () => !Stale(await PeriodAsync(tenant, threeBack)), "the run-now did not recompute the stale period");
        var after = await PeriodAsync(tenant, threeBack);
        // The day's orders were replaced: the month's sum rises by about a million.
        Assert.True(Orders(after) > Orders(before) + 900_000, $"orders {Orders(before)} then {Orders(after)}");
    }

    [Fact]
    public async Task StaleIsSaidByEveryRead_TheLatest_TheSeries_AndTheExports()
    {
        var (tenant, _) = await ComputedTenantAsync();
        var reader = TestTenant.Client(api.Factory, tenant.Tenant.Reader);
        var latestPath = new Uri($"{tenant.ScorecardPath}/scores/latest", UriKind.Relative);
        var first = await reader.GetAsync(latestPath);
        var latest = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(Stale(latest));
        var today = DateOnly.Parse(latest.GetProperty("period").GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var start = DateOnly.Parse(latest.GetProperty("period").GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        await CorrectOrdersAsync(tenant, start, 5);

        // scores/latest is served from memory: the change must reach it, with a new ETag.
        var second = await reader.GetAsync(latestPath);
        Assert.True(Stale(await second.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        Assert.True(Stale(await PeriodAsync(tenant, start, "/findings")));
        Assert.True(Stale(await PeriodAsync(tenant, start, "/full")));
        var series = await reader.GetFromJsonAsync<JsonElement>(new Uri($"{tenant.ScorecardPath}/scores?from={tenant.DataStart:yyyy-MM-dd}&to={today:yyyy-MM-dd}", UriKind.Relative));
        var flags = series.GetProperty("periods").EnumerateArray().Select(p => (Start: p.GetProperty("period").GetProperty("start").GetString(), Stale: Stale(p))).ToList();
        Assert.Equal([$"{start:yyyy-MM-dd}"], flags.Where(f => f.Stale).Select(f => f.Start));
        Assert.True(flags.Count > 1);
        var csv = await reader.GetStringAsync(new Uri($"{tenant.ScorecardPath}/scores.csv?from={tenant.DataStart:yyyy-MM-dd}&to={today:yyyy-MM-dd}", UriKind.Relative));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",partial,stale", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Equal(line.StartsWith($"{start:yyyy-MM-dd},", StringComparison.Ordinal), line.EndsWith(",true", StringComparison.Ordinal)));
        var ndjson = await reader.GetStringAsync(new Uri($"{tenant.ScorecardPath}/scores.ndjson?from={start:yyyy-MM-dd}", UriKind.Relative));
        Assert.All(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.True(JsonDocument.Parse(line).RootElement.GetProperty("stale").GetBoolean()));
    }

    [Fact]
    public async Task AChangeCommittedAfterARecomputeBeganReading_LeavesThePeriodStale()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();
        var organization = await api.Factory.Services.GetRequiredService<CxRox.Api.Organizations.OrganizationsStore>().FindAsync(tenant.Slug, CancellationToken.None);
        var dataSource = api.Factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

        // An ingest's transaction that has changed a day but not committed while the period is recomputed.
        await using (var ingest = await CxRox.Api.Storage.OrganizationTransaction.BeginAsync(dataSource, organization!.Id))
        {
            await CxRox.Api.Recompute.ChangedDays.RecordAsync(ingest, [threeBack.AddDays(2)], CancellationToken.None);
            await tenant.RecomputeAsync(api.Factory, $"?from={threeBack:yyyy-MM-dd}&to={threeBack:yyyy-MM-dd}");
            Assert.False(Stale(await PeriodAsync(tenant, threeBack)), "a change not committed is not stale yet");
            await ingest.CommitAsync();
        }

        Assert.True(Stale(await PeriodAsync(tenant, threeBack)), "the recompute could not have read what committed after it began");
        await tenant.RecomputeAsync(api.Factory, $"?from={threeBack:yyyy-MM-dd}&to={threeBack:yyyy-MM-dd}");
        Assert.False(Stale(await PeriodAsync(tenant, threeBack)));
    }

    [Fact]
    public async Task ADeletion_FlagsThePeriodsOfTheDaysItEmptied()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();

        var deleted = await TestTenant.Client(api.Factory, tenant.Tenant.Ingest).DeleteAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data?from={threeBack.AddDays(3):yyyy-MM-dd}&to={threeBack.AddDays(4):yyyy-MM-dd}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(Stale(await PeriodAsync(tenant, threeBack)));
        Assert.False(Stale(await PeriodAsync(tenant, threeBack.AddMonths(1))));
    }

    [Fact]
    public async Task SurveyAnswersSentLate_FlagTheirLocalDaysPeriod()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();

        // 23:30 UTC on the last day of the month before is already the first of the month in Warsaw.
        var late = threeBack.AddDays(-1).ToDateTime(new TimeOnly(23, 30), DateTimeKind.Utc);
        var sent = await TestTenant.Client(api.Factory, tenant.Tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/survey-answers", UriKind.Relative),
            TestTenant.Json($$"""[{"answerId": "late-1", "survey": "post_purchase", "question": "recommend", "answeredAt": "{{late:yyyy-MM-ddTHH:mm:ssZ}}", "score": 0}]"""));

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.True(Stale(await PeriodAsync(tenant, threeBack)));
        Assert.False(Stale(await PeriodAsync(tenant, threeBack.AddMonths(-1))));
    }

    [Fact]
    public async Task AnAnswerMovedToAnotherMonth_FlagsTheMonthItLeftAndTheMonthItJoined()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();
        await SendAnswerAsync(tenant, "moved-1", threeBack.AddDays(5));
        await tenant.RecomputeAsync(api.Factory, $"?from={threeBack:yyyy-MM-dd}&to={threeBack.AddMonths(1):yyyy-MM-dd}");
        Assert.False(Stale(await PeriodAsync(tenant, threeBack)));

        await SendAnswerAsync(tenant, "moved-1", threeBack.AddMonths(1).AddDays(5));

        Assert.True(Stale(await PeriodAsync(tenant, threeBack)));
        Assert.True(Stale(await PeriodAsync(tenant, threeBack.AddMonths(1))));
        Assert.False(Stale(await PeriodAsync(tenant, threeBack.AddMonths(2))));
    }

    private async Task SendAnswerAsync(ScoresTenant tenant, string answerId, DateOnly day)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/survey-answers", UriKind.Relative),
            TestTenant.Json($$"""[{"answerId": "{{answerId}}", "survey": "post_purchase", "question": "recommend", "answeredAt": "{{day:yyyy-MM-dd}}T12:00:00Z", "score": 3}]"""));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherOrganizationsIngest_FlagsNothingOfThisOne()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();
        var other = await ScoresTenant.CreateAsync(api.Factory, months: 1);

        await CorrectOrdersAsync(other, threeBack.AddDays(9), 7);
        await CorrectOrdersAsync(other, tenant.DataEnd, 7);

        Assert.False(Stale(await PeriodAsync(tenant, threeBack)));
        Assert.False(Stale(await PeriodAsync(tenant, tenant.DataEnd)));
    }

    [Fact]
    public async Task SendingTheSameValuesAgain_ChangesNothing_AndFlagsNothing()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();
        await CorrectOrdersAsync(tenant, threeBack.AddDays(9), 42);
        await tenant.RecomputeAsync(api.Factory, $"?from={threeBack:yyyy-MM-dd}&to={threeBack:yyyy-MM-dd}");
        Assert.False(Stale(await PeriodAsync(tenant, threeBack)));

        await CorrectOrdersAsync(tenant, threeBack.AddDays(9), 42);

        Assert.False(Stale(await PeriodAsync(tenant, threeBack)));
    }

    [Fact]
    public async Task AHistogramRebuild_FlagsOnlyTheDaysWhoseCountsItCorrected()
    {
        var (tenant, threeBack) = await ComputedTenantAsync();
        var ingest = TestTenant.Client(api.Factory, tenant.Tenant.Ingest);
        var rebuild = new Uri($"/v1/organizations/{tenant.Slug}/data/answer-histograms/rebuild", UriKind.Relative);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync(rebuild, null)).StatusCode);
        Assert.False(Stale(await PeriodAsync(tenant, threeBack)), "a rebuild that finds the counts right changes nothing");

        // A count gone wrong (as after a time-zone change), which the rebuild puts right.
        await using (var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var damage = new Npgsql.NpgsqlCommand(
                """
                UPDATE answer_histograms h SET answers = answers + 1
                FROM organizations o
                WHERE o.id = h.org_id AND o.slug = $1 AND h.local_day = $2
                """, connection) { Parameters = { new() { Value = tenant.Slug }, new() { Value = threeBack.AddDays(5) } } };
            Assert.True(await damage.ExecuteNonQueryAsync() > 0);
        }
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync(rebuild, null)).StatusCode);

        Assert.True(Stale(await PeriodAsync(tenant, threeBack)));
        Assert.False(Stale(await PeriodAsync(tenant, threeBack.AddMonths(1))));
    }

    /// <summary>A tenant with four complete months of data, all computed, and the first day of the month three months back.</summary>
    private async Task<(ScoresTenant Tenant, DateOnly ThreeBack)> ComputedTenantAsync()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 4);
        var job = await tenant.RecomputeAsync(api.Factory, $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd.AddDays(1):yyyy-MM-dd}");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        return (tenant, tenant.DataStart.AddMonths(1));
    }

    internal static async Task CorrectOrdersAsync(ApiFactory factory, ScoresTenant tenant, DateOnly day, double orders)
    {
        var response = await TestTenant.Client(factory, tenant.Tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/observations", UriKind.Relative),
            TestTenant.Json($$"""[{"metric": "sales.orders", "date": "{{day:yyyy-MM-dd}}", "value": {{orders}}}]"""));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private Task CorrectOrdersAsync(ScoresTenant tenant, DateOnly day, double orders) => CorrectOrdersAsync(api.Factory, tenant, day, orders);

    private Task<JsonElement> PeriodAsync(ScoresTenant tenant, DateOnly day, string view = "") => PeriodAsync(api.Factory, tenant, day, view);

    internal static async Task<JsonElement> PeriodAsync(ApiFactory factory, ScoresTenant tenant, DateOnly day, string view = "")
    {
        var response = await TestTenant.Client(factory, tenant.Tenant.Reader).GetAsync(new Uri($"{tenant.ScorecardPath}/scores/{day:yyyy-MM-dd}{view}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    internal static bool Stale(JsonElement read) => read.GetProperty("period").GetProperty("stale").GetBoolean();

    internal static double Orders(JsonElement read) =>
        read.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "orders").GetProperty("value").GetDouble();

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure + " within 60 seconds");
            await Task.Delay(200);
        }
    }
}
