using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CxRox.Api.OpenApi;

/// <summary>Request and response examples for the operations people try first.</summary>
internal sealed class ExamplesOperationFilter : IOperationFilter
{
    private const string MinimalScorecard = """
        {
          "schemaVersion": 1,
          "id": "acme-stores",
          "organization": "acme",
          "name": "Acme stores",
          "period": "month",
          "timezone": "Europe/Warsaw",
          "pillars": [{ "id": "cx", "name": "Customer experience", "weight": 100 }],
          "metrics": [{ "id": "nps", "name": "Net Promoter Score", "pillar": "cx", "unit": "points", "direction": "higher", "floor": -10, "target": 50 }]
        }
        """;

    private static readonly Dictionary<string, (string? Request, Dictionary<string, string> Responses)> Examples = new()
    {
        ["CreateOrganization"] = (
            """{ "slug": "acme", "name": "Acme Retail", "timeZone": "Europe/Warsaw" }""",
            new() { ["201"] = """{ "slug": "acme", "name": "Acme Retail", "timeZone": "Europe/Warsaw", "createdAt": "2026-11-02T09:30:00+00:00" }""" }),
        ["CreateApiKey"] = (
            """{ "name": "Power BI", "role": "reader" }""",
            new() { ["201"] = """{ "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "Power BI", "role": "reader", "prefix": "Ab3dE6gH", "createdAt": "2026-11-02T09:31:00+00:00", "key": "cxr_Ab3dE6gH_4f9KqZ2mN7xW1cV8bR5tY3uI0oP6aS9dF2gH4jK" }""" }),
        ["PutScorecard"] = (MinimalScorecard, new()
        {
            ["422"] = """
                {
                  "type": "https://tools.ietf.org/html/rfc4918#section-11.2",
                  "title": "The scorecard is not valid",
                  "status": 422,
                  "detail": "1 error(s) and 0 warning(s); the first: 3:9 error API001 /organization: ...",
                  "instance": "/v1/organizations/acme/scorecards/acme-stores",
                  "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                  "errors": [{ "code": "API001", "severity": "error", "pointer": "/organization", "line": 3, "column": 19, "message": "The document is for organization 'globex' but is sent to organization 'acme'; the URL decides, so make them equal." }]
                }
                """,
        }),
        ["PutWebhook"] = (
            """{ "url": "https://hooks.example.com/cxrox", "events": ["summary.created"] }""",
            new() { ["201"] = """{ "url": "https://hooks.example.com/cxrox", "enabled": true, "events": ["summary.created"], "createdAt": "2026-11-02T09:40:00+00:00", "updatedAt": "2026-11-02T09:40:00+00:00", "secret": "whsec_q3Jt8mWx0bVn5KcYp2LzR7dFh4GsTa9EuN6oPiXyB1w" }""" }),
        ["ValidateScorecard"] = (MinimalScorecard, new() { ["200"] = """{ "valid": true, "id": "acme-stores", "name": "Acme stores", "warnings": [] }""" }),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is null || !Examples.TryGetValue(operation.OperationId, out var example))
        {
            return;
        }
        if (example.Request is not null && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = JsonNode.Parse(example.Request);
            }
        }
        foreach (var (status, body) in example.Responses)
        {
            if (operation.Responses?.TryGetValue(status, out var response) == true && response.Content is { } responseContent)
            {
                foreach (var media in responseContent.Values)
                {
                    media.Example = JsonNode.Parse(body);
                }
            }
        }
    }
}
