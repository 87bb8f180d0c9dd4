using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CxRox.Api.OpenApi;

/// <summary>
/// The health probes in the document. They are health-check endpoints, not route handlers, so the
/// API explorer does not see them; written here by hand, like the routes, they say that they need
/// no key (<c>security: []</c>) and what they answer.
/// </summary>
public sealed class HealthDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var document = swaggerDoc;
        document.Paths ??= [];
        document.Paths.Add("/health/live", Probe(document, "GetLiveness",
            "Whether the process answers (for a liveness probe); GET or HEAD, no key.", "the process answers."));
        document.Paths.Add("/health/ready", Probe(document, "GetReadiness",
            "Whether the service can also reach its database (for a readiness probe); GET or HEAD, no key.", "the database answers too."));
    }

    private static OpenApiPathItem Probe(OpenApiDocument document, string name, string summary, string healthy) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = name,
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new("Service", document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = $"Healthy: {healthy} The body is JSON: status, durationMs and each check's status." },
                    ["503"] = new OpenApiResponse { Description = "Unhealthy: the same JSON, naming the check that failed." },
                },
                Security = [],
            },
        },
    };
}
