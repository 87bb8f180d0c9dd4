using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Scorecards;

/// <summary>
/// Every way a document can be wrong reaches the client: the engine's whole broken-scorecard
/// corpus is sent through PUT and each answer must carry exactly the diagnostics the corpus
/// expects, with code, severity, pointer, line, column, message and excerpt.
/// </summary>
public sealed class ScorecardValidationTests(ScorecardValidationTests.Fixture fixture) : IClassFixture<ScorecardValidationTests.Fixture>
{
    // The corpus documents belong to organization "acme" and are mostly scorecard "acme".
    private const string Slug = "acme";

    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "Broken");

    public static TheoryData<string> Cases =>
        new(Directory.GetFiles(CorpusDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    public sealed class Fixture : IAsyncLifetime
    {
        public ApiFixture Api { get; } = new();
        public TestTenant Tenant { get; private set; } = null!;
        public HttpClient Editor { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Api.InitializeAsync();
            Tenant = await TestTenant.CreateAsync(Api.Factory, await TestTenant.CreateAdminKeyAsync(Api.Factory), Slug);
            Editor = TestTenant.Client(Api.Factory, Tenant.Editor);
        }

        public Task DisposeAsync() => Api.DisposeAsync();
    }

    [Fact]
    public void Corpus_IsThere() => Assert.True(Cases.Count >= 30, $"{Cases.Count} cases in {CorpusDirectory}");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Put_BrokenScorecard_AnswersEveryDiagnosticTheEngineReports(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, name + ".json"));
        var expected = File.ReadAllLines(Path.Combine(CorpusDirectory, name + ".expected.txt")).Where(line => !line.StartsWith('#')).ToList();
        var id = IdOf(bytes) ?? "broken";

        var url = new Uri($"/v1/organizations/{Slug}/scorecards/{Uri.EscapeDataString(id)}", UriKind.Relative);
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } } };
        // Documents with warnings only are stored; several share an id, so replace whatever an earlier case stored.
        if ((await fixture.Editor.GetAsync(url)).Headers.ETag is { } current)
        {
            request.Headers.IfMatch.Add(current);
        }

        var response = await fixture.Editor.SendAsync(request);

        if (expected.Any(line => line.Contains(" error ", StringComparison.Ordinal)))
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(expected, Render(problem.GetProperty("errors")));
        }
        else
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(expected, Render(body.GetProperty("warnings")));
        }
    }

    [Fact]
    public async Task Put_DocumentOfAnotherOrganization_Answers422PointingAtOrganization()
    {
        var document = ScorecardsApiTests.Sample("globex", "stores");

        var response = await fixture.Editor.PutAsync(new Uri($"/v1/organizations/{Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(document));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("API001", error.GetProperty("code").GetString());
        Assert.Equal("/organization", error.GetProperty("pointer").GetString());
        var line = document.Split('\n').Select((text, i) => (text, i)).First(l => l.text.Contains("\"organization\"", StringComparison.Ordinal));
        Assert.Equal(line.i + 1, error.GetProperty("line").GetInt32());
        Assert.Equal(line.text.IndexOf("\"globex\"", StringComparison.Ordinal) + 1, error.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Put_DocumentWithAnotherId_Answers422PointingAtId()
    {
        var response = await fixture.Editor.PutAsync(
            new Uri($"/v1/organizations/{Slug}/scorecards/other", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(Slug, "stores")));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("API002", error.GetProperty("code").GetString());
        Assert.Equal("/id", error.GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task Put_NotUtf8_Answers422()
    {
        var bytes = Encoding.UTF8.GetBytes(ScorecardsApiTests.Sample(Slug, "stores")).Append((byte)0xFF).ToArray();

        var response = await fixture.Editor.PutAsync(new Uri($"/v1/organizations/{Slug}/scorecards/stores", UriKind.Relative),
            new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("API003", problem.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Put_NotJson_Answers415(string mediaType)
    {
        var response = await fixture.Editor.PutAsync(new Uri($"/v1/organizations/{Slug}/scorecards/stores", UriKind.Relative),
            new StringContent(ScorecardsApiTests.Sample(Slug, "stores"), Encoding.UTF8, mediaType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Validate_ValidDocument_Answers200AndStoresNothing()
    {
        var response = await fixture.Editor.PostAsync(
            new Uri($"/v1/organizations/{Slug}/scorecards/validate", UriKind.Relative), TestTenant.Json(ScorecardsApiTests.Sample(Slug, "validated-only")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal("validated-only", body.GetProperty("id").GetString());
        await ProblemAssert.IsProblemAsync(
            await fixture.Editor.GetAsync(new Uri($"/v1/organizations/{Slug}/scorecards/validated-only", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    /// <summary>The organization (Europe/Warsaw) decides periods; a scorecard naming another zone is told so, and still valid (a draft previewed too).</summary>
    [Fact]
    public async Task ValidatePutAndPreview_ScorecardInAnotherZoneThanTheOrganization_WarnAPI004AtItsTimezone()
    {
        var document = ScorecardsApiTests.Sample(Slug, "new-york-periods")
            .Replace("\"timezone\": \"Europe/Warsaw\",", "\"timezone\": \"America/New_York\",", StringComparison.Ordinal);

        var validated = await fixture.Editor.PostAsync(new Uri($"/v1/organizations/{Slug}/scorecards/validate", UriKind.Relative), TestTenant.Json(document));
        var stored = await fixture.Editor.PutAsync(new Uri($"/v1/organizations/{Slug}/scorecards/new-york-periods", UriKind.Relative), TestTenant.Json(document));
        var previewed = await fixture.Editor.PostAsync(new Uri($"/v1/organizations/{Slug}/scorecards/new-york-periods/preview", UriKind.Relative), TestTenant.Json(document));

        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        foreach (var body in new[]
        {
            await validated.Content.ReadFromJsonAsync<JsonElement>(), await stored.Content.ReadFromJsonAsync<JsonElement>(), await previewed.Content.ReadFromJsonAsync<JsonElement>(),
        })
        {
            var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "API004");
            Assert.Equal(("/timezone", "warning", 9), (warning.GetProperty("pointer").GetString(), warning.GetProperty("severity").GetString(), warning.GetProperty("line").GetInt32()));
            Assert.Contains("start and end in the organization's zone, 'Europe/Warsaw'", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Europe/Warsaw")]
    [InlineData("Poland")]
    public async Task Validate_ScorecardInTheOrganizationsZoneOrALinkToIt_HasNoZoneWarning(string zone)
    {
        var document = ScorecardsApiTests.Sample(Slug, "warsaw-periods")
            .Replace("\"timezone\": \"Europe/Warsaw\",", $"\"timezone\": \"{zone}\",", StringComparison.Ordinal);

        var response = await fixture.Editor.PostAsync(new Uri($"/v1/organizations/{Slug}/scorecards/validate", UriKind.Relative), TestTenant.Json(document));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(body.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "API004");
    }

    [Fact]
    public async Task Validate_InvalidDocument_Answers422WithDiagnostics()
    {
        var response = await fixture.Editor.PostAsync(new Uri($"/v1/organizations/{Slug}/scorecards/validate", UriKind.Relative), TestTenant.Json("{\"schemaVersion\": 1}"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("code").GetString()));
            Assert.True(e.GetProperty("line").GetInt32() >= 1);
            Assert.True(e.GetProperty("column").GetInt32() >= 1);
            Assert.NotNull(e.GetProperty("pointer").GetString());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
        });
    }

    /// <summary>The lines the engine's corpus uses: "line:column severity code pointer: message", then the excerpt indented.</summary>
    private static List<string> Render(JsonElement diagnostics)
    {
        var lines = new List<string>();
        foreach (var d in diagnostics.EnumerateArray())
        {
            var pointer = d.GetProperty("pointer").GetString();
            lines.Add($"{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()} {d.GetProperty("severity").GetString()} "
                + $"{d.GetProperty("code").GetString()} {(string.IsNullOrEmpty(pointer) ? "/" : pointer)}: {d.GetProperty("message").GetString()}");
            if (d.TryGetProperty("excerpt", out var excerpt))
            {
                lines.AddRange(excerpt.GetString()!.Split('\n').Select(line => $"    | {line}"));
            }
        }
        return lines;
    }

    private static string? IdOf(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
