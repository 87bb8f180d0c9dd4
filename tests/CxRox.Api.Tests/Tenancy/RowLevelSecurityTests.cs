using Microsoft.Extensions.DependencyInjection;
using System.Net;
using CxRox.Api.Scorecards;
using CxRox.Api.Storage;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Npgsql;

namespace CxRox.Api.Tests.Tenancy;

/// <summary>
/// Defence in depth: whatever the application forgets, the database confines the service's role
/// (cxrox_app) to the organization set in the transaction, and to nothing when none is set.
/// </summary>
public sealed class RowLevelSecurityTests(LoopbackWebhooksFixture api) : IClassFixture<LoopbackWebhooksFixture>
{
    // Our tables hold the organization in org_id; Marten's (mt_doc_*, mt_events, mt_streams) in tenant_id.
    private const string TablesWithOrganization = """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies, a.attname::text
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname IN ('org_id', 'tenant_id') AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
        """;

    [Fact]
    public async Task EveryTableWithOrgId_HasForcedRowLevelSecurityAndAPolicy()
    {
        var tables = await QueryAsync(TablesWithOrganization, r => (Name: r.GetString(0), Enabled: r.GetBoolean(1), Forced: r.GetBoolean(2), Policies: r.GetInt64(3)));

        Assert.Contains(tables, t => t.Name == "scorecards");
        Assert.Contains(tables, t => t.Name == "mt_events");
        Assert.Contains(tables, t => t.Name == "mt_streams");
        Assert.Contains(tables, t => t.Name == "mt_doc_currentscorecard");
        var unprotected = tables.Where(t => !t.Enabled || !t.Forced || t.Policies == 0).Select(t => t.Name).ToList();
        Assert.True(unprotected.Count == 0, "Tables with org_id lacking enabled+forced row-level security and a policy: " + string.Join(", ", unprotected));
    }

    [Fact]
    public async Task EveryPolicy_ReadsTheOrganizationOncePerStatement()
    {
        // A bare current_setting(...) in a policy is evaluated for every row; inside a scalar
        // subquery it is an InitPlan, evaluated once (migration 008).
        var policies = await QueryAsync(
            "SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = 'public'",
            r => (Table: r.GetString(0), Using: r.GetString(1), Check: r.IsDBNull(2) ? "" : r.GetString(2)));

        Assert.NotEmpty(policies);
        var perRow = policies.Where(p => !p.Using.Contains("SELECT", StringComparison.Ordinal) || !p.Check.Contains("SELECT", StringComparison.Ordinal)).Select(p => p.Table).ToList();
        Assert.True(perRow.Count == 0, "Policies that read the organization on every row: " + string.Join(", ", perRow));
    }

    private async Task WaitForScheduleRunAsync(TestTenant tenant)
    {
        var reader = TestTenant.Client(api.Factory, tenant.Reader);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await reader.GetStringAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/schedule/runs", UriKind.Relative))).Contains("\"succeeded\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the run-now has not succeeded after 30 seconds");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AppRole_OwnsNothingAndCannotLogIn()
    {
        var owned = await QueryAsync($"SELECT tablename FROM pg_tables WHERE tableowner = '{OrganizationTransaction.AppRole}'", r => r.GetString(0));
        var canLogin = await QueryAsync($"SELECT rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname = '{OrganizationTransaction.AppRole}'", r => r.GetBoolean(0) || r.GetBoolean(1));

        Assert.Empty(owned);
        Assert.False(Assert.Single(canLogin));
    }

    [Fact]
    public async Task AppRole_WithNoOrganizationSet_SeesNoRowOfAnyTable_AndWithOneSetOnlyItsOwn()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var a = await TestTenant.CreateAsync(api.Factory, admin, "rls-a");
        var b = await TestTenant.CreateAsync(api.Factory, admin, "rls-b");
        foreach (var tenant in new[] { a, b })
        {
            var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
                new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            var ingest = TestTenant.Client(api.Factory, tenant.Ingest);
            using var idempotent = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/organizations/{tenant.Slug}/data/observations", UriKind.Relative))
            {
                Content = TestTenant.Json("""[{"metric": "orders", "date": "2026-01-01", "value": 1}]"""),
                Headers = { { "Idempotency-Key", "seed" } },
            };
            var observations = await ingest.SendAsync(idempotent);
            Assert.Equal(HttpStatusCode.OK, observations.StatusCode);
            var answers = await ingest.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/data/survey-answers", UriKind.Relative),
                TestTenant.Json("""[{"answerId": "a1", "survey": "post_purchase", "question": "recommend", "answeredAt": "2026-01-01T10:00:00Z", "score": 9}]"""));
            Assert.Equal(HttpStatusCode.OK, answers.StatusCode);
            var recompute = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(
                new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/recompute?from=2026-01-01&to=2026-01-31", UriKind.Relative), null);
            var job = await Scores.ScoresTenant.WaitForJobAsync(api.Factory, tenant.Reader, recompute.Headers.Location!);
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            var runNow = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(
                new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/schedule/run-now", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, runNow.StatusCode);
            await WaitForScheduleRunAsync(tenant);
            // A webhook, and a delivery: the ping fails at once (nothing listens on port 9) and is recorded.
            var editor = TestTenant.Client(api.Factory, tenant.Editor);
            var webhook = await editor.PutAsync(new Uri($"/v1/organizations/{tenant.Slug}/webhook", UriKind.Relative), TestTenant.Json("""{"url": "http://127.0.0.1:9/hook"}"""));
            Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);
            var ping = await editor.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/webhook/test", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }
        var tables = await QueryAsync(TablesWithOrganization, r => (Name: r.GetString(0), Column: r.GetString(4)));
        Assert.Contains(tables, t => t.Column == "tenant_id");
        Assert.Contains(tables, t => t.Name == "changed_days"); // the ingests above recorded their days (migration 015)
        var aId = (await QueryAsync("SELECT id FROM organizations WHERE slug = 'rls-a'", r => r.GetGuid(0))).Single();

        foreach (var (table, column) in tables)
        {
            // Marten's own bookkeeping (projection floors and the like) stays empty here: the
            // policy test above covers those tables; the data is in events, streams and documents.
            var bookkeeping = table.StartsWith("mt_", StringComparison.Ordinal) && table is not ("mt_events" or "mt_streams") && !table.StartsWith("mt_doc_", StringComparison.Ordinal);
            if (bookkeeping && await CountAsync(table, "true") == 0)
            {
                continue;
            }
            Assert.True(await CountAsync(table, "true") > 0, $"{table} has no rows to hide; the test proves nothing");
            Assert.Equal(0L, await CountAsAppAsync(table, organization: null, "true"));
            Assert.Equal(0L, await CountAsAppAsync(table, organization: aId, $"{column}::text <> '{aId}'"));
            Assert.True(await CountAsAppAsync(table, organization: aId, "true") > 0, $"{table}: organization A sees none of its own rows");
        }
    }

    [Fact]
    public async Task AppRole_CannotWriteARowOfAnotherOrganization()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        await TestTenant.CreateAsync(api.Factory, admin, "write-a");
        await TestTenant.CreateAsync(api.Factory, admin, "write-b");
        var ids = await QueryAsync("SELECT id FROM organizations WHERE slug IN ('write-a', 'write-b') ORDER BY slug", r => r.GetGuid(0));

        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"SET LOCAL ROLE {OrganizationTransaction.AppRole}; SELECT set_config('cxrox.org_id', '{ids[0]}', true)");

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(connection, $"INSERT INTO scorecards (org_id, id) VALUES ('{ids[1]}', 'sneaky')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task MartenSession_ClaimingAnotherOrganization_SeesNothingOfItAndCannotWriteForIt()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var a = await TestTenant.CreateAsync(api.Factory, admin, "marten-a");
        var b = await TestTenant.CreateAsync(api.Factory, admin, "marten-b");
        foreach (var tenant in new[] { a, b })
        {
            var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
                new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, "stores")));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        var ids = await QueryAsync("SELECT id FROM organizations WHERE slug IN ('marten-a', 'marten-b') ORDER BY slug", r => r.GetGuid(0));
        var dataSource = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, ids[0]);
        await using (var own = ScorecardDocuments.OpenSession(transaction))
        {
            Assert.NotNull(await own.LoadAsync<CurrentScorecard>("stores"));
        }
        // A session that says it is organization B, inside organization A's transaction.
        var options = Marten.Services.SessionOptions.ForTransaction(transaction.NpgsqlTransaction, false);
        options.TenantId = ids[1].ToString();
        await using var claiming = ScorecardDocuments.For(dataSource).LightweightSession(options);
        Assert.Null(await claiming.LoadAsync<CurrentScorecard>("stores"));
        Assert.Empty(await claiming.Events.FetchStreamAsync("stores"));

        claiming.Events.StartStream<CurrentScorecard>("sneaky", new ScorecardArchived(null, DateTimeOffset.UtcNow));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => claiming.SaveChangesAsync());
        var postgres = error as PostgresException ?? error.InnerException as PostgresException;
        Assert.True(postgres?.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"Expected a refusal by row-level security, got: {error}");
    }

    private async Task<long> CountAsync(string table, string condition) =>
        (await QueryAsync($"SELECT count(*) FROM {table} WHERE {condition}", r => r.GetInt64(0))).Single();

    private async Task<long> CountAsAppAsync(string table, Guid? organization, string condition)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"SET LOCAL ROLE {OrganizationTransaction.AppRole}");
        if (organization is not null)
        {
            await ExecuteAsync(connection, $"SELECT set_config('cxrox.org_id', '{organization}', true)");
        }
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {condition}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
