using System.Net;
using System.Text.RegularExpressions;
using CxRox.Api.Auth;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Tenancy;

/// <summary>
/// Tenant isolation over the application's whole route table: every route with an {org}
/// parameter is called for organization B, with B's real ids filled in, by a key of organization
/// A with the role the route needs, and must answer 404 and change nothing. A route added later
/// that is missing from <see cref="Requests"/> fails the test by name, so nobody adds one without
/// deciding how to prove its isolation.
/// </summary>
public sealed partial class TenantIsolationTests(LoopbackWebhooksFixture api) : IClassFixture<LoopbackWebhooksFixture>
{
    private const string ScorecardId = "stores";

    /// <summary>Per route (method and pattern): query string and body to send. {placeholders} are filled from B's data.</summary>
    private static readonly Dictionary<string, (string Query, string? Body)> Requests = new()
    {
        ["GET /v1/organizations/{org}"] = ("", null),
        ["POST /v1/organizations/{org}/api-keys"] = ("", """{"name": "intruder", "role": "editor"}"""),
        ["GET /v1/organizations/{org}/api-keys"] = ("", null),
        ["DELETE /v1/organizations/{org}/api-keys/{keyId:guid}"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards"] = ("?includeArchived=true", null),
        ["POST /v1/organizations/{org}/scorecards/validate"] = ("", "{document}"),
        ["PUT /v1/organizations/{org}/scorecards/{scorecardId}"] = ("", "{document}"),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/versions"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/versions/{version:int}"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/versions/{version:int}/document"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/diff"] = ("?from=1&to=1", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/history"] = ("", null),
        ["POST /v1/organizations/{org}/scorecards/{scorecardId}/archive"] = ("", null),
        ["POST /v1/organizations/{org}/scorecards/{scorecardId}/restore"] = ("", null),
        ["POST /v1/organizations/{org}/data/observations"] = ("", """[{"metric": "intruder", "date": "2026-01-01", "value": 1}]"""),
        ["POST /v1/organizations/{org}/data/survey-answers"] = ("", """[{"answerId": "intruder", "survey": "s", "question": "q", "answeredAt": "2026-01-01T00:00:00Z", "score": 1}]"""),
        ["POST /v1/organizations/{org}/data/answer-histograms/rebuild"] = ("", null),
        ["DELETE /v1/organizations/{org}/data"] = ("?from=2026-01-01&to=2026-01-31", null),
        ["GET /v1/organizations/{org}/data/aggregates"] = ($"?scorecard={ScorecardId}&from=2026-01-01&to=2026-03-31", null),
        ["POST /v1/organizations/{org}/scorecards/{scorecardId}/preview"] = ("?from=2026-01-01&to=2026-01-31", null),
        ["POST /v1/organizations/{org}/scorecards/{scorecardId}/recompute"] = ("?from=2026-01-01&to=2026-01-31", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores/latest"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores/latest/full"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores/latest/findings"] = ("?version=1", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores/{date}"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores/{date}/full"] = ("?version=1", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores/{date}/findings"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores"] = ("?from=2026-01-01&to=2026-03-31&pillar=cx&limit=1", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores.csv"] = ("?from=2026-01-01", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/scores.ndjson"] = ("?status=red", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/summaries"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/summaries/{period}"] = ("", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/summaries/{period}.{format}"] = ("", null),
        ["GET /v1/organizations/{org}/jobs"] = ($"?scorecard={ScorecardId}", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/schedule"] = ("", null),
        ["PUT /v1/organizations/{org}/scorecards/{scorecardId}/schedule"] = ("", """{"recompute": "0 3 * * *", "summary": null, "timeZone": "UTC"}"""),
        ["POST /v1/organizations/{org}/scorecards/{scorecardId}/schedule/run-now"] = ("?kind=recompute", null),
        ["GET /v1/organizations/{org}/scorecards/{scorecardId}/schedule/runs"] = ("", null),
        ["GET /v1/organizations/{org}/jobs/{jobId:guid}"] = ("", null),
        ["PUT /v1/organizations/{org}/webhook"] = ("", """{"url": "https://intruder.example/hook", "rotateSecret": true}"""),
        ["GET /v1/organizations/{org}/webhook"] = ("", null),
        ["DELETE /v1/organizations/{org}/webhook"] = ("", null),
        ["POST /v1/organizations/{org}/webhook/test"] = ("", null),
        ["GET /v1/organizations/{org}/webhook/deliveries"] = ("?limit=10", null),
    };

    private sealed record Route(string Key, string Method, string Pattern, string? Policy);

    private List<Route> OrganizationRoutes()
    {
        api.CreateClient(); // starts the application, so that its endpoints are built
        return api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.GetParameter(OrganizationScope.RouteParameter) is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(method =>
            {
                var pattern = "/" + e.RoutePattern.RawText!.Trim('/');
                return new Route($"{method} {pattern}", method, pattern, e.Metadata.GetOrderedMetadata<IAuthorizeData>() is { Count: > 0 } authorize ? authorize[^1].Policy : null);
            }))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void EveryOrganizationRoute_IsInTheTable_AndTheTableHasNoStaleRoutes()
    {
        var routes = OrganizationRoutes().Select(r => r.Key).ToList();

        var missing = routes.Except(Requests.Keys).ToList();
        var stale = Requests.Keys.Except(routes).ToList();

        Assert.True(missing.Count == 0, "Routes with {org} that the isolation table does not cover (add them to Requests): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Routes in the isolation table that the application no longer has: " + string.Join(", ", stale));
    }

    [Fact]
    public void EveryV1Route_NeedsAKey()
    {
        api.CreateClient();
        var open = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => e.DisplayName)
            .ToList();

        Assert.True(open.Count == 0, "Routes under /v1 without RequireAuthorization: " + string.Join(", ", open));
    }

    [Fact]
    public async Task EveryOrganizationRoute_WithAKeyOfAnotherOrganization_Answers404AndChangesNothing()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var a = await TestTenant.CreateAsync(api.Factory, admin, "tenant-a");
        var b = await TestTenant.CreateAsync(api.Factory, admin, "tenant-b");
        var bDocument = ScorecardsApiTests.Sample(b.Slug, ScorecardId);
        var created = await TestTenant.Client(api.Factory, b.Editor).PutAsync(
            new Uri($"/v1/organizations/{b.Slug}/scorecards/{ScorecardId}", UriKind.Relative), TestTenant.Json(bDocument));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var recompute = await TestTenant.Client(api.Factory, b.Editor).PostAsync(
            new Uri($"/v1/organizations/{b.Slug}/scorecards/{ScorecardId}/recompute?from=2026-01-01&to=2026-01-31", UriKind.Relative), null);
        // B's scores exist before the loops, so that the score reads by B's own keys find them.
        var bJob = await Scores.ScoresTenant.WaitForJobAsync(api.Factory, b.Reader, recompute.Headers.Location!);
        Assert.Equal("succeeded", bJob.GetProperty("status").GetString());
        // B's webhook exists, so that B's own keys find it; a ping to it fails at once (nothing listens on port 9).
        var bWebhook = await TestTenant.Client(api.Factory, b.Editor).PutAsync(
            new Uri($"/v1/organizations/{b.Slug}/webhook", UriKind.Relative), TestTenant.Json("""{"url": "http://127.0.0.1:9/hook"}"""));
        Assert.Equal(HttpStatusCode.Created, bWebhook.StatusCode);
        var fill = new Dictionary<string, string>
        {
            ["jobId"] = bJob.GetProperty("id").GetString()!,
            ["org"] = b.Slug,
            ["scorecardId"] = ScorecardId,
            ["version"] = "1",
            ["keyId"] = b.ReaderKeyId.ToString(),
            ["date"] = "2026-01-15",
            // The recompute of January wrote its summary.
            ["period"] = "2026-01-15",
            ["format"] = "html",
        };
        var routes = OrganizationRoutes().Where(r => Requests.ContainsKey(r.Key)).ToList();
        Assert.NotEmpty(routes);

        var failures = new List<string>();
        foreach (var route in routes)
        {
            // An admin key reaches every organization; for an admin-only route, A's strongest key tries.
            var role = route.Policy is null or Policies.Admin ? Roles.Editor : route.Policy;
            var response = await SendAsync(TestTenant.Client(api.Factory, a.KeyFor(role)), route, fill, bDocument);
            if (response.StatusCode != HttpStatusCode.NotFound || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{route.Key} with A's {role} key answered {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Nothing of B changed: its scorecard is at version 1 and not archived, its reader key works.
        var bReader = TestTenant.Client(api.Factory, b.Reader);
        var scorecard = await bReader.GetAsync(new Uri($"/v1/organizations/{b.Slug}/scorecards/{ScorecardId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scorecard.StatusCode);
        Assert.Equal("\"v1\"", scorecard.Headers.ETag?.ToString());
        Assert.DoesNotContain("\"archivedAt\":\"", await scorecard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var webhook = await TestTenant.Client(api.Factory, b.Editor).GetAsync(new Uri($"/v1/organizations/{b.Slug}/webhook", UriKind.Relative));
        Assert.Contains("\"url\":\"http://127.0.0.1:9/hook\",\"enabled\":true", await webhook.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same requests by B's own keys find what they ask for, so the 404s above were not about missing data.
        foreach (var route in routes)
        {
            var key = route.Policy is null or Policies.Admin ? admin : b.KeyFor(route.Policy);
            var response = await SendAsync(TestTenant.Client(api.Factory, key), route, fill, bDocument);
            Assert.True(response.StatusCode != HttpStatusCode.NotFound, $"{route.Key} for B's own key answered 404: the fill-in does not exist");
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Route route, Dictionary<string, string> fill, string document)
    {
        var (query, body) = Requests[route.Key];
        // A segment may hold several parameters ({period}.{format}).
        var path = RouteParameter().Replace(route.Pattern, match =>
        {
            var name = match.Groups["name"].Value;
            Assert.True(fill.ContainsKey(name), $"{route.Key}: no value of B for route parameter '{name}'; add one to the fill-in map");
            return Uri.EscapeDataString(fill[name]);
        });
        var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(path + query, UriKind.Relative));
        if (body is not null)
        {
            request.Content = TestTenant.Json(body == "{document}" ? document : body);
        }
        return client.SendAsync(request);
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z0-9_]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
