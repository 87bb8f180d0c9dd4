using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CxRox.Api.Storage.Migrations;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CxRox.Api.Tests.Scorecards;

/// <summary>
/// A database as the builds before the event store left it (their migrations, their tables,
/// rows as they wrote them) upgrades on the first start of this build: every scorecard,
/// version, schedule and archive state is carried over into Marten's streams.
/// </summary>
public sealed class ScorecardsUpgradeTests : IAsyncLifetime
{
    private const string FirstMigrationOfTheEventStore = "scorecard_versions_in_events";
    private const string OrgA = "00000000-0000-0000-0000-00000000000a";
    private const string OrgB = "00000000-0000-0000-0000-00000000000b";
    private const string KeyA = "00000000-0000-0000-0000-0000000000a1";
    private const string KeyB = "00000000-0000-0000-0000-0000000000b1";

    // A score snapshot of version 1: it stays when the versions move (scores stay in their table).
    private const string SnapshotResult = """{"rox": {"index": 71.5}}""";

    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    private static string Hash(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    [Fact]
    public async Task FirstStart_OnADatabaseOfTheBuildBefore_CarriesOverEveryScorecardVersionScheduleAndArchive()
    {
        var migrations = Migration.Embedded();
        var before = migrations.TakeWhile(m => m.Name != FirstMigrationOfTheEventStore).ToList();
        Assert.True(before.Count < migrations.Count, $"No migration named {FirstMigrationOfTheEventStore}.");
        await Migrator.ApplyAsync(_connectionString, before, NullLogger.Instance);
        var storesA1 = ScorecardsApiTests.Sample("old-a");
        var storesA2 = ScorecardsApiTests.Sample("old-a", name: "Second");
        var pulseA1 = ScorecardsApiTests.Sample("old-a", "pulse");
        var storesB1 = ScorecardsApiTests.Sample("old-b");
        const string warnings = """[{"code": "SC050", "severity": "warning", "pointer": "/metrics/0", "line": 3, "column": 5, "message": "As stored."}]""";
        await ExecuteAsync(
            $"""
            INSERT INTO organizations (id, slug, name, time_zone) VALUES ('{OrgA}', 'old-a', 'Old A', 'Europe/Warsaw'), ('{OrgB}', 'old-b', 'Old B', 'UTC');
            INSERT INTO api_keys (id, org_id, role, name, prefix, secret_sha256) VALUES
                ('{KeyA}', '{OrgA}', 'editor', 'e', 'aaaaaaaa', decode(repeat('00', 32), 'hex')),
                ('{KeyB}', '{OrgB}', 'editor', 'e', 'bbbbbbbb', decode(repeat('00', 32), 'hex'));
            INSERT INTO scorecards (org_id, id, current_version, created_at, updated_at, archived_at) VALUES
                ('{OrgA}', 'stores', 2, '2025-01-02T03:04:05Z', '2025-02-03T04:05:06Z', NULL),
                ('{OrgA}', 'pulse', 1, '2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z', '2025-04-01T12:00:00Z'),
                ('{OrgB}', 'stores', 1, '2025-05-01T00:00:00Z', '2025-05-01T00:00:00Z', NULL);
            INSERT INTO scorecard_versions (org_id, scorecard_id, version, name, document, parsed, content_hash, warnings, created_at, created_by) VALUES
                ('{OrgA}', 'stores', 1, 'Northwind Fashion: stores and app', $1, $1::jsonb, '{Hash(storesA1)}', '{warnings}', '2025-01-02T03:04:05Z', '{KeyA}'),
                ('{OrgA}', 'stores', 2, 'Second', $2, $2::jsonb, '{Hash(storesA2)}', '[]', '2025-02-03T04:05:06Z', '{KeyA}'),
                ('{OrgA}', 'pulse', 1, 'Northwind Fashion: stores and app', $3, $3::jsonb, '{Hash(pulseA1)}', '[]', '2025-03-01T00:00:00Z', '{KeyA}'),
                ('{OrgB}', 'stores', 1, 'Northwind Fashion: stores and app', $4, $4::jsonb, '{Hash(storesB1)}', '[]', '2025-05-01T00:00:00Z', '{KeyB}');
            INSERT INTO scorecard_schedules (org_id, scorecard_id, recompute_cron, summary_cron, time_zone, source, updated_at) VALUES
                ('{OrgA}', 'stores', '0 3 * * *', NULL, 'Europe/Warsaw', 'api', '2025-02-10T00:00:00Z'),
                ('{OrgA}', 'pulse', '0 2 * * *', '0 7 1 * *', 'Europe/Warsaw', 'scorecard', '2025-03-01T00:00:00Z');
            INSERT INTO score_snapshots (org_id, scorecard_id, version, period_start, period_end, partial, content_hash, rox_index, result, trace, revision) VALUES
                ('{OrgA}', 'stores', 1, '2025-01-01', '2025-01-31', false, '{Hash(storesA1)}', 71.5, '{SnapshotResult}', '[]', 1);
            """,
            storesA1, storesA2, pulseA1, storesB1);

        await using (var app = ApiFactory.On(_connectionString))
        {
            var admin = await TestTenant.CreateAdminKeyAsync(app);
            var a = await ReaderAsync(app, admin, "old-a");
            var b = await ReaderAsync(app, admin, "old-b");

            var listed = await a.GetFromJsonAsync<JsonElement[]>("/v1/organizations/old-a/scorecards?includeArchived=true");
            Assert.Equal(
                [("pulse", 1, "2025-04-01T12:00:00+00:00"), ("stores", 2, null)],
                listed!.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("currentVersion").GetInt32(), Time(s.GetProperty("archivedAt")))));
            Assert.Single((await a.GetFromJsonAsync<JsonElement[]>("/v1/organizations/old-a/scorecards"))!);

            var versions = await a.GetFromJsonAsync<JsonElement[]>("/v1/organizations/old-a/scorecards/stores/versions");
            Assert.Equal(
                [(1, Hash(storesA1), "2025-01-02T03:04:05+00:00", KeyA), (2, Hash(storesA2), "2025-02-03T04:05:06+00:00", KeyA)],
                versions!.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("contentHash").GetString(), Time(v.GetProperty("createdAt")), v.GetProperty("createdBy").GetString())));
            Assert.Equal(storesA1, await a.GetStringAsync("/v1/organizations/old-a/scorecards/stores/versions/1/document"));
            Assert.Equal(storesA2, await a.GetStringAsync("/v1/organizations/old-a/scorecards/stores/versions/2/document"));
            var version1 = await a.GetFromJsonAsync<JsonElement>("/v1/organizations/old-a/scorecards/stores/versions/1");
            Assert.Equal("SC050", version1.GetProperty("warnings")[0].GetProperty("code").GetString());
            var current = await a.GetAsync("/v1/organizations/old-a/scorecards/stores");
            Assert.Equal("\"v2\"", current.Headers.ETag?.ToString());
            Assert.Equal("2025-02-03T04:05:06+00:00", Time((await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("createdAt")));

            var schedule = await a.GetFromJsonAsync<JsonElement>("/v1/organizations/old-a/scorecards/stores/schedule");
            Assert.Equal("0 3 * * *", schedule.GetProperty("recompute").GetProperty("cron").GetString());
            Assert.Equal("api", schedule.GetProperty("source").GetString());
            var pulseSchedule = await a.GetFromJsonAsync<JsonElement>("/v1/organizations/old-a/scorecards/pulse/schedule");
            Assert.Equal("0 7 1 * *", pulseSchedule.GetProperty("summary").GetProperty("cron").GetString());

            var history = await a.GetFromJsonAsync<JsonElement>("/v1/organizations/old-a/scorecards/pulse/history");
            Assert.Equal(["archived", "schedule-changed", "version-saved"], history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("event").GetString()));

            var other = await b.GetFromJsonAsync<JsonElement[]>("/v1/organizations/old-b/scorecards?includeArchived=true");
            Assert.Equal([("stores", 1)], other!.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("currentVersion").GetInt32())));
            Assert.Equal(storesB1, await b.GetStringAsync("/v1/organizations/old-b/scorecards/stores/versions/1/document"));
        }

        Assert.Equal(false, await ScalarAsync("SELECT to_regclass('public.scorecard_versions') IS NOT NULL OR to_regclass('public.scorecard_schedules') IS NOT NULL"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM score_snapshots"));
        // A second start carries nothing over again.
        await using (var again = ApiFactory.On(_connectionString))
        {
            again.CreateClient();
            Assert.Equal(4L, await ScalarAsync("SELECT count(*) FROM mt_events WHERE type = 'scorecard_version_saved'"));
        }
    }

    private static string? Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HttpClient> ReaderAsync(ApiFactory app, string adminKey, string slug)
    {
        var response = await TestTenant.Client(app, adminKey).PostAsJsonAsync($"/v1/organizations/{slug}/api-keys", new { name = "reader", role = "reader" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return TestTenant.Client(app, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
    }

    private async Task ExecuteAsync(string sql, params string[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        // One statement at a time: positional parameters go to the one statement that uses them.
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = new NpgsqlCommand(statement.TrimEnd(';'), connection);
            if (statement.Contains("$1", StringComparison.Ordinal))
            {
                foreach (var value in parameters)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }
            }
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
