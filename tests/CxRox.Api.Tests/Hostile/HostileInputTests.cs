using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxRox.Api.Tests.Hostile;

/// <summary>
/// The service's own hostile-input test: every operation of its OpenAPI document receives NUL and
/// lone surrogates in each path parameter, query parameter and body string, huge and negative
/// numbers, JSON 10,000 levels deep, wrong JSON types, empty and truncated bodies, bad content
/// types and Accept headers and overlong values, with a valid key for the operation's role
/// (<see cref="HostileRequestGenerator"/>, fixed seed). No answer may be a 5xx, every 4xx is
/// problem+json with type, title and status, and no body shows a stack trace.
/// CXROX_HOSTILE_REQUESTS sets how many requests to send (default 10,500, so that over 10,000
/// are answered: about one in twenty carries a NUL in its path, which only Kestrel can be sent).
/// </summary>
public sealed partial class HostileInputTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    private const int Seed = 20_261_201;
    private const int DefaultRequests = 10_500;
    private const string ScorecardId = "stores";

    /// <summary>What the test server's client (PathString.FromUriComponent) throws for "%00" in a path, before the application sees it.</summary>
    private const string InMemoryNulRefusal = "The path contains null characters.";

    [Fact]
    public async Task EveryOperation_UnderHostileInput_AnswersWithoutA5xx_AndEveryErrorIsProblemJson()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("CXROX_HOSTILE_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultRequests;
        var (baseline, keyFor) = await ArrangeAsync();
        var client = api.CreateClient();
        var document = HostileOperation.Parse(await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var operations = HostileOperation.ReadAll(document);
        Assert.True(operations.Count >= 40, $"The OpenAPI document lists {operations.Count} operations");
        var generator = new HostileRequestGenerator(operations, baseline(operations), Seed);

        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        var sent = 0;
        await Parallel.ForEachAsync(generator.Generate(count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellationToken) =>
        {
            Interlocked.Increment(ref sent);
            var (status, failure) = await SendAsync(client, request, keyFor, cancellationToken);
            statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        });

        output.WriteLine($"Hostile input: {sent} requests over {operations.Count} operations (seed {Seed}); by status: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "not deliverable in memory (NUL in the path)" : s.Key)}×{s.Value}"))
            + $"; {failures.Count} failures.");
        Assert.True(sent >= count, $"Only {sent} requests were generated; at least {count} were asked for.");
        Assert.True(failures.IsEmpty, $"{failures.Count} hostile requests were answered badly; the first:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>Sends one request; returns its status (0 when none came) and what was wrong with the answer, if anything.</summary>
    private static async Task<(int Status, string? Failure)> SendAsync(HttpClient client, HostileRequest request, Func<string, string> keyFor, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        string body;
        try
        {
            using var message = request.ToMessage(keyFor);
            response = await client.SendAsync(message, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message == InMemoryNulRefusal)
        {
            // The in-memory client cannot carry a NUL in a path; Kestrel refuses it itself (KestrelRejectionTests).
            return (0, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return (0, $"{request.Description}: no complete answer ({e.GetType().Name}: {e.Message})");
        }
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var failure = status >= 500 ? "a 5xx"
            : StackTrace().IsMatch(body) ? "a stack trace in the body"
            : status < 400 ? null
            : mediaType != "application/problem+json" ? $"not problem+json ({mediaType ?? "no content type"})"
            : ProblemFieldsMissing(body, status);
        return (status, failure is null ? null : $"{request.Description}: {status}, {failure}: {Excerpt(body)}");
    }

    private static string? ProblemFieldsMissing(string body, int status)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && problem.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
                && problem.TryGetProperty("status", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == status
                ? null
                : "problem+json without type, title or the status";
        }
        catch (JsonException)
        {
            return "problem+json that is not JSON";
        }
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";

    /// <summary>
    /// An organization with the sample scorecard, January's scores and a webhook, and one key of
    /// each role; then what a valid request of each operation holds.
    /// </summary>
    private async Task<(Func<IReadOnlyList<HostileOperation>, HostileBaseline> Baseline, Func<string, string> KeyFor)> ArrangeAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "hostile");
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var sample = ScorecardsApiTests.Sample(tenant.Slug, ScorecardId);
        var created = await editor.PutAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/{ScorecardId}", UriKind.Relative), TestTenant.Json(sample));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var recompute = await editor.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/{ScorecardId}/recompute?from=2026-01-01&to=2026-01-31", UriKind.Relative), null);
        var job = await Scores.ScoresTenant.WaitForJobAsync(api.Factory, tenant.Reader, recompute.Headers.Location!);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());

        var policies = Policies();
        var pathFill = new Dictionary<string, string>
        {
            ["org"] = tenant.Slug,
            ["scorecardId"] = ScorecardId,
            ["version"] = "1",
            ["date"] = "2026-01-15",
            ["period"] = "2026-01-15",
            ["format"] = "html",
            ["templateId"] = "stage-1-survey-basics",
            ["jobId"] = job.GetProperty("id").GetString()!,
            // Never a real key: a hostile DELETE must not revoke the keys the test sends.
            ["keyId"] = Guid.NewGuid().ToString(),
        };
        var queryFill = new Dictionary<string, string> { ["scorecard"] = ScorecardId, ["kind"] = "recompute", ["limit"] = "10", ["from"] = "2026-01-01", ["to"] = "2026-01-31" };
        var propertyFill = new Dictionary<string, JsonNode?>
        {
            ["role"] = "reader",
            ["slug"] = "hostile-other",
            ["timeZone"] = "UTC",
            ["recompute"] = "0 3 * * *",
            ["summary"] = null,
            ["url"] = "http://127.0.0.1:9/hook",
            ["events"] = new JsonArray("summary.created"),
            ["rotateSecret"] = false,
        };
        var ingestRows = new Dictionary<string, JsonObject>
        {
            ["observations"] = new() { ["metric"] = "store.visits", ["date"] = "2026-01-05", ["value"] = 3, ["touchpoint"] = "store" },
            ["survey-answers"] = new()
            {
                ["answerId"] = "a1", ["survey"] = "post_purchase", ["question"] = "recommend", ["answeredAt"] = "2026-01-05T10:00:00Z", ["score"] = 9, ["respondent"] = "r1",
            },
        };
        var scorecard = HostileOperation.Parse(sample);
        string KeyFor(string role) => role == CxRox.Api.Auth.Policies.Admin ? admin : tenant.KeyFor(role);
        return (operations => new HostileBaseline(o => policies.GetValueOrDefault(o.Key), pathFill, queryFill, propertyFill, ingestRows, scorecard), KeyFor);
    }

    /// <summary>The policy of each route ("GET /v1/…" with the document's {name} placeholders); public routes are absent.</summary>
    private Dictionary<string, string?> Policies()
    {
        api.CreateClient();
        var policies = new Dictionary<string, string?>();
        foreach (var endpoint in api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + RouteConstraint().Replace(endpoint.RoutePattern.RawText!.Trim('/'), "}");
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>() is { Count: > 0 } authorize ? authorize[^1].Policy : null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                policies[$"{method} {pattern}"] = policy;
            }
        }
        return policies;
    }

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex RouteConstraint();

    /// <summary>A .NET stack frame ("   at CxRox.Api…(…)") or an exception's type name as a stack would print it.</summary>
    [GeneratedRegex(@"\bat (System|Microsoft|CxRox|Npgsql)\.[\w.`<>]+\(|\b(System|Npgsql)\.[\w.]*Exception\b")]
    private static partial Regex StackTrace();
}
