using System.Net;
using System.Text.Json;
using CxRox.Api.Demo;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Demo;

/// <summary>The demo on a start: seeded once when asked (or on a fresh embedded folder), finished after a stop, never seeded twice.</summary>
public sealed class DemoSeedTests
{
    private static readonly string Slug = DemoOrganization.Slug;

    /// <summary>What the database holds of the demo, counted as the login role (no row-level security).</summary>
    private sealed record DemoRows(long Versions, long Observations, long Answers, long Snapshots, long PartialSnapshots, long Jobs, long ReaderKeys);

    private static ApiFactory StartService(string connectionString, string? demo)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:CxRox"] = connectionString };
        if (demo is not null)
        {
            settings[DemoSetup.Setting] = demo;
        }
        return new ApiFactory(settings);
    }

    /// <summary>Starts the service and returns what its start seeded.</summary>
    private static DemoSeeding? Seeded(ApiFactory factory) => factory.Services.GetRequiredService<DemoSeed>().Seeded;

    private static async Task<DemoRows> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM mt_events WHERE tenant_id = o.id::text AND type = 'scorecard_version_saved'),
                   (SELECT count(*) FROM observations WHERE org_id = o.id),
                   (SELECT count(*) FROM survey_answers WHERE org_id = o.id),
                   (SELECT count(*) FROM score_snapshots WHERE org_id = o.id),
                   (SELECT count(*) FROM score_snapshots WHERE org_id = o.id AND partial),
                   (SELECT count(*) FROM score_jobs WHERE org_id = o.id AND requested_by = 'demo' AND status = 'succeeded'),
                   (SELECT count(*) FROM api_keys WHERE org_id = o.id AND role = 'reader' AND name = $2)
            FROM organizations o WHERE o.slug = $1
            """, connection)
        {
            Parameters = { new() { Value = Slug }, new() { Value = DemoOrganization.ReaderKeyName } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new DemoRows(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6))
            : new DemoRows(0, 0, 0, 0, 0, 0, 0);
    }

    /// <summary>Runs SQL with the demo's slug as $1, as the login role; its first value.</summary>
    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Slug });
        return await command.ExecuteScalarAsync();
    }

    private static async Task OnOwnDatabaseAsync(Func<string, Task> test)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await test(database.ConnectionString);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public Task DemoSetting_SeedsTheSampleWith24MonthsAndThisOneToDate_AndItsReaderKeyReadsThem() => OnOwnDatabaseAsync(async connectionString =>
    {
        await using var factory = StartService(connectionString, demo: "true");

        var seeded = Seeded(factory);

        Assert.NotNull(seeded);
        // A configured database has no data folder; the key is kept in the key folder all the same, for its owner only.
        var keyFile = Path.Combine(factory.KeyFolder, DemoOrganization.ReaderKeyFileName);
        Assert.Equal(keyFile, seeded.KeyFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(seeded.ReaderKey.Value, File.ReadAllText(keyFile).Trim());
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")));
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        Assert.Equal(thisMonth.AddMonths(-DemoOrganization.Months), seeded.Periods[0].Start);
        Assert.Equal(thisMonth, seeded.Periods[^1].Start);
        Assert.Equal(new DemoRows(1, seeded.Observations, seeded.Answers, DemoOrganization.Months + 1, 1, 1, 1), await CountAsync(connectionString));
        Assert.Equal(0L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM survey_answers a JOIN organizations o ON o.id = a.org_id WHERE o.slug = $1 AND a.answered_at > now()"));

        var reader = TestTenant.Client(factory, seeded.ReaderKey.Value);
        var jobs = await reader.GetAsync(new Uri($"/v1/organizations/{Slug}/jobs?scorecard={DemoOrganization.ScorecardId}", UriKind.Relative));
        var text = await jobs.Content.ReadAsStringAsync();
        Assert.True(jobs.StatusCode == HttpStatusCode.OK, text);
        var job = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal("demo", job.GetProperty("requestedBy").GetString());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(DemoOrganization.Months + 1, job.GetProperty("done").GetInt32());
        var latest = await reader.GetAsync(new Uri($"/v1/organizations/{Slug}/scorecards/{DemoOrganization.ScorecardId}/scores/latest/findings", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        // The sample's schedule is in place, as a PUT of the scorecard would have left it.
        var schedule = await reader.GetAsync(new Uri($"/v1/organizations/{Slug}/scorecards/{DemoOrganization.ScorecardId}/schedule", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        Assert.Single(await Schedules.RecurringJobRow.ReadAsync(connectionString), r => r.Id.EndsWith("/northwind-fashion-stores/recompute", StringComparison.Ordinal));
    });

    [Fact]
    public Task SecondStart_FindsTheDemo_AndSeedsNothing() => OnOwnDatabaseAsync(async connectionString =>
    {
        await using (var first = StartService(connectionString, demo: "true"))
        {
            Assert.NotNull(Seeded(first));
        }
        var afterFirst = await CountAsync(connectionString);

        await using var second = StartService(connectionString, demo: "true");

        Assert.Null(Seeded(second));
        Assert.Equal(afterFirst, await CountAsync(connectionString));
    });

    [Fact]
    public Task StartAfterASeedingStoppedBeforeItsScores_FinishesIt_WithoutAddingData() => OnOwnDatabaseAsync(async connectionString =>
    {
        await using (var first = StartService(connectionString, demo: "true"))
        {
            Assert.NotNull(Seeded(first));
        }
        var complete = await CountAsync(connectionString);
        // What a stop after the data and before the scores leaves: everything but the job, its snapshots and the reader key.
        await ScalarAsync(connectionString,
            """
            WITH demo AS (SELECT id FROM organizations WHERE slug = $1),
                 snapshots AS (DELETE FROM score_snapshots WHERE org_id IN (SELECT id FROM demo)),
                 jobs AS (DELETE FROM score_jobs WHERE org_id IN (SELECT id FROM demo))
            DELETE FROM api_keys WHERE org_id IN (SELECT id FROM demo)
            """);

        await using var second = StartService(connectionString, demo: "true");

        Assert.NotNull(Seeded(second));
        Assert.Equal(complete, await CountAsync(connectionString));
    });

    [Fact]
    public Task DemoSetting_WhenAnotherOrganizationHasTheSlug_LeavesItAlone() => OnOwnDatabaseAsync(async connectionString =>
    {
        await ScalarAsync(connectionString, "INSERT INTO organizations (slug, name, time_zone) VALUES ($1, 'Northwind Fashion', 'Europe/Warsaw')");

        await using var factory = StartService(connectionString, demo: "true");

        Assert.Null(Seeded(factory));
        Assert.Equal(new DemoRows(0, 0, 0, 0, 0, 0, 0), await CountAsync(connectionString));
    });

    [Fact]
    public Task NoDemoSetting_OnAConfiguredDatabase_SeedsNothing() => OnOwnDatabaseAsync(async connectionString =>
    {
        await using var factory = StartService(connectionString, demo: null);

        Assert.Null(Seeded(factory));
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM organizations WHERE slug = $1"));
    });

    [Fact]
    public async Task FreshEmbeddedDataFolder_SeedsAndKeepsTheReaderKeyForItsOwner_AndTheNextStartDoesNot()
    {
        using var data = new EmbeddedDataFolder();
        DemoSeeding seeded;
        await using (var first = data.StartService(demo: null))
        {
            seeded = Seeded(first) ?? throw new Xunit.Sdk.XunitException("The first start of a fresh data folder seeded no demo.");
        }
        Assert.True(await data.ServerStoppedAsync(), "The embedded PostgreSQL was still running 30 s after the service stopped.");

        await using var second = data.StartService(demo: null);

        Assert.Null(Seeded(second));
        var keyFile = Path.Combine(data.Folder, DemoOrganization.ReaderKeyFileName);
        Assert.Equal(keyFile, seeded.KeyFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(seeded.ReaderKey.Value, File.ReadAllText(keyFile).Trim());
        var jobs = await TestTenant.Client(second, seeded.ReaderKey.Value).GetAsync(new Uri($"/v1/organizations/{Slug}/jobs", UriKind.Relative));
        Assert.Single(JsonDocument.Parse(await jobs.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
    }

    [Theory]
    [InlineData(null, true, DemoState.Absent, false, true)]
    [InlineData(null, true, DemoState.Absent, true, false)]
    [InlineData(null, false, DemoState.Absent, false, false)]
    [InlineData(null, true, DemoState.Incomplete, true, true)]
    [InlineData(null, true, DemoState.Complete, true, false)]
    [InlineData(true, false, DemoState.Absent, true, true)]
    [InlineData(true, false, DemoState.Incomplete, true, true)]
    [InlineData(true, false, DemoState.Complete, true, false)]
    [InlineData(true, true, DemoState.Taken, true, false)]
    [InlineData(false, true, DemoState.Absent, false, false)]
    [InlineData(false, true, DemoState.Incomplete, true, false)]
    public void ShouldSeed_FollowsTheSettingTheDatabaseAndWhatIsThere(bool? setting, bool embedded, DemoState state, bool anyOrganization, bool expected) =>
        Assert.Equal(expected, DemoSeed.ShouldSeed(setting, embedded, state, anyOrganization));
}
