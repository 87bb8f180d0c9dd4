using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Data;

/// <summary>Idempotency-Key on ingest: replay, reuse with another body, in progress, expiry.</summary>
public sealed class IdempotencyKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Body = """[{"metric": "orders", "date": "2026-03-01", "value": 1}, {"metric": "orders", "date": "2026-03-02", "value": 2}]""";

    private async Task<(TestTenant Tenant, HttpClient Ingest)> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        return (tenant, TestTenant.Client(api.Factory, tenant.Ingest));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, TestTenant tenant, string key, string body, string kind = "observations")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/organizations/{tenant.Slug}/data/{kind}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task SameKeySameBody_ReplaysTheFirstResponse()
    {
        var (tenant, ingest) = await TenantAsync();

        var first = await PostAsync(ingest, tenant, "batch-1", Body);
        var second = await PostAsync(ingest, tenant, "batch-1", Body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var secondBody = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        // A replay, not a second run: a second run would count the rows as unchanged.
        Assert.Equal(2, secondBody.GetProperty("inserted").GetInt64());
        Assert.Equal(firstBody.GetProperty("elapsedMilliseconds").GetDouble(), secondBody.GetProperty("elapsedMilliseconds").GetDouble());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task SameKeySameBadBody_ReplaysThe422()
    {
        var (tenant, ingest) = await TenantAsync();
        const string bad = """[{"metric": "orders", "date": "someday", "value": 1}]""";

        await ProblemAssert.IsProblemAsync(await PostAsync(ingest, tenant, "bad-1", bad), HttpStatusCode.UnprocessableEntity);
        var replay = await ProblemAssert.IsProblemAsync(await PostAsync(ingest, tenant, "bad-1", bad), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("date", replay.GetProperty("errors")[0].GetProperty("column").GetString());
    }

    [Fact]
    public async Task SameKeyDifferentBody_Answers422_AndStoresNothingNew()
    {
        var (tenant, ingest) = await TenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ingest, tenant, "batch-1", Body)).StatusCode);

        var problem = await ProblemAssert.IsProblemAsync(
            await PostAsync(ingest, tenant, "batch-1", Body.Replace("\"value\": 2", "\"value\": 3", StringComparison.Ordinal)), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("different request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyStillInProgress_Answers409()
    {
        var (tenant, ingest) = await TenantAsync();
        await ExecuteAsync($"INSERT INTO idempotency_keys (org_id, key, expires_at) SELECT id, 'running', now() + interval '1 hour' FROM organizations WHERE slug = '{tenant.Slug}'");

        await ProblemAssert.IsProblemAsync(await PostAsync(ingest, tenant, "running", Body), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ExpiredKey_IsUsedAfresh()
    {
        var (tenant, ingest) = await TenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ingest, tenant, "old", Body)).StatusCode);
        await ExecuteAsync("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'old'");

        var again = await PostAsync(ingest, tenant, "old", Body.Replace("\"value\": 2", "\"value\": 3", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("updated").GetInt64());
    }

    [Fact]
    public async Task AnswersThatGoThroughTheMerge_ReplayTheFirstResponse_AndAnotherBodyIs422()
    {
        var (tenant, ingest) = await TenantAsync();
        const string stored = """[{"answerId": "a1", "survey": "pulse", "question": "mood", "answeredAt": "2026-03-01T10:00:00Z", "score": 3}]""";
        // a1 again as it was, and a2 new: not all new, so the batch is merged rather than inserted.
        const string mixed = """
            [{"answerId": "a1", "survey": "pulse", "question": "mood", "answeredAt": "2026-03-01T10:00:00Z", "score": 3},
             {"answerId": "a2", "survey": "pulse", "question": "mood", "answeredAt": "2026-03-02T10:00:00Z", "score": 4}]
            """;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ingest, tenant, "stored", stored, "survey-answers")).StatusCode);

        var first = await PostAsync(ingest, tenant, "mixed", mixed, "survey-answers");
        var replay = await PostAsync(ingest, tenant, "mixed", mixed, "survey-answers");
        var other = await PostAsync(ingest, tenant, "mixed", mixed.Replace("\"score\": 4", "\"score\": 5", StringComparison.Ordinal), "survey-answers");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1, 0, 1), (firstBody.GetProperty("inserted").GetInt64(), firstBody.GetProperty("updated").GetInt64(), firstBody.GetProperty("unchanged").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody.ToString(), JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.ToString());
        var problem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("different request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
