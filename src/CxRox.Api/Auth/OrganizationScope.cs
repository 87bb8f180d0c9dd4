using CxRox.Api.Organizations;
using CxRox.Api.Storage;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CxRox.Api.Auth;

/// <summary>
/// The organization a request is about: the route's {org}, resolved and checked against the
/// caller's key before authorization runs. Handlers take it as a parameter (it is a scoped
/// service) and open their <see cref="OrganizationTransaction"/> through it.
/// </summary>
public sealed class RequestOrganization(NpgsqlDataSource dataSource)
{
    private Organization? _organization;

    public Organization Current =>
        _organization ?? throw new InvalidOperationException("The route has no {org} parameter or was not authenticated.");

    public Task<OrganizationTransaction> BeginTransactionAsync(CancellationToken cancellationToken) =>
        OrganizationTransaction.BeginAsync(dataSource, Current.Id, cancellationToken);

    internal void Set(Organization organization) => _organization = organization;
}

public static class OrganizationScope
{
    public const string RouteParameter = "org";

    /// <summary>
    /// For every route with an {org} parameter and an authenticated caller: an organization that
    /// does not exist and one the caller's key does not belong to get the same 404, so a key of one
    /// organization learns nothing about another. Runs before authorization so that even a route
    /// the key's role may not use answers 404 for another organization.
    /// </summary>
    public static async Task ResolveAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint
            && endpoint.RoutePattern.GetParameter(RouteParameter) is not null
            && context.User.Identity?.IsAuthenticated == true)
        {
            var slug = context.Request.RouteValues[RouteParameter] as string ?? "";
            // An organization's key came with its organization: any other slug is not its to see.
            var organization = context.Features.Get<KeyOrganization>() is { } own
                ? (own.Organization.Slug == slug ? own.Organization : null)
                : await context.RequestServices.GetRequiredService<OrganizationsStore>().FindAsync(slug, context.RequestAborted);
            if (organization is null || !ApiCaller.From(context.User).MayAccess(organization.Id))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status404NotFound,
                        Title = "Not Found",
                        Detail = $"There is no organization '{slug}'.",
                    },
                });
                return;
            }
            context.RequestServices.GetRequiredService<RequestOrganization>().Set(organization);
        }
        await next(context);
    }
}

/// <summary>The organization the request's key belongs to, as read with the key (absent for admin keys).</summary>
public sealed record KeyOrganization(Organization Organization);
