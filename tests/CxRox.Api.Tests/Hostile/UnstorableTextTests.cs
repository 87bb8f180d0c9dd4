using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Npgsql;

namespace CxRox.Api.Tests.Hostile;

/// <summary>
/// Text PostgreSQL cannot store (a NUL, a lone UTF-16 surrogate) is refused where it enters,
/// naming the field, and never reaches the database: query strings, route values, the
/// Idempotency-Key header, JSON bodies, scorecard documents and CSV, NDJSON and JSON ingest rows.
/// </summary>
public sealed class UnstorableTextTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string ScorecardId = "stores";

    private async Task<TestTenant> TenantAsync(bool withScores = false)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var put = await editor.PutAsync(Url(tenant, ""), TestTenant.Json(ScorecardsApiTests.Sample(tenant.Slug, ScorecardId)));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        if (withScores)
        {
            var recompute = await editor.PostAsync(Url(tenant, "/recompute?from=2026-01-01&to=2026-01-31"), null);
            var job = await Scores.ScoresTenant.WaitForJobAsync(api.Factory, tenant.Reader, recompute.Headers.Location!);
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
        }
        return tenant;
    }

    private static Uri Url(TestTenant tenant, string path) => new($"/v1/organizations/{tenant.Slug}/scorecards/{ScorecardId}{path}", UriKind.Relative);

    [Theory]
    [InlineData("/scores.csv?pillar=cx%00", "pillar")]
    [InlineData("/scores.ndjson?metric=%00", "metric")]
    [InlineData("/scores?tag=a%00b", "tag")]
    [InlineData("/scores.csv?from=2026-01-01&x%00=1", "x\0")]
    public async Task Export_NulInTheQuery_Answers400NamingTheParameter_BeforeAnyBody(string pathAndQuery, string parameter)
    {
        var tenant = await TenantAsync(withScores: true);

        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(Url(tenant, pathAndQuery));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains("NUL character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteValue_WithALoneSurrogateFromBrokenUtf8_IsNotStoredOrRefused()
    {
        // A URL carries UTF-8, which cannot encode a lone surrogate: its CESU-8 bytes decode to U+FFFD, which is storable.
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/%ED%A0%80", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ingest_NulInTheIdempotencyKey_Answers400NamingTheHeader()
    {
        var tenant = await TenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/organizations/{tenant.Slug}/data/observations", UriKind.Relative))
        {
            Content = TestTenant.Json("""[{"metric": "store.visits", "date": "2026-01-05", "value": 3}]"""),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "batch\0one");

        var response = await TestTenant.Client(api.Factory, tenant.Ingest).SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Idempotency-Key", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("""{"slug": "nul-org", "name": "Acme\u0000", "timeZone": "UTC"}""", "/name", "NUL character")]
    [InlineData("""{"slug": "lone-org", "name": "Acme\ud800", "timeZone": "UTC"}""", "/name", "lone UTF-16 surrogate")]
    [InlineData("""{"slug": "lone-name-org", "\ud800": 1, "name": "Acme", "timeZone": "UTC"}""", "", "property name holds an escaped lone UTF-16 surrogate")]
    public async Task JsonBody_UnstorableString_Answers400WithItsPointer(string body, string jsonPointer, string reason)
    {
        var admin = TestTenant.Client(api.Factory, await TestTenant.CreateAdminKeyAsync(api.Factory));

        var response = await admin.PostAsync(new Uri("/v1/organizations", UriKind.Relative), TestTenant.Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(jsonPointer, problem.GetProperty("pointer").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/validate", "POST")]
    [InlineData("", "PUT")]
    [InlineData("/preview?from=2026-01-01&to=2026-01-31", "POST")]
    public async Task ScorecardDocument_LoneSurrogateOrNul_Answers422WithSC007AtItsPointer(string path, string method)
    {
        var tenant = await TenantAsync();
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var sample = ScorecardsApiTests.Sample(tenant.Slug, ScorecardId);
        foreach (var (name, reason) in new[] { ("\\ud800", "lone UTF-16 surrogate"), ("Stores\\u0000", "NUL character") })
        {
            var document = sample.Replace("\"name\": \"Northwind Fashion: stores and app\"", $"\"name\": \"{name}\"", StringComparison.Ordinal);
            Assert.NotEqual(sample, document);
            var request = new HttpRequestMessage(new HttpMethod(method), path.Length == 0 ? Url(tenant, "") : new Uri(path.StartsWith("/validate", StringComparison.Ordinal)
                ? $"/v1/organizations/{tenant.Slug}/scorecards/validate" : Url(tenant, path).ToString(), UriKind.Relative))
            {
                Content = TestTenant.Json(document),
            };
            if (method == "PUT")
            {
                request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
            }

            var response = await editor.SendAsync(request);

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            var diagnostic = Assert.Single(problem.GetProperty("errors").EnumerateArray(), d => d.GetProperty("code").GetString() == "SC007");
            Assert.Equal("/name", diagnostic.GetProperty("pointer").GetString());
            Assert.Contains(reason, diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("text/csv", "metric,date,value\r\nstore.visits,2026-01-05,3\r\nstore.vis\0its,2026-01-06,4\r\n", 3, "metric", "NUL character")]
    [InlineData("application/x-ndjson", "{\"metric\":\"store.visits\",\"date\":\"2026-01-05\",\"value\":3}\n{\"metric\":\"store.visits\",\"date\":\"2026-01-06\",\"value\":4,\"touchpoint\":\"\\ud800\"}\n", 2, "touchpoint", "lone UTF-16 surrogate")]
    [InlineData("application/json", "[{\"metric\":\"store.visits\",\"date\":\"2026-01-05\",\"value\":3},{\"metric\":\"store.visits\",\"date\":\"2026-01-06\\u0000\",\"value\":4}]", 2, "date", "NUL character")]
    [InlineData("application/json", "[{\"metric\":\"store.visits\",\"date\":\"2026-01-05\",\"value\":3},{\"metric\":\"store.visits\",\"\\udc00\":1,\"date\":\"2026-01-06\",\"value\":4}]", 2, null, "column name holds an escaped lone UTF-16 surrogate")]
    public async Task Ingest_UnstorableCell_RefusesTheBatchNamingRowAndColumn(string mediaType, string body, long row, string? column, string reason)
    {
        var tenant = await TenantAsync();

        var response = await TestTenant.Client(api.Factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/observations", UriKind.Relative), new StringContent(body, Encoding.UTF8, mediaType));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(row, error.GetProperty("row").GetInt64());
        Assert.Equal(column, error.GetProperty("column").ValueKind == JsonValueKind.Null ? null : error.GetProperty("column").GetString());
        Assert.Contains(reason, error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // All or nothing: the good row before it was not stored either.
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM observations o JOIN organizations g ON g.id = o.org_id WHERE g.slug = $1", connection)
        {
            Parameters = { new() { Value = tenant.Slug } },
        };
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }
}
