using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Errors;

/// <summary>The 'limit' of the routes that list the newest first (jobs, schedule runs, summaries, webhook deliveries): from 1 to the route's maximum.</summary>
public static class ListLimit
{
    /// <summary>The 400 answer for a limit out of range; null for one in range.</summary>
    public static ProblemHttpResult? Refusal(int limit, int max) => limit < 1 || limit > max
        ? TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest, Title = "Bad Request", Detail = $"'limit' must be from 1 to {max}; it was {limit}.",
        })
        : null;
}
