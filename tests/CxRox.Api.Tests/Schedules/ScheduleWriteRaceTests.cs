using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Recompute;
using CxRox.Api.Schedules;
using CxRox.Api.Storage;
using CxRox.Api.Tests.Scorecards;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Schedules;

/// <summary>
/// Writes that replace one scorecard's Hangfire recurring jobs at the same time (schedule PUT, archive,
/// restore) go one at a time: none answers 500, and the triggers left are those of the last commit.
/// </summary>
public sealed class ScheduleWriteRaceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ConcurrentSchedulePutsArchivesAndRestores_OfOneScorecard_NeverAnswer500_AndTheStoredScheduleIsTheOneScheduled()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var scorecard = $"/v1/organizations/{tenant.Slug}/scorecards/stores";
        Assert.Equal(HttpStatusCode.Created, (await editor.PutAsync(new Uri(scorecard, UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")))).StatusCode);

        var writes = Enumerable.Range(0, 48).Select(i => (i % 4) switch
        {
            0 => editor.PostAsync(new Uri(scorecard + "/archive", UriKind.Relative), null),
            1 => editor.PostAsync(new Uri(scorecard + "/restore", UriKind.Relative), null),
            _ => editor.PutAsJsonAsync(new Uri(scorecard + "/schedule", UriKind.Relative),
                new { recompute = $"0 {i % 24} * * *", summary = (string?)null, timeZone = "Europe/Warsaw" }),
        });
        var statuses = (await Task.WhenAll(writes)).Select(r => (int)r.StatusCode).ToList();

        // 409 is a schedule PUT that found the scorecard archived: an answer, not a failure.
        Assert.All(statuses, status => Assert.True(status is 200 or 409, $"A write answered {status}: {string.Join(", ", statuses)}"));
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync(new Uri(scorecard + "/restore", UriKind.Relative), null)).StatusCode);
        var schedule = await editor.GetFromJsonAsync<JsonElement>(new Uri(scorecard + "/schedule", UriKind.Relative));
        var stored = schedule.GetProperty("recompute").GetProperty("cron").GetString()!;
        var id = ScheduleTriggers.RecurringJobId(await RecurringJobRow.OrganizationIdAsync(api.Database.ConnectionString, tenant.Slug), "stores", ScheduleKind.Recompute);
        var job = Assert.Single(await RecurringJobRow.ReadAsync(api.Database.ConnectionString), r => r.Id == id);
        Assert.Equal(ScheduleTriggers.CronosText(stored), job.Cron);
    }

    /// <summary>
    /// A scorecard PUT and a schedule write lock the same two things, the scorecard's trigger lock
    /// and its stream: taken in one order by both, neither can hold one while waiting for the other.
    /// </summary>
    [Fact]
    public async Task AScorecardPut_WaitsForTheTriggerLockBeforeLockingTheStream_SoAScheduleWriteHoldingItFinishes()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var scorecard = new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative);
        var created = await editor.PutAsync(scorecard, TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var organizationId = await RecurringJobRow.OrganizationIdAsync(api.Database.ConnectionString, tenant.Slug);

        // A schedule write in flight: it holds the trigger lock and has yet to lock the stream.
        var dataSource = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var scheduleWrite = await OrganizationTransaction.BeginAsync(dataSource, organizationId);
        await ScheduleTriggers.LockAsync(scheduleWrite, "stores", CancellationToken.None);
        var put = new HttpRequestMessage(HttpMethod.Put, scorecard) { Content = TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores", name: "Stores, second cut")) };
        put.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());
        var putting = editor.SendAsync(put);
        await WaitForAWaitingAdvisoryLockAsync();

        // Had the PUT locked the stream first, this would wait for it while it waits for us.
        await using (var wait = scheduleWrite.Command("SET LOCAL lock_timeout = '10s'"))
        {
            await wait.ExecuteNonQueryAsync();
        }
        await ScheduleStore.SetAsync(scheduleWrite, "stores", "0 6 * * *", null, "Europe/Warsaw", ScorecardSchedule.FromApi, CancellationToken.None);
        await scheduleWrite.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await putting).StatusCode);
    }

    private async Task WaitForAWaitingAdvisoryLockAsync()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("The scorecard PUT never waited for the trigger lock.");
    }
}
