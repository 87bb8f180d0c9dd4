using System.Text.Json;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Engine.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.Templates;

/// <summary>
/// The starter scorecards by maturity stage. They are the same for every organization, so any key
/// that reads (reader, editor or admin) may fetch them; like every /v1 route they need a key.
/// </summary>
public static class TemplatesApi
{
    public static void MapScorecardTemplates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/scorecard-templates")
            .WithTags("Scorecard templates")
            .RequireKey(Policies.Reader);

        group.MapGet("", () => TypedResults.Ok<IReadOnlyList<ScorecardTemplateResponse>>([.. ScorecardTemplates.All.Select(ScorecardTemplateResponse.From)]))
            .WithName("ListScorecardTemplates")
            .WithSummary("The starter scorecards, one per maturity stage (1 survey basics to 4 the full ROX index), in stage order.");

        group.MapGet("/{templateId}", Get)
            .WithName("GetScorecardTemplate")
            .WithSummary("A starter scorecard's document, usable as the body of a first PUT to /v1/organizations/{organization}/scorecards/{templateId}; ?organization= puts that organization's slug in it (default: the demo's).")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Get(string templateId, string? organization = null)
    {
        if (ScorecardTemplates.Find(templateId) is not { } template)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: $"There is no scorecard template '{templateId}'; the templates are {string.Join(", ", ScorecardTemplates.All.Select(t => t.Id))}.");
        }
        if (organization is not null && !Identifiers.IsSlug(organization))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: $"'organization' is '{organization}'; it is an organization's slug: lowercase letters, digits, '-' and '_', starting with a letter or digit (at most {Identifiers.MaxLength} characters).");
        }
        return TypedResults.Text(template.For(organization ?? template.Organization), "application/json; charset=utf-8");
    }
}
