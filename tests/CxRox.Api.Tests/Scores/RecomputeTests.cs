using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Scores;

/// <summary>Recompute jobs on Hangfire: progress, stored snapshots, atomic replacement, and the failure path.</summary>
public sealed class RecomputeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<List<(DateOnly Start, bool Partial, string Hash, long Revision, Guid? Job)>> SnapshotsAsync(ScoresTenant tenant)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT s.period_start, s.partial, s.content_hash, s.revision, s.job_id
            FROM score_snapshots s JOIN organizations o ON o.id = s.org_id
            WHERE o.slug = $1 AND s.scorecard_id = $2 ORDER BY s.period_start
            """, connection)
        {
            Parameters = { new() { Value = tenant.Slug }, new() { Value = tenant.ScorecardId } },
        };
        var rows = new List<(DateOnly, bool, string, long, Guid?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetBoolean(1), reader.GetString(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetGuid(4)));
        }
        return rows;
    }

    private async Task<string> CurrentContentHashAsync(ScoresTenant tenant)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetAsync(new Uri(tenant.ScorecardPath + "/versions/1", UriKind.Relative));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("contentHash").GetString()!;
    }

    [Fact]
    public async Task Recompute_StoresOneSnapshotPerPeriod_TracedToTheVersion_AndTheJobSaysSo()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory);

        var job = await tenant.RecomputeAsync(api.Factory, $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}");

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(3, job.GetProperty("total").GetInt32());
        Assert.Equal(3, job.GetProperty("done").GetInt32());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal("api", job.GetProperty("requestedBy").GetString());
        Assert.True(job.GetProperty("elapsedMilliseconds").GetDouble() > 0);
        var snapshots = await SnapshotsAsync(tenant);
        Assert.Equal([tenant.DataStart, tenant.DataStart.AddMonths(1), tenant.DataStart.AddMonths(2)], snapshots.Select(s => s.Start));
        Assert.All(snapshots, s => Assert.False(s.Partial));
        var hash = await CurrentContentHashAsync(tenant);
        Assert.All(snapshots, s => Assert.Equal(hash, s.Hash));
        Assert.All(snapshots, s => Assert.Equal(job.GetProperty("id").GetGuid(), s.Job));
    }

    [Fact]
    public async Task TheSummaryARecomputeWritesFromItsOwnDocuments_EqualsOneWrittenFromTheStoredSnapshots()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 3);
        await tenant.RecomputeAsync(api.Factory, $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}");
        var lastMonth = tenant.DataStart.AddMonths(2);
        var fromRecompute = await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetStringAsync(
            new Uri($"{tenant.ScorecardPath}/summaries/{lastMonth:yyyy-MM-dd}.json", UriKind.Relative));
        var organization = await api.Factory.Services.GetRequiredService<CxRox.Api.Organizations.OrganizationsStore>().FindAsync(tenant.Slug, CancellationToken.None);

        var fromSnapshots = await api.Factory.Services.GetRequiredService<CxRox.Api.Recompute.SummaryWriter>()
            .WriteAsync(organization!.Id, tenant.ScorecardId, 1, lastMonth, CancellationToken.None);

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(fromRecompute), JsonNode.Parse(JsonSerializer.Serialize(fromSnapshots!.Content, CxRox.Api.Scores.ScoreDocument.Json))),
            "the summary written from the recompute's documents differs from the one written from the stored snapshots");
    }

    [Fact]
    public async Task Recompute_WithoutARange_CoversTheLastCompletePeriodAndTheCurrentPartialOne()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);

        var job = await tenant.RecomputeAsync(api.Factory);

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var snapshots = await SnapshotsAsync(tenant);
        Assert.Equal([(tenant.DataStart, false), (tenant.DataEnd.AddDays(1), true)], snapshots.Select(s => (s.Start, s.Partial)));
    }

    [Fact]
    public async Task RecomputeAgain_ReplacesTheSnapshotsOfTheSamePeriods_UnderANewerRevision()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 2);
        var range = $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}";
        await tenant.RecomputeAsync(api.Factory, range);
        var first = await SnapshotsAsync(tenant);

        var again = await tenant.RecomputeAsync(api.Factory, range);

        var second = await SnapshotsAsync(tenant);
        Assert.Equal(first.Select(s => s.Start), second.Select(s => s.Start));
        Assert.All(second, s => Assert.Equal(again.GetProperty("id").GetGuid(), s.Job));
        Assert.True(second.Min(s => s.Revision) > first.Max(s => s.Revision));
        Assert.Single(second.Select(s => s.Revision).Distinct());
    }

    [Fact]
    public async Task ReadersDuringRecomputes_SeeEveryPeriodFromOneRevision_NeverAMix()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 3);
        var range = $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}";
        await tenant.RecomputeAsync(api.Factory, range);
        using var stop = new CancellationTokenSource();
        var seen = new List<(long Periods, long Revisions)>();
        var watcher = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
            await connection.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var command = new NpgsqlCommand(
                    "SELECT count(*), count(DISTINCT revision) FROM score_snapshots s JOIN organizations o ON o.id = s.org_id WHERE o.slug = $1", connection)
                {
                    Parameters = { new() { Value = tenant.Slug } },
                };
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                seen.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        });

        for (var i = 0; i < 4; i++)
        {
            await tenant.RecomputeAsync(api.Factory, range);
        }
        await stop.CancelAsync();
        await watcher;

        Assert.True(seen.Count > 10, $"the watcher read only {seen.Count} times");
        Assert.All(seen, s => Assert.Equal((3L, 1L), s));
    }

    [Fact]
    public async Task RulesThatNeverSettle_FailTheJobWithTheEnginesMessage_AndStoreNothing()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 2, editSample: text =>
        {
            var document = JsonNode.Parse(text)!;
            var rules = document["rules"]!.AsArray();
            rules.Add(JsonNode.Parse("""{ "id": "soften", "name": "Soften", "when": "status(csat) == red", "then": [{ "setStatus": { "metric": "csat", "status": "green", "reason": "Softened" } }] }"""));
            rules.Add(JsonNode.Parse("""{ "id": "harden", "name": "Harden", "when": "status(csat) != red", "then": [{ "setStatus": { "metric": "csat", "status": "red", "reason": "Hardened" } }] }"""));
            return document.ToJsonString();
        });

        var job = await tenant.RecomputeAsync(api.Factory, $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}");

        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error").GetString()!;
        Assert.Contains("soften", error, StringComparison.Ordinal);
        Assert.Contains("harden", error, StringComparison.Ordinal);
        Assert.Equal(0, job.GetProperty("done").GetInt32());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Empty(await SnapshotsAsync(tenant));
    }

    [Theory]
    [InlineData("?from=2026-03-01&to=2026-02-01", HttpStatusCode.BadRequest, "before")]
    [InlineData("?from=2999-01-01", HttpStatusCode.BadRequest, "after today")]
    [InlineData("?from=1960-01-01&to=2026-01-01", HttpStatusCode.BadRequest, "more than 530 periods")]
    [InlineData("?version=7", HttpStatusCode.NotFound, "no version 7")]
    public async Task Recompute_ChecksItsRange(string query, HttpStatusCode expected, string detail)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        await editor.PutAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative),
            TestTenant.Json(Scorecards.ScorecardsApiTests.Sample(tenant.Slug, "stores")));

        var response = await editor.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/recompute{query}", UriKind.Relative), null);

        var problem = await ProblemAssert.IsProblemAsync(response, expected);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recompute_OfAScorecardThatDoesNotExist_Is404()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);

        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/nothing/recompute", UriKind.Relative), null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("no scorecard 'nothing'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
