using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Recompute;
using CxRox.Api.Schedules;
using CxRox.Api.Tests.Scorecards;

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
}
