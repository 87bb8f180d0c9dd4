using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.Organizations;

/// <summary>The tenants: admins create and list them; any key of an organization may read it.</summary>
public static class OrganizationsApi
{
    public static void MapOrganizations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations").WithTags("Organizations");

        group.MapPost("", CreateAsync)
            .WithName("CreateOrganization")
            .WithSummary("Creates an organization with a slug (used in URLs), a name and an IANA time zone.")
            .RequireKey(Policies.Admin)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        group.MapGet("", ListAsync)
            .WithName("ListOrganizations")
            .WithSummary("Lists every organization, by slug.")
            .RequireKey(Policies.Admin);

        group.MapGet("/{org}", (RequestOrganization organization) => TypedResults.Ok(OrganizationResponse.From(organization.Current)))
            .WithName("GetOrganization")
            .WithSummary("Reads an organization; a key of another organization gets 404.")
            .RequireKey(Policies.Reader)
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateOrganizationRequest request, OrganizationsStore organizations, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!await organizations.DatabaseKnowsTimeZoneAsync(request.TimeZone!, cancellationToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["timeZone"] = [$"'{request.TimeZone}' is a time zone .NET knows but this service's PostgreSQL does not; choose another spelling of the same zone, or update the database's time zone data."],
            });
        }
        var created = await organizations.CreateAsync(request.Slug!, request.Name!.Trim(), request.TimeZone!, cancellationToken);
        return created is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: $"The slug '{request.Slug}' is taken.")
            : TypedResults.Created($"/v1/organizations/{created.Slug}", OrganizationResponse.From(created));
    }

    private static async Task<Ok<IReadOnlyList<OrganizationResponse>>> ListAsync(OrganizationsStore organizations, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<OrganizationResponse>>([.. (await organizations.ListAsync(cancellationToken)).Select(OrganizationResponse.From)]);
}
