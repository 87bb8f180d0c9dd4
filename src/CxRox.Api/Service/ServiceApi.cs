using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CxRox.Api.Service;

/// <summary>
/// What any caller may ask without a key: what this is, and whether it is alive and ready. Nothing
/// about where or how it runs (data folder, database host): an anonymous caller has no use for it
/// and an attacker would.
/// </summary>
public static class ServiceApi
{
    private static readonly string Version =
        typeof(ServiceApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    // Health checks answer any method unless told otherwise; a probe only ever reads.
    private static readonly HttpMethodMetadata ReadOnly = new(["GET", "HEAD"]);

    public static void MapServiceEndpoints(this WebApplication app)
    {
        app.MapGet("/", () => TypedResults.Ok(new ServiceInfo(
                "CxRox",
                "ROX scorecards: customer and employee experience metrics, scores, rules and summaries.",
                Version,
                new Dictionary<string, string>
                {
                    ["live"] = "/health/live",
                    ["ready"] = "/health/ready",
                    ["docs"] = "/swagger",
                    ["openapi"] = "/swagger/v1/swagger.json",
                })))
            .WithName("GetServiceInfo")
            .WithSummary("What this service is, its version, and where its health and API description are.")
            .WithTags("Service");

        // Live: the process answers. Ready: it can also reach its database.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth })
            .WithMetadata(ReadOnly);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteHealth })
            .WithMetadata(ReadOnly);
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }

    public sealed record ServiceInfo(string Name, string Description, string Version, IReadOnlyDictionary<string, string> Links);
}
