using CxRox.Engine.Validation;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Errors;

/// <summary>
/// Refuses, before any endpoint runs, a request whose query string, route values or stored
/// headers hold text that cannot be stored (<see cref="StorableText"/>: a NUL from "%00", a lone
/// surrogate): 400 naming the parameter. One check for every route, so no handler passes such a
/// value to PostgreSQL, and an export never starts a body that the database then refuses.
/// Bodies are checked where they are read (JSON strings, scorecard documents, CSV/NDJSON rows).
/// </summary>
public static class RequestTextCheck
{
    /// <summary>Request headers whose values the service stores.</summary>
    private static readonly string[] StoredHeaders = ["Idempotency-Key"];

    public static void UseStorableRequestText(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (FirstUnstorable(context.Request) is { } refusal)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad Request",
                Detail = $"The {refusal.Kind} '{refusal.Name}' {refusal.Character.Reason}; send text without it.",
                Extensions = { ["parameter"] = refusal.Name, ["in"] = refusal.Kind },
            };
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }
        await next(context);
    });

    private sealed record Refusal(string Kind, string Name, UnstorableCharacter Character);

    private static Refusal? FirstUnstorable(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && StorableText.Find(text) is { } bad)
            {
                return new Refusal("route value", name, bad);
            }
        }
        foreach (var (name, values) in request.Query)
        {
            if (StorableText.Find(name) is { } badName)
            {
                return new Refusal("query parameter name", name, badName);
            }
            foreach (var value in values)
            {
                if (value is not null && StorableText.Find(value) is { } bad)
                {
                    return new Refusal("query parameter", name, bad);
                }
            }
        }
        foreach (var header in StoredHeaders)
        {
            foreach (var value in request.Headers[header])
            {
                if (value is not null && StorableText.Find(value) is { } bad)
                {
                    return new Refusal("header", header, bad);
                }
            }
        }
        return null;
    }
}
