using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Npgsql;

namespace CxRox.Api.Tests.Schedules;

/// <summary>
/// Schedules on Hangfire's store in the service's PostgreSQL: two instances of the service on one
/// database run each firing once, and a firing missed while no instance ran runs once when one
/// starts again (misfire handling Relaxed), keyed by the occurrence it missed.
/// </summary>
public sealed class ScheduleClusterTests
{
    /// <summary>The service on <paramref name="connectionString"/>, allowing schedules that fire every second so that a test sees firings.</summary>
    private static ApiFactory Instance(string connectionString) =>
        new(new Dictionary<string, string?> { ["ConnectionStrings:CxRox"] = connectionString, ["Schedules:MinimumInterval"] = "00:00:01" });

    private static async Task<TestTenant> TenantAsync(ApiFactory factory)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(factory);
        var tenant = await TestTenant.CreateAsync(factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var put = await TestTenant.Client(factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return tenant;
    }

    private static async Task SetScheduleAsync(ApiFactory factory, TestTenant tenant, string? recompute)
    {
        var response = await TestTenant.Client(factory, tenant.Editor).PutAsJsonAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/schedule", UriKind.Relative), new { recompute, summary = (string?)null, timeZone = "UTC" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<(DateTimeOffset ScheduledFor, string Status, int Firings, int Attempts)>> RunsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT scheduled_for, status, firings, attempts FROM schedule_runs ORDER BY scheduled_for", connection);
        var runs = new List<(DateTimeOffset, string, int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        return runs;
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabase_RunEachFiringOnce()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var first = Instance(database.ConnectionString);
        await using var second = Instance(database.ConnectionString);
        var tenant = await TenantAsync(first);
        second.CreateClient(); // both instances are up and in the cluster before the schedule starts

        await SetScheduleAsync(first, tenant, "0/2 * * * * ?");
        await Task.Delay(TimeSpan.FromSeconds(9));
        await SetScheduleAsync(second, tenant, null);
        await Task.Delay(TimeSpan.FromSeconds(2)); // let a run that had started finish

        var runs = await RunsAsync(database.ConnectionString);
        Assert.True(runs.Count >= 3, $"only {runs.Count} firing(s) in 9 seconds of a schedule every 2 seconds");
        Assert.All(runs, r => Assert.Equal(0, r.ScheduledFor.Second % 2));
        Assert.All(runs, r => Assert.Equal(("succeeded", 1, 1), (r.Status, r.Firings, r.Attempts)));
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFor).Distinct().Count());
    }

    [Fact]
    public async Task AFiringMissedWhileNoInstanceRan_RunsOnceAtTheNextStart()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        DateTimeOffset due;
        TestTenant tenant;
        await using (var before = Instance(database.ConnectionString))
        {
            tenant = await TenantAsync(before);
            due = DateTimeOffset.UtcNow.AddSeconds(6);
            due = due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond));
            // Quartz's form with seconds: once a year, at 'due'.
            await SetScheduleAsync(before, tenant, string.Create(CultureInfo.InvariantCulture, $"{due.Second} {due.Minute} {due.Hour} {due.Day} {due.Month} ?"));
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // the first instance has stopped
        Assert.True(DateTimeOffset.UtcNow < due, "the first instance took too long to stop for this test");
        while (DateTimeOffset.UtcNow < due.AddSeconds(2))
        {
            await Task.Delay(200);
        }
        Assert.Empty(await RunsAsync(database.ConnectionString));

        await using var after = Instance(database.ConnectionString);
        after.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await RunsAsync(database.ConnectionString)) is not [{ Status: "succeeded" or "failed" }] && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        var runs = await RunsAsync(database.ConnectionString);
        var run = Assert.Single(runs);
        Assert.Equal(due, run.ScheduledFor);
        Assert.Equal(("succeeded", 1), (run.Status, run.Firings));
    }
}
