using System.Net;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Testing;

namespace CxRox.Api.Tests.OpenApi;

public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Any change to the API shows up here as a diff to approve, so that API changes are deliberate.</summary>
    [Fact]
    public async Task Document_MatchesApproved()
    {
        var json = await api.CreateClient().GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));

        Approval.VerifyJson(json);
    }

    [Fact]
    public async Task Document_NamesEveryMappedRouteWithSummaryTagAndResponses()
    {
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToList();

        Assert.True(operations.Count >= 15, $"{operations.Count} operations");
        Assert.All(operations, op =>
        {
            Assert.True(op.Operation.TryGetProperty("operationId", out _), $"{op.Method} {op.Path} has no name");
            Assert.True(op.Operation.TryGetProperty("summary", out _), $"{op.Method} {op.Path} has no summary");
            Assert.True(op.Operation.TryGetProperty("tags", out _), $"{op.Method} {op.Path} has no tag");
        });
        var secured = operations.Where(op => op.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        Assert.All(secured, op =>
        {
            Assert.True(op.Operation.TryGetProperty("security", out _), $"{op.Method} {op.Path} names no security scheme");
            var responses = op.Operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), $"{op.Method} {op.Path} does not document 401");
            Assert.True(responses.TryGetProperty("403", out _), $"{op.Method} {op.Path} does not document 403");
        });
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Document_MarksPublicRoutesWithoutSecurity_NamesItsServer_AndHasNoOverlappingPaths()
    {
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().ToList();

        Assert.Equal("/", Assert.Single(document.RootElement.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        Assert.Superset(new HashSet<string> { "/", "/health/live", "/health/ready", "/schemas/scorecard.json" }, paths.Select(p => p.Name).ToHashSet());
        Assert.All(paths.Where(p => !p.Name.StartsWith("/v1/", StringComparison.Ordinal)).SelectMany(p => p.Value.EnumerateObject()), op =>
            Assert.Equal(0, op.Value.GetProperty("security").GetArrayLength()));
        // Two templates are ambiguous when some URL matches both and neither is the more concrete:
        // segment by segment they are equal, or both templated and able to match the same text
        // ("{period}" and "{period}.{format}" both match "latest.html"). A literal segment against
        // a templated one is not ambiguous: OpenAPI matches concrete paths first.
        var templates = paths.Select(p => p.Name).ToList();
        var overlapping = templates.SelectMany((a, i) => templates.Skip(i + 1).Where(b => Overlap(a, b)).Select(b => $"{a} ~ {b}")).ToList();
        Assert.Empty(overlapping);
        Assert.Contains("`Authorization: Bearer <key>`", document.RootElement.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static bool Overlap(string a, string b)
    {
        var left = a.Split('/');
        var right = b.Split('/');
        return left.Length == right.Length && left.Zip(right).All(pair => pair.First == pair.Second
            || (pair.First.Contains('{', StringComparison.Ordinal) && pair.Second.Contains('{', StringComparison.Ordinal)
                && (SegmentPattern(pair.First).IsMatch(Sample(pair.Second)) || SegmentPattern(pair.Second).IsMatch(Sample(pair.First)))));
    }

    // A template segment as a pattern (parameters match one or more characters), and as a sample URL segment (each parameter "x").
    private static System.Text.RegularExpressions.Regex SegmentPattern(string segment) =>
        new("^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(segment), @"\\\{[^}]*}", ".+") + "$");

    private static string Sample(string segment) => System.Text.RegularExpressions.Regex.Replace(segment, "{[^}]*}", "x");

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        var response = await api.CreateClient().GetAsync(new Uri("/swagger/index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScorecardSchema_IsServedAsTheRepositorysSchema()
    {
        var response = await api.CreateClient().GetAsync(new Uri("/schemas/scorecard.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var schemaFile = Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", "scorecard.schema.json");
        Assert.Equal(await File.ReadAllTextAsync(schemaFile), await response.Content.ReadAsStringAsync());
    }
}
