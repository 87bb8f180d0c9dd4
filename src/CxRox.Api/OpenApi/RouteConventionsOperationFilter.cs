using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CxRox.Api.OpenApi;

/// <summary>
/// What the handlers' signatures do not show: {org} comes from the route group and is bound by
/// the organization check, not by a handler parameter; PUT reads If-Match and If-None-Match
/// itself, and reads and writes answer an ETag; score reads take If-None-Match and answer ETag,
/// Cache-Control and (pages) Link; summary reads answer an ETag and read If-None-Match; a
/// scorecard body is described by its JSON Schema.
/// </summary>
internal sealed partial class RouteConventionsOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, string> RouteParameterDescriptions = new()
    {
        ["org"] = "The organization's slug.",
        ["scorecardId"] = "The scorecard's id, equal to the document's \"id\".",
        ["period"] = "A day (yyyy-MM-dd): the summary of the period holding it; or \"latest\" for the newest period's.",
        ["format"] = "json, md (Markdown) or html (the self-contained page).",
        ["templateId"] = "A starter scorecard's id, as listed by /v1/scorecard-templates.",
        ["organization"] = "The slug of the organization the document is for (its \"organization\"); the demo's when left out.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Parameters ??= [];
        var declared = operation.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var position = 0;
        foreach (Match match in RouteParameter().Matches(context.ApiDescription.RelativePath ?? ""))
        {
            var name = match.Groups[1].Value;
            if (!declared.Contains(name))
            {
                operation.Parameters.Insert(position, new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = RouteParameterDescriptions.GetValueOrDefault(name),
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            position++;
        }
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.Description is null))
        {
            parameter.Description = RouteParameterDescriptions.GetValueOrDefault(parameter.Name ?? "");
        }

        switch (operation.OperationId)
        {
            case "PutScorecard":
                operation.Parameters.Add(Header("If-Match", "The ETag of the version being replaced (required to replace). A stale one gets 412; none on an existing scorecard, or \"*\" (it would let concurrent writers all win), 428."));
                operation.Parameters.Add(Header("If-None-Match", "\"*\" to create only: 412 when the scorecard exists."));
                AddETag(operation, "200", "201");
                DescribeScorecardBody(operation);
                break;
            case "ValidateScorecard":
                DescribeScorecardBody(operation);
                break;
            case "GetScorecard":
                AddETag(operation, "200");
                break;
            case "GetLatestScores" or "GetLatestScoresWithTrace" or "GetLatestScoreFindings" or "GetScores" or "GetScoresWithTrace" or "GetScoreFindings"
                or "GetScoreSeries" or "ExportScoresCsv" or "ExportScoresNdjson":
                DescribeScoreRead(operation);
                break;
            case "ListSummaries" or "GetSummary" or "GetSummaryAs":
                operation.Parameters!.Add(Header("If-None-Match", "An ETag of an earlier answer: 304 without a body while it is still what would be sent."));
                AddResponseHeader(operation, "ETag", SummaryETag, "200");
                break;
        }
    }

    private static void DescribeScoreRead(OpenApiOperation operation)
    {
        operation.Parameters!.Add(Header("If-None-Match", "An ETag of an earlier answer: 304 without a body while the scores are unchanged."));
        AddResponseHeader(operation, "ETag", "The scores revision with a fingerprint of the representation and query; changes with every recompute.", "200", "304");
        AddResponseHeader(operation, "Cache-Control", "private, no-cache: keep the answer, but revalidate it (If-None-Match) before every use.", "200", "304");
        if (operation.OperationId == "GetScoreSeries")
        {
            AddResponseHeader(operation, "Link", "RFC 8288: <next page's URL>; rel=\"next\", while there is one.", "200");
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private const string SummaryETag = "A strong entity tag of this answer (each representation has its own); send it in If-None-Match to revalidate. Cache-Control: private, no-cache.";

    private static void AddETag(OpenApiOperation operation, params string[] statuses) =>
        AddResponseHeader(operation, "ETag", "The version as a strong entity tag, e.g. \"v3\"; send it in If-Match to replace this version.", statuses);

    private static void AddResponseHeader(OpenApiOperation operation, string name, string description, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            if (operation.Responses?.TryGetValue(status, out var response) == true && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }
    }

    private static void DescribeScorecardBody(OpenApiOperation operation)
    {
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "A scorecard document (JSON Schema at /schemas/scorecard.json). It is read as sent and stored byte for byte; "
                + "its \"organization\" must be the URL's organization and, on PUT, its \"id\" the URL's scorecardId.";
        }
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
