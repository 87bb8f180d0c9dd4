using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Npgsql;

namespace CxRox.Api.Tests.Schedules;

/// <summary>
/// The reconciliation at start takes each scorecard on its own: a stored schedule that cannot
/// become a recurring job is reported on its scorecard, and organizations after it still get theirs.
/// </summary>
public sealed class ScheduleReconcilerTests
{
    private static async Task<TestTenant> TenantAsync(ApiFactory factory, string slug)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(factory);
        var tenant = await TestTenant.CreateAsync(factory, admin, slug);
        var put = await TestTenant.Client(factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return tenant;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, string slug)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = slug } } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The cron (as Hangfire is given it) and zone of the organization's recompute job; null when it has none.</summary>
    private static async Task<(string? Cron, string? TimeZone)?> RecomputeJobAsync(string connectionString, string slug)
    {
        var id = $"{await RecurringJobRow.OrganizationIdAsync(connectionString, slug)}/stores/recompute";
        return (await RecurringJobRow.ReadAsync(connectionString)).FirstOrDefault(r => r.Id == id) is { } row ? (row.Cron, row.TimeZone) : null;
    }

    [Fact]
    public async Task AStoredCronThatNeverFires_IsReportedOnItsScorecard_AndOrganizationsAfterItStillGetTheirRecurringJobs()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        TestTenant broken;
        TestTenant after;
        await using (var before = ApiFactory.On(database.ConnectionString))
        {
            broken = await TenantAsync(before, "aa-" + suffix);
            after = await TenantAsync(before, "zz-" + suffix);
        }
        // While no instance runs, as older builds stored them: a cron that never fires, sorted
        // first, and a changed schedule after it, its time zone in lower case, whose recurring job the
        // next start must bring up to date.
        await ExecuteAsync(database.ConnectionString,
            "UPDATE mt_doc_currentscorecard SET data = jsonb_set(data, '{schedule,recomputeCron}', '\"0 2 31 2 *\"') WHERE tenant_id = (SELECT id::text FROM organizations WHERE slug = $1)", broken.Slug);
        await ExecuteAsync(database.ConnectionString,
            "UPDATE mt_doc_currentscorecard SET data = jsonb_set(jsonb_set(data, '{schedule,recomputeCron}', '\"0 3 * * 1\"'), '{schedule,timeZone}', '\"america/argentina/buenos_aires\"') WHERE tenant_id = (SELECT id::text FROM organizations WHERE slug = $1)", after.Slug);

        await using var restarted = ApiFactory.On(database.ConnectionString);
        restarted.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RecomputeJobAsync(database.ConnectionString, after.Slug) is not ("0 0 3 ? * 1", _))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The recurring job of {after.Slug} was not reconciled: {await RecomputeJobAsync(database.ConnectionString, after.Slug)}");
            await Task.Delay(100);
        }

        Assert.Equal<(string?, string?)?>(("0 0 3 ? * 1", "America/Argentina/Buenos_Aires"), await RecomputeJobAsync(database.ConnectionString, after.Slug));
        Assert.Null(await RecomputeJobAsync(database.ConnectionString, broken.Slug));
        var schedule = await TestTenant.Client(restarted, broken.Reader).GetAsync(new Uri($"/v1/organizations/{broken.Slug}/scorecards/stores/schedule", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        var recompute = (await schedule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recompute");
        Assert.Contains("never fires", recompute.GetProperty("problem").GetString(), StringComparison.Ordinal);
        var afterSchedule = await (await TestTenant.Client(restarted, after.Reader).GetAsync(
            new Uri($"/v1/organizations/{after.Slug}/scorecards/stores/schedule", UriKind.Relative))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, afterSchedule.GetProperty("recompute").GetProperty("next").GetArrayLength());
    }
}
