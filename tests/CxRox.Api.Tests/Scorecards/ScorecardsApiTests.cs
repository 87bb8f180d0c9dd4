using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Scorecards;

public sealed class ScorecardsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string ScorecardId = "stores";

    /// <summary>The retail sample, addressed to <paramref name="slug"/>, byte for byte otherwise.</summary>
    public static string Sample(string slug, string id = ScorecardId, string? name = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", "retail.scorecard.json"))
            .Replace("\"organization\": \"northwind-fashion\"", $"\"organization\": \"{slug}\"", StringComparison.Ordinal)
            .Replace("\"id\": \"northwind-fashion-stores\"", $"\"id\": \"{id}\"", StringComparison.Ordinal);
        return name is null ? text : text.Replace("\"name\": \"Northwind Fashion: stores and app\"", $"\"name\": \"{name}\"", StringComparison.Ordinal);
    }

    private async Task<(TestTenant Tenant, HttpClient Editor)> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10]);
        return (tenant, TestTenant.Client(api.Factory, tenant.Editor));
    }

    private static Uri Url(TestTenant tenant, string path = "") => new($"/v1/organizations/{tenant.Slug}/scorecards/{ScorecardId}{path}", UriKind.Relative);

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, TestTenant tenant, string document, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Url(tenant)) { Content = TestTenant.Json(document) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Put_New_Answers201WithETagLocationAndKeepsTheExactBytes()
    {
        var (tenant, editor) = await TenantAsync();
        // Odd but valid formatting that a re-serialization would lose.
        var document = Sample(tenant.Slug).Replace("\"schemaVersion\": 1,", "\"schemaVersion\":    1 ,", StringComparison.Ordinal);

        var response = await PutAsync(editor, tenant, document);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
        Assert.Equal($"/v1/organizations/{tenant.Slug}/scorecards/{ScorecardId}", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("Northwind Fashion: stores and app", body.GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document))), body.GetProperty("contentHash").GetString());
        var stored = await editor.GetStringAsync(Url(tenant, "/versions/1/document"));
        Assert.Equal(document, stored);
    }

    [Fact]
    public async Task Put_ExistingWithoutIfMatch_Answers428AndKeepsVersion1()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));

        var response = await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Changed"));

        var problem = await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)428);
        Assert.Equal("\"v1\"", problem.GetProperty("currentETag").GetString());
    }

    /// <summary>
    /// The previous build's projection kept a summary of every version; migration 019 turns it
    /// into where each version's event is, and every version reads as before.
    /// </summary>
    [Fact]
    public async Task AProjectionWithVersionSummaries_ConvertedByItsMigration_StillFindsEveryVersion()
    {
        var (tenant, editor) = await TenantAsync();
        var documents = new[] { Sample(tenant.Slug), Sample(tenant.Slug, name: "Second"), Sample(tenant.Slug, name: "Third") };
        var etag = (await PutAsync(editor, tenant, documents[0])).Headers.ETag!.ToString();
        etag = (await PutAsync(editor, tenant, documents[1], etag)).Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(editor, tenant, documents[2], etag)).StatusCode);
        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        // The previous build's shape: a summary per version, holding its event's stream version.
        await using (var back = new Npgsql.NpgsqlCommand(
            """
            UPDATE mt_doc_currentscorecard d SET data = (data - 'versionEvents') || jsonb_build_object('versions', (
                SELECT jsonb_agg(jsonb_build_object('version', e.n, 'streamVersion', e.stream_version, 'name', 'v' || e.n) ORDER BY e.n DESC)
                FROM jsonb_array_elements(d.data->'versionEvents') WITH ORDINALITY AS e(stream_version, n)))
            WHERE d.id = 'stores' AND d.tenant_id = (SELECT id::text FROM organizations WHERE slug = $1)
            """, connection) { Parameters = { new() { Value = tenant.Slug } } })
        {
            Assert.Equal(1, await back.ExecuteNonQueryAsync());
        }
        var migration = Assert.Single(CxRox.Api.Storage.Migrations.Migration.Embedded(), m => m.Version == 19);
        await using (var convert = new Npgsql.NpgsqlCommand(migration.Sql, connection))
        {
            await convert.ExecuteNonQueryAsync();
        }

        for (var version = 1; version <= 3; version++)
        {
            Assert.Equal(documents[version - 1], await editor.GetStringAsync(Url(tenant, $"/versions/{version}/document")));
        }
        var versions = await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions")) ?? [];
        Assert.Equal([1, 2, 3], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync(Url(tenant, "/versions/4/document"))).StatusCode);
    }

    [Fact]
    public async Task Put_WithCurrentETag_AddsVersion2_AndGetShowsIt()
    {
        var (tenant, editor) = await TenantAsync();
        var created = await PutAsync(editor, tenant, Sample(tenant.Slug));

        var replaced = await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Stores, second cut"), created.Headers.ETag!.ToString());
        var current = await editor.GetAsync(Url(tenant));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("\"v2\"", replaced.Headers.ETag?.ToString());
        Assert.Equal("\"v2\"", current.Headers.ETag?.ToString());
        var body = await current.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("Stores, second cut", body.GetProperty("document").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("\"v1\"")]
    [InlineData("W/\"v2\"")]
    [InlineData("\"garbage\"")]
    public async Task Put_WithStaleOrWeakETag_Answers412AndLosesNothing(string ifMatch)
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Second"), first.Headers.ETag!.ToString());

        var response = await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Lost update"), ifMatch);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"v2\"", problem.GetProperty("currentETag").GetString());
        var current = await editor.GetFromJsonAsync<JsonElement>(Url(tenant));
        Assert.Equal("Second", current.GetProperty("name").GetString());
        Assert.Equal(2, current.GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task Put_IfMatchOnMissingScorecard_Answers412()
    {
        var (tenant, editor) = await TenantAsync();

        var response = await PutAsync(editor, tenant, Sample(tenant.Slug), "\"v1\"");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Put_IfNoneMatchAnyOnExistingScorecard_Answers412()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));
        var request = new HttpRequestMessage(HttpMethod.Put, Url(tenant)) { Content = TestTenant.Json(Sample(tenant.Slug, name: "Create only")) };
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");

        var response = await editor.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Put_SameDocumentAgain_AddsNoVersion()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));

        var again = await PutAsync(editor, tenant, Sample(tenant.Slug), first.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("\"v1\"", again.Headers.ETag?.ToString());
        Assert.Single(await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions")) ?? []);
    }

    [Fact]
    public async Task Put_SameContentLaidOutAnotherWay_AddsNoVersion_AndAnswersTheCurrentOne()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        var original = await first.Content.ReadFromJsonAsync<JsonElement>();
        // Other whitespace and another member order: the same scorecard.
        var relaidOut = Sample(tenant.Slug)
            .Replace("\"schemaVersion\": 1,", "\"schemaVersion\":1 ,", StringComparison.Ordinal)
            .Replace("\n", "\n  ", StringComparison.Ordinal);
        var node = System.Text.Json.Nodes.JsonNode.Parse(relaidOut)!.AsObject();
        var reordered = new System.Text.Json.Nodes.JsonObject(node.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        var again = await PutAsync(editor, tenant, relaidOut, first.Headers.ETag!.ToString());
        var reorderedAgain = await PutAsync(editor, tenant, reordered.ToJsonString(), first.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reorderedAgain.StatusCode);
        Assert.Equal("\"v1\"", reorderedAgain.Headers.ETag?.ToString());
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(original.GetProperty("contentHash").GetString(), body.GetProperty("contentHash").GetString());
        Assert.Single(await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions")) ?? []);
        Assert.Equal(Sample(tenant.Slug), await editor.GetStringAsync(Url(tenant, "/versions/1/document")));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"v1\", *")]
    public async Task Put_IfMatchAny_Answers428AndStoresNothing(string ifMatch)
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));

        var response = await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Blind overwrite"), ifMatch);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionRequired);
        Assert.Contains("ETag of the version you read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var versions = await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions"));
        Assert.Single(versions!);
    }

    [Fact]
    public async Task ConcurrentPuts_WithIfMatchAny_NoneWins()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => PutAsync(TestTenant.Client(api.Factory, tenant.Editor), tenant, Sample(tenant.Slug, name: $"Writer {i}"), "*")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.PreconditionRequired, r.StatusCode));
        var versions = await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions"));
        Assert.Single(versions!);
    }

    [Fact]
    public async Task TwentyConcurrentPuts_WithSameETag_ExactlyOneWins_TheOthersGet412WithTheNewETag()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        var etag = first.Headers.ETag!.ToString();

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(i => PutAsync(TestTenant.Client(api.Factory, tenant.Editor), tenant, Sample(tenant.Slug, name: $"Writer {i}"), etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(19, refused.Count);
        foreach (var response in refused)
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
            Assert.Equal("\"v2\"", problem.GetProperty("currentETag").GetString());
        }
        var versions = await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions"));
        Assert.Equal(2, versions!.Length);
    }

    [Fact]
    public async Task History_ListsVersionsOldestFirst_AndAnyVersionCanBeRead()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Second"), first.Headers.ETag!.ToString());

        var versions = await editor.GetFromJsonAsync<JsonElement[]>(Url(tenant, "/versions"));
        var version1 = await editor.GetFromJsonAsync<JsonElement>(Url(tenant, "/versions/1"));
        var missing = await editor.GetAsync(Url(tenant, "/versions/9"));

        Assert.Equal([1, 2], versions!.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["Northwind Fashion: stores and app", "Second"], versions!.Select(v => v.GetProperty("name").GetString()));
        Assert.Equal("Northwind Fashion: stores and app", version1.GetProperty("document").GetProperty("name").GetString());
        Assert.Equal(2, version1.GetProperty("currentVersion").GetInt32());
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Diff_TwoVersions_ListsChangesPathByPath()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        var changed = Sample(tenant.Slug, name: "Second")
            .Replace("\"timezone\": \"Europe/Warsaw\",", "\"timezone\": \"Europe/Berlin\",", StringComparison.Ordinal);
        await PutAsync(editor, tenant, changed, first.Headers.ETag!.ToString());

        var diff = await editor.GetFromJsonAsync<JsonElement>(Url(tenant, "/diff?from=1&to=2"));

        var changes = diff.GetProperty("changes").EnumerateArray().Select(c => (
            c.GetProperty("path").GetString(), c.GetProperty("op").GetString(), c.GetProperty("from").GetString(), c.GetProperty("to").GetString()));
        Assert.Equal([("/name", "changed", "Northwind Fashion: stores and app", "Second"), ("/timezone", "changed", "Europe/Warsaw", "Europe/Berlin")], changes);
    }

    [Fact]
    public async Task Diff_MetricInsertedAndAnotherMovedAndEdited_MatchesByIdWithPointersIntoEachVersion()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        var edited = JsonNode.Parse(Sample(tenant.Slug))!;
        var metrics = edited["metrics"]!.AsArray();
        var nps = metrics[0]!;
        metrics.RemoveAt(0);
        nps["weight"] = 4;
        metrics.Add(nps);
        metrics.Insert(5, JsonNode.Parse("""
            {"id": "returns_requested", "name": "Returns requested", "pillar": "cx", "unit": "count", "direction": "lower",
             "observation": {"key": "service.returns_requested", "aggregate": "sum"}}
            """));
        var second = await PutAsync(editor, tenant, edited.ToJsonString(), first.Headers.ETag!.ToString());

        var diff = await editor.GetFromJsonAsync<JsonElement>(Url(tenant, "/diff?from=1&to=2"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var changes = diff.GetProperty("changes").EnumerateArray().ToList();
        var last = $"/metrics/{metrics.Count - 1}";
        Assert.Equal(
            ["added /metrics/5 · -> /metrics/5", $"moved {last} /metrics/0 -> {last}", $"changed {last}/weight /metrics/0/weight -> {last}/weight"],
            changes.Select(c => $"{c.GetProperty("op").GetString()} {c.GetProperty("path").GetString()} {Pointer(c, "fromPath")} -> {Pointer(c, "toPath")}"));
        Assert.Equal("returns_requested", changes[0].GetProperty("to").GetProperty("id").GetString());
        Assert.False(changes[1].TryGetProperty("from", out _) || changes[1].TryGetProperty("to", out _), "a move carries no values");
        Assert.Equal((3, 4), (changes[2].GetProperty("from").GetInt32(), changes[2].GetProperty("to").GetInt32()));

        static string Pointer(JsonElement change, string name) => change.TryGetProperty(name, out var pointer) ? pointer.GetString()! : "·";
    }

    [Fact]
    public async Task Diff_MissingVersion_Answers404()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));

        await ProblemAssert.IsProblemAsync(await editor.GetAsync(Url(tenant, "/diff?from=1&to=5")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Diff_WithoutVersions_Answers400()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));

        await ProblemAssert.IsProblemAsync(await editor.GetAsync(Url(tenant, "/diff?from=1")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Archive_HidesFromListAndBlocksReplace_RestoreUndoes()
    {
        var (tenant, editor) = await TenantAsync();
        var first = await PutAsync(editor, tenant, Sample(tenant.Slug));
        var list = new Uri($"/v1/organizations/{tenant.Slug}/scorecards", UriKind.Relative);

        var archived = await editor.PostAsync(Url(tenant, "/archive"), content: null);
        var listed = await editor.GetFromJsonAsync<JsonElement[]>(list);
        var listedAll = await editor.GetFromJsonAsync<JsonElement[]>($"/v1/organizations/{tenant.Slug}/scorecards?includeArchived=true");
        var blocked = await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Second"), first.Headers.ETag!.ToString());
        var restored = await editor.PostAsync(Url(tenant, "/restore"), content: null);
        var replaced = await PutAsync(editor, tenant, Sample(tenant.Slug, name: "Second"), first.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Empty(listed!);
        Assert.Equal(JsonValueKind.String, Assert.Single(listedAll!).GetProperty("archivedAt").ValueKind);
        await ProblemAssert.IsProblemAsync(blocked, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Single((await editor.GetFromJsonAsync<JsonElement[]>(list))!);
    }

    [Fact]
    public async Task Get_MissingScorecard_Answers404()
    {
        var (tenant, editor) = await TenantAsync();

        await ProblemAssert.IsProblemAsync(await editor.GetAsync(Url(tenant)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await editor.PostAsync(Url(tenant, "/archive"), null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reader_ReadsButEditorWrites()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));
        var reader = TestTenant.Client(api.Factory, tenant.Reader);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Url(tenant))).StatusCode);
        await ProblemAssert.IsProblemAsync(await reader.PostAsync(Url(tenant, "/archive"), null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListedScorecard_CarriesCurrentVersionAndETag()
    {
        var (tenant, editor) = await TenantAsync();
        await PutAsync(editor, tenant, Sample(tenant.Slug));

        var list = await editor.GetFromJsonAsync<JsonElement[]>($"/v1/organizations/{tenant.Slug}/scorecards");

        var item = Assert.Single(list!);
        Assert.Equal(ScorecardId, item.GetProperty("id").GetString());
        Assert.Equal("\"v1\"", item.GetProperty("etag").GetString());
    }
}
