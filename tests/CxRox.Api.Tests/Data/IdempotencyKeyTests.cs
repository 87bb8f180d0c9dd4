using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Data;
using CxRox.Api.Storage;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Data;

/// <summary>Idempotency-Key on ingest: replay in every format, reuse with another body, refused batches, concurrent and dead holders, expiry.</summary>
public sealed class IdempotencyKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Body = """[{"metric": "orders", "date": "2026-03-01", "value": 1}, {"metric": "orders", "date": "2026-03-02", "value": 2}]""";

    private async Task<(TestTenant Tenant, HttpClient Ingest)> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        return (tenant, TestTenant.Client(api.Factory, tenant.Ingest));
    }

    private static Task<HttpResponseMessage> PostAsync(
        HttpClient client, TestTenant tenant, string key, string body, string kind = "observations", string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/organizations/{tenant.Slug}/data/{kind}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
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

    private async Task<long> CountAsync(string table, TestTenant tenant)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} t JOIN organizations o ON o.id = t.org_id WHERE o.slug = '{tenant.Slug}'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private const string ObservationsCsv = "metric,date,value\r\norders,2026-03-01,1\r\norders,2026-03-02,2\r\n";

    private const string AnswersNdJson = """
        {"answerId": "a1", "survey": "pulse", "question": "mood", "answeredAt": "2026-03-01T10:00:00Z", "score": 3}
        {"answerId": "a2", "survey": "pulse", "question": "mood", "answeredAt": "2026-03-02T10:00:00Z", "score": 4}
        """;

    [Theory]
    [InlineData("observations", ObservationsCsv, "text/csv", "observations")]
    [InlineData("observations", """{"metric": "orders", "date": "2026-03-01", "value": 1}""" + "\n" + """{"metric": "orders", "date": "2026-03-02", "value": 2}""", "application/x-ndjson", "observations")]
    [InlineData("survey-answers", "answerId,survey,question,answeredAt,score\na1,pulse,mood,2026-03-01T10:00:00Z,3\na2,pulse,mood,2026-03-02T10:00:00Z,4\n", "text/csv", "survey_answers")]
    [InlineData("survey-answers", AnswersNdJson, "application/x-ndjson", "survey_answers")]
    public async Task CsvAndNdJson_WithAKey_StoreOnce_AndReplayTheFirstResponse(string kind, string body, string mediaType, string table)
    {
        var (tenant, ingest) = await TenantAsync();

        var first = await OkAsync(await PostAsync(ingest, tenant, "file-1", body, kind, mediaType));
        var replay = await PostAsync(ingest, tenant, "file-1", body, kind, mediaType);

        Assert.Equal(2, first.GetProperty("inserted").GetInt64());
        Assert.Equal(first.ToString(), (await OkAsync(replay)).ToString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, await CountAsync(table, tenant));
    }

    [Theory]
    [InlineData("text/csv", "metric,date,value\norders,2026-03-01,1\norders,someday,2\n", 3)]
    [InlineData("application/x-ndjson", """{"metric": "orders", "date": "2026-03-01", "value": 1}""" + "\n" + """{"metric": "orders", "date": "someday", "value": 2}""", 2)]
    public async Task BadBatchWithAKey_Answers422WithItsRows_StoresNothing_AndAgainOnReplay(string mediaType, string body, long badRow)
    {
        var (tenant, ingest) = await TenantAsync();

        var first = await ProblemAssert.IsProblemAsync(await PostAsync(ingest, tenant, "bad-file", body, mediaType: mediaType), HttpStatusCode.UnprocessableEntity);
        var replay = await ProblemAssert.IsProblemAsync(await PostAsync(ingest, tenant, "bad-file", body, mediaType: mediaType), HttpStatusCode.UnprocessableEntity);

        foreach (var problem in new[] { first, replay })
        {
            var error = problem.GetProperty("errors").EnumerateArray().Single();
            Assert.Equal((badRow, "date"), (error.GetProperty("row").GetInt64(), error.GetProperty("column").GetString()));
        }
        Assert.Equal(0, await CountAsync("observations", tenant));
        Assert.Equal(0, await CountAsync("idempotency_keys", tenant));
    }

    [Fact]
    public async Task BadBatchWithAKey_LeavesTheKeyFree_ForTheCorrectedBatch()
    {
        var (tenant, ingest) = await TenantAsync();
        await ProblemAssert.IsProblemAsync(
            await PostAsync(ingest, tenant, "fix-me", ObservationsCsv.Replace("2026-03-02", "someday", StringComparison.Ordinal), mediaType: "text/csv"),
            HttpStatusCode.UnprocessableEntity);

        var corrected = await OkAsync(await PostAsync(ingest, tenant, "fix-me", ObservationsCsv, mediaType: "text/csv"));

        Assert.Equal(2, corrected.GetProperty("inserted").GetInt64());
    }

    [Fact]
    public async Task TwoRequestsWithTheSameKeyAtOnce_OneRuns_TheOtherReplaysItOrIsToldItRuns()
    {
        var (tenant, ingest) = await TenantAsync();
        var csv = new StringBuilder("answerId,survey,question,answeredAt,score\n");
        const int rows = 20_000;
        for (var i = 0; i < rows; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i},pulse,mood,2026-03-01T10:00:00Z,{i % 5 + 1}\n");
        }
        var body = csv.ToString();

        var responses = await Task.WhenAll(
            PostAsync(ingest, tenant, "together", body, "survey-answers", "text/csv"),
            PostAsync(ingest, tenant, "together", body, "survey-answers", "text/csv"));

        var answered = responses.Where(r => r.StatusCode != HttpStatusCode.Conflict).ToList();
        var ran = Assert.Single(answered, r => !r.Headers.Contains("Idempotent-Replayed"));
        var first = await OkAsync(ran);
        Assert.Equal(rows, first.GetProperty("inserted").GetInt64());
        foreach (var other in responses.Where(r => r != ran))
        {
            if (other.StatusCode == HttpStatusCode.Conflict)
            {
                await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Conflict);
            }
            else
            {
                Assert.Equal(first.ToString(), (await OkAsync(other)).ToString());
            }
        }
        Assert.Equal(rows, await CountAsync("survey_answers", tenant));
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
    public async Task SameKeySameBadBody_Answers422Again()
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
    public async Task AClaimCommittedWithoutAnAnswer_IsNoLongerHeld()
    {
        // What a request killed mid-batch used to leave behind: its claim, committed on its own
        // before the batch ran, with no answer; it answered 409 until the key expired.
        var (tenant, ingest) = await TenantAsync();
        await ExecuteAsync($"INSERT INTO idempotency_keys (org_id, key, expires_at) SELECT id, 'crashed', now() + interval '24 hours' FROM organizations WHERE slug = '{tenant.Slug}'");

        var again = await OkAsync(await PostAsync(ingest, tenant, "crashed", Body));

        Assert.Equal(2, again.GetProperty("inserted").GetInt64());
    }

    /// <summary>Takes the key as an ingest does, in a transaction of the test's own left open; gives its server process id.</summary>
    private static async Task<(OrganizationTransaction Holder, int ProcessId)> HoldAsync(NpgsqlDataSource dataSource, TestTenant tenant, string key)
    {
        Guid organizationId;
        await using (var find = dataSource.CreateCommand($"SELECT id FROM organizations WHERE slug = '{tenant.Slug}'"))
        {
            organizationId = (Guid)(await find.ExecuteScalarAsync())!;
        }
        var holder = await OrganizationTransaction.BeginAsync(dataSource, organizationId);
        Assert.Null(await IdempotencyKeys.ClaimAsync(holder, key, CancellationToken.None));
        await using var processId = holder.Command("SELECT pg_backend_pid()");
        return (holder, (int)(await processId.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task KeyHeldByARunningRequest_Answers409_AndStoresNothing()
    {
        var (tenant, ingest) = await TenantAsync();
        await using var dataSource = NpgsqlDataSource.Create(api.Database.ConnectionString);
        var (holder, _) = await HoldAsync(dataSource, tenant, "running");
        await using (holder)
        {
            var problem = await ProblemAssert.IsProblemAsync(await PostAsync(ingest, tenant, "running", Body), HttpStatusCode.Conflict);

            Assert.Contains("in progress", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await CountAsync("observations", tenant));
    }

    [Fact]
    public async Task KeyOfAHolderWhoseConnectionDied_IsTakenAtOnce()
    {
        var (tenant, ingest) = await TenantAsync();
        await using var dataSource = NpgsqlDataSource.Create(api.Database.ConnectionString);
        var (holder, processId) = await HoldAsync(dataSource, tenant, "orphan");
        // As after a kill -9 of the service mid-batch: the server loses the connection with the
        // claim uncommitted (waiting up to 10 s for the process to be gone).
        await ExecuteAsync($"SELECT pg_terminate_backend({processId}, 10000)");

        var again = await OkAsync(await PostAsync(ingest, tenant, "orphan", Body));

        Assert.Equal(2, again.GetProperty("inserted").GetInt64());
        Assert.Equal(2, await CountAsync("observations", tenant));
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await holder.CommitAsync());
        await holder.DisposeAsync();
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
