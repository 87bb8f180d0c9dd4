using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Errors;

/// <summary>
/// Writes problem details as application/problem+json whatever the request's Accept header says.
/// The framework's own writer declines a request that accepts neither JSON nor problem+json
/// (Accept: application/xml); with no other writer, the exception handler then had nothing to
/// write and let the exception through as an empty 500, and status code pages wrote no body.
/// Registered after the framework's writer, so it only writes what that one declines; an error
/// always has a body a client can read, even one it did not ask for (RFC 9110 allows answering
/// an error in a media type the client did not list).
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public const string MediaType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= httpContext.Response.StatusCode;
        // Creating the result fills in the framework's default type and title for the status, as the framework's writer does.
        _ = TypedResults.Problem(problem);
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(httpContext.Response.WriteAsJsonAsync<ProblemDetails>(problem, jsonOptions.Value.SerializerOptions, MediaType, httpContext.RequestAborted));
    }
}
