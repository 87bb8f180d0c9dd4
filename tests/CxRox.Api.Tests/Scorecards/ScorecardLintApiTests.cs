using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Scorecards;

/// <summary>
/// Lint warnings (SC100-SC105) never block: validate answers 200 and PUT stores the version, and
/// both carry the warnings beside their usual fields, each with code, pointer and message.
/// </summary>
public sealed class ScorecardLintApiTests(ScorecardLintApiTests.Fixture fixture) : IClassFixture<ScorecardLintApiTests.Fixture>
{
    private const string Slug = "acme";

    // Every lint warning once or more, in document order (engine corpus: lint-warnings.expected.txt).
    private static readonly string[] ExpectedCodes = ["SC103", "SC103", "SC103", "SC105", "SC104", "SC100", "SC101", "SC102"];

    private static string Document => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Broken", "lint-warnings.json"));

    public sealed class Fixture : IAsyncLifetime
    {
        public ApiFixture Api { get; } = new();
        public HttpClient Editor { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Api.InitializeAsync();
            var tenant = await TestTenant.CreateAsync(Api.Factory, await TestTenant.CreateAdminKeyAsync(Api.Factory), Slug);
            Editor = TestTenant.Client(Api.Factory, tenant.Editor);
        }

        public Task DisposeAsync() => Api.DisposeAsync();
    }

    [Fact]
    public async Task Validate_DocumentWithLintWarnings_IsValidAndReturnsThem()
    {
        var response = await fixture.Editor.PostAsync(new Uri($"/v1/organizations/{Slug}/scorecards/validate", UriKind.Relative), TestTenant.Json(Document));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("valid").GetBoolean());
        AssertLintWarnings(body.GetProperty("warnings"));
    }

    [Fact]
    public async Task Put_DocumentWithLintWarnings_IsStoredAndReturnsThem()
    {
        var url = new Uri($"/v1/organizations/{Slug}/scorecards/lint", UriKind.Relative);

        var response = await fixture.Editor.PutAsync(url, TestTenant.Json(Document));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertLintWarnings((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings"));
        var stored = await fixture.Editor.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        AssertLintWarnings((await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings"));
    }

    private static void AssertLintWarnings(JsonElement warnings)
    {
        var items = warnings.EnumerateArray().ToList();
        Assert.Equal(ExpectedCodes, items.Select(w => w.GetProperty("code").GetString()));
        Assert.All(items, w => Assert.Equal("warning", w.GetProperty("severity").GetString()));
        Assert.All(items, w => Assert.StartsWith("/", w.GetProperty("pointer").GetString(), StringComparison.Ordinal));
        Assert.All(items, w => Assert.False(string.IsNullOrWhiteSpace(w.GetProperty("message").GetString())));
        var pctChange = items.Single(w => w.GetProperty("code").GetString() == "SC104");
        Assert.Equal("/rules/0/when", pctChange.GetProperty("pointer").GetString());
        Assert.Equal(19, pctChange.GetProperty("expressionColumn").GetInt32());
    }
}
