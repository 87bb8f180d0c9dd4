using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Scores;

/// <summary>The consultant's loop: edit, preview on the stored data, put. A preview stores nothing.</summary>
public sealed class PreviewTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> PreviewAsync(ScoresTenant tenant, string query, string? draft = null, string? key = null)
    {
        var client = TestTenant.Client(api.Factory, key ?? tenant.Tenant.Editor);
        var response = await client.PostAsync(new Uri($"{tenant.ScorecardPath}/preview{query}", UriKind.Relative), draft is null ? null : TestTenant.Json(draft));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<long> CountAsync(string table, ScoresTenant tenant)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM {table} t JOIN organizations o ON o.id = t.org_id WHERE o.slug = $1", connection)
        {
            Parameters = { new() { Value = tenant.Slug } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Range(ScoresTenant tenant) => $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}";

    private static double? MetricValue(JsonElement period, string id)
    {
        var metric = period.GetProperty("scores").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        return metric.GetProperty("value") is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;
    }

    [Fact]
    public async Task PreviewOfTheStoredVersion_GivesWhatARecomputeStores_AndStoresNothing()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 2);

        var (status, preview) = await PreviewAsync(tenant, Range(tenant));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, preview.GetProperty("version").GetInt32());
        var periods = preview.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(2, periods.Count);
        Assert.All(periods, p => Assert.Equal(JsonValueKind.Array, p.GetProperty("trace").ValueKind));
        Assert.Equal(0, await CountAsync("score_snapshots", tenant));
        Assert.Equal(0, await CountAsync("score_jobs", tenant));

        await tenant.RecomputeAsync(api.Factory, Range(tenant));
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var stored = new NpgsqlCommand(
            "SELECT s.result->'metrics' FROM score_snapshots s JOIN organizations o ON o.id = s.org_id WHERE o.slug = $1 ORDER BY period_start", connection)
        {
            Parameters = { new() { Value = tenant.Slug } },
        };
        var i = 0;
        await using var reader = await stored.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var storedMetrics = JsonNode.Parse(reader.GetString(0))!;
            var previewed = JsonNode.Parse(periods[i++].GetProperty("scores").GetProperty("metrics").GetRawText())!;
            Assert.True(JsonNode.DeepEquals(storedMetrics, previewed), $"period {i}: the preview and the snapshot differ");
        }
        Assert.Equal(2, i);
    }

    [Fact]
    public async Task PreviewOfADraft_ScoresTheDraftOnTheStoredData_WithoutStoringAVersion()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var (_, stored) = await PreviewAsync(tenant, Range(tenant));
        var storedDocument = await (await TestTenant.Client(api.Factory, tenant.Tenant.Reader)
            .GetAsync(new Uri($"{tenant.ScorecardPath}/versions/1/document", UriKind.Relative))).Content.ReadAsStringAsync();
        var draft = JsonNode.Parse(storedDocument)!;
        var nps = draft["metrics"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "nps")!;
        nps["target"] = 1000;

        var (status, preview) = await PreviewAsync(tenant, Range(tenant), draft.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("version").ValueKind);
        var draftPeriod = preview.GetProperty("periods")[0];
        var storedPeriod = stored.GetProperty("periods")[0];
        Assert.NotNull(MetricValue(storedPeriod, "nps"));
        Assert.Equal(MetricValue(storedPeriod, "nps"), MetricValue(draftPeriod, "nps"));
        var score = (JsonElement p) => p.GetProperty("scores").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "nps").GetProperty("score").GetDouble();
        Assert.True(score(draftPeriod) < score(storedPeriod), "a far higher target must lower the score");
        var versions = await (await TestTenant.Client(api.Factory, tenant.Tenant.Reader)
            .GetAsync(new Uri($"{tenant.ScorecardPath}/versions", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Single(JsonDocument.Parse(versions).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task PreviewOfAnInvalidDraft_Is422WithEveryDiagnostic()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var draft = ScorecardsApiSample(tenant).Replace("\"direction\": \"higher\"", "\"direction\": \"upwards\"", StringComparison.Ordinal);

        var (status, problem) = await PreviewAsync(tenant, "", draft);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.NotEmpty(problem.GetProperty("errors").EnumerateArray());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("pointer").GetString()!.EndsWith("/direction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PreviewOfADraftWhoseRulesNeverSettle_Is422NamingTheRules()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var draft = JsonNode.Parse(ScorecardsApiSample(tenant))!;
        draft["rules"]!.AsArray().Add(JsonNode.Parse("""{ "id": "soften", "name": "Soften", "when": "status(csat) == red", "then": [{ "setStatus": { "metric": "csat", "status": "green", "reason": "Softened" } }] }"""));
        draft["rules"]!.AsArray().Add(JsonNode.Parse("""{ "id": "harden", "name": "Harden", "when": "status(csat) != red", "then": [{ "setStatus": { "metric": "csat", "status": "red", "reason": "Hardened" } }] }"""));

        var (status, problem) = await PreviewAsync(tenant, Range(tenant), draft.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("harden", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WithADraftAndAVersion_Is400_AndForAReaderKey_Is403()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);

        var (both, _) = await PreviewAsync(tenant, "?version=1", ScorecardsApiSample(tenant));
        var (reader, _) = await PreviewAsync(tenant, "", key: tenant.Tenant.Reader);

        Assert.Equal(HttpStatusCode.BadRequest, both);
        Assert.Equal(HttpStatusCode.Forbidden, reader);
    }

    private static string ScorecardsApiSample(ScoresTenant tenant) => Scorecards.ScorecardsApiTests.Sample(tenant.Slug, tenant.ScorecardId);
}
