using System.Globalization;
using System.Net;
using System.Text.Json;
using CxRox.Api.Organizations;
using CxRox.Api.Scores;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Scores;

/// <summary>
/// GET scores/latest keeps the latest bytes in memory; these tests hold it to the rule:
/// never a snapshot older than the one stored, also with two instances on one database.
/// </summary>
public sealed class LatestScoresFreshnessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<(HttpStatusCode Status, long Revision, string ETag, string Body)> GetLatestAsync(ApiFactory factory, ScoresTenant tenant, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{tenant.ScorecardPath}/scores/latest", UriKind.Relative));
        if (ifNoneMatch is not null)
        {
            request.Headers.Add("If-None-Match", ifNoneMatch);
        }
        var response = await TestTenant.Client(factory, tenant.Tenant.Reader).SendAsync(request);
        var etag = response.Headers.ETag?.Tag ?? "\"0-\"";
        var revision = long.Parse(etag[1..etag.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        return (response.StatusCode, revision, etag, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The scorecard's scores revision and its newest snapshot's result, as stored now (and read: with period.stale, false here).</summary>
    private async Task<(long Revision, string Result)> StoredAsync(ScoresTenant tenant)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT sc.scores_revision, (SELECT jsonb_set(s.result, '{period,stale}', 'false')::text FROM score_snapshots s
                                        WHERE s.org_id = sc.org_id AND s.scorecard_id = sc.id ORDER BY s.version DESC, s.period_start DESC LIMIT 1)
            FROM scorecards sc JOIN organizations o ON o.id = sc.org_id
            WHERE o.slug = $1 AND sc.id = $2
            """, connection)
        {
            Parameters = { new() { Value = tenant.Slug }, new() { Value = tenant.ScorecardId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1));
    }

    private static string Range(ScoresTenant tenant) => $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}";

    [Fact]
    public async Task BeforeAnyRecompute_Latest_Is404SayingToRecompute()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);

        foreach (var path in new[] { "scores/latest", "scores/latest/findings", $"scores/{tenant.DataStart:yyyy-MM-dd}", "scores", "scores.csv" })
        {
            var response = await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetAsync(new Uri($"{tenant.ScorecardPath}/{path}", UriKind.Relative));

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
            Assert.Contains("has no scores", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains($"POST {tenant.ScorecardPath}/recompute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Null(response.Headers.ETag);
        }
    }

    [Fact]
    public async Task OfAScorecardThatDoesNotExist_Latest_Is404()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);

        var response = await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/nothing/scores/latest", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("no scorecard 'nothing'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterARecompute_TheVeryNextGet_ServesTheNewRevision_AndTheOldETagNoLongerMatches()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 2);
        await tenant.RecomputeAsync(api.Factory, Range(tenant));
        var before = await GetLatestAsync(api.Factory, tenant);
        Assert.Equal(HttpStatusCode.NotModified, (await GetLatestAsync(api.Factory, tenant, before.ETag)).Status);
        var organization = await api.Factory.Services.GetRequiredService<OrganizationsStore>().FindAsync(tenant.Slug, CancellationToken.None);
        var cache = api.Factory.Services.GetRequiredService<LatestScoresCache>();
        Assert.Equal(before.Revision, cache.Find(organization!.Id, tenant.ScorecardId, null, before.Revision)?.Revision);

        await tenant.RecomputeAsync(api.Factory, Range(tenant));
        var stored = await StoredAsync(tenant);
        var after = await GetLatestAsync(api.Factory, tenant);

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.True(after.Revision > before.Revision);
        Assert.Equal(stored.Revision, after.Revision);
        Assert.Equal(stored.Result, after.Body);
        Assert.NotEqual(
            JsonDocument.Parse(before.Body).RootElement.GetProperty("computedAt").GetString(),
            JsonDocument.Parse(after.Body).RootElement.GetProperty("computedAt").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetLatestAsync(api.Factory, tenant, before.ETag)).Status);
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabase_AWriteThroughOne_IsWhatTheOtherServesNext()
    {
        await using var second = ApiFactory.On(api.Database.ConnectionString);
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 2);
        await tenant.RecomputeAsync(api.Factory, Range(tenant));

        for (var round = 0; round < 3; round++)
        {
            var warm = await GetLatestAsync(second, tenant); // the second instance keeps these bytes
            Assert.Equal(HttpStatusCode.OK, warm.Status);

            await tenant.RecomputeAsync(api.Factory, Range(tenant));
            var stored = await StoredAsync(tenant);
            var served = await GetLatestAsync(second, tenant);

            Assert.True(served.Revision > warm.Revision, $"round {round}: served revision {served.Revision} after a write over {warm.Revision}");
            Assert.Equal(stored.Revision, served.Revision);
            Assert.Equal(stored.Result, served.Body);
        }
    }

    [Fact]
    public async Task ConcurrentReadersOnTwoInstances_WhileRecomputesRun_NeverGetARevisionOlderThanTheOneStoredWhenTheyAsked()
    {
        await using var second = ApiFactory.On(api.Database.ConnectionString);
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        await tenant.RecomputeAsync(api.Factory, Range(tenant));
        using var writing = new CancellationTokenSource();
        var stale = new List<string>();
        var reads = 0;

        async Task ReadAsync(ApiFactory factory)
        {
            while (!writing.IsCancellationRequested)
            {
                var storedBefore = (await StoredAsync(tenant)).Revision;
                var served = await GetLatestAsync(factory, tenant);
                Interlocked.Increment(ref reads);
                if (served.Status != HttpStatusCode.OK || served.Revision < storedBefore)
                {
                    lock (stale)
                    {
                        stale.Add($"{served.Status}: revision {served.Revision} served after {storedBefore} was stored");
                    }
                }
            }
        }

        var readers = new[] { api.Factory, second, api.Factory, second }.Select(factory => Task.Run(() => ReadAsync(factory))).ToList();
        for (var i = 0; i < 3; i++)
        {
            await tenant.RecomputeAsync(api.Factory, Range(tenant));
        }
        await writing.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(stale.Count == 0, string.Join("\n", stale));
        Assert.True(reads > 8, $"only {reads} reads");
    }
}
