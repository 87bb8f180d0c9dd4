using System.Text.Json.Nodes;
using CxRox.Api.Storage.Migrations;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CxRox.Api.Tests.Scores;

/// <summary>The migration that removes, from score documents stored by earlier versions, the sizes of the groups they withheld.</summary>
public sealed class WithheldSizesMigrationTests : IAsyncLifetime
{
    private const string MigrationName = "withheld_sizes_unpublished";

    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Migrate_SnapshotsOfEarlierVersions_KeepNoSizeOfAWithheldGroup_AndEverythingElse()
    {
        var migrations = Migration.Embedded();
        var before = migrations.TakeWhile(m => m.Name != MigrationName).ToList();
        Assert.True(before.Count < migrations.Count, $"No migration named {MigrationName}.");
        await Migrator.ApplyAsync(_connectionString, before, NullLogger.Instance);
        const string stored = """
            {"metrics": [
              {"id": "enps", "value": null, "missing": "belowMinSample", "sampleSize": 3, "segments": [
                {"dimension": "touchpoint", "segment": "hq", "value": null, "sample": 2, "withheld": "Fewer than 5 answers (minSample)."},
                {"dimension": "touchpoint", "segment": "store", "value": null, "sample": 9, "withheld": "Another segment of this breakdown is below minSample; this one would reveal it."}]},
              {"id": "nps", "value": 40, "missing": null, "sampleSize": 120, "segments": [
                {"dimension": "touchpoint", "segment": "web", "value": 35, "sample": 60, "withheld": null}]},
              {"id": "revenue", "value": 1000, "missing": null, "sampleSize": 30}
            ], "rox": {"index": 71.5}}
            """;
        await ExecuteAsync($$"""
            INSERT INTO organizations (id, slug, name, time_zone) VALUES ('00000000-0000-0000-0000-000000000001', 'old-scores', 'Old scores', 'UTC');
            INSERT INTO api_keys (id, org_id, role, name, prefix, secret_sha256) VALUES
                ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', 'editor', 'e', 'abcdefgh', decode(repeat('00', 32), 'hex'));
            INSERT INTO scorecards (org_id, id, current_version) VALUES ('00000000-0000-0000-0000-000000000001', 'pulse', 1);
            INSERT INTO scorecard_versions (org_id, scorecard_id, version, name, document, parsed, content_hash, created_by) VALUES
                ('00000000-0000-0000-0000-000000000001', 'pulse', 1, 'Pulse', '{}', '{}', repeat('a', 64), '00000000-0000-0000-0000-0000000000b1');
            INSERT INTO score_snapshots (org_id, scorecard_id, version, period_start, period_end, partial, content_hash, rox_index, result, trace, revision) VALUES
                ('00000000-0000-0000-0000-000000000001', 'pulse', 1, '2026-10-01', '2026-10-31', false, repeat('a', 64), 71.5, '{{stored}}', '[]', 1);
            """);

        await Migrator.ApplyAsync(_connectionString, migrations, NullLogger.Instance);

        var result = JsonNode.Parse(await ResultAsync())!;
        var expected = JsonNode.Parse(stored)!;
        expected["metrics"]![0]!["sampleSize"] = null;
        expected["metrics"]![0]!["segments"]![0]!["sample"] = null;
        expected["metrics"]![0]!["segments"]![1]!["sample"] = null;
        Assert.True(JsonNode.DeepEquals(expected, result), $"Expected {expected.ToJsonString()}, got {result.ToJsonString()}");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> ResultAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT result::text FROM score_snapshots", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
