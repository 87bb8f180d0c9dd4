using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Errors;

/// <summary>
/// OpenAPI metadata for problem answers. TypedResults.Problem carries no status of its own, so
/// each route names the problems it may answer; routes that need a key also answer 401 and 403.
/// </summary>
public static class ProblemMetadata
{
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
        return builder;
    }

    /// <summary>RequireAuthorization with the policy, documenting the 401 and 403 that come with it.</summary>
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy).ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
