using CxRox.Api.Errors;

namespace CxRox.Api.Schemas;

/// <summary>The JSON Schema of the scorecard format, for editors and tools; public like the format itself.</summary>
public static class SchemasApi
{
    private const string ResourceName = "CxRox.Schemas.scorecard.json";

    // Built from scorecards/scorecard.schema.json at the repository root, embedded at build time.
    private static readonly Lazy<byte[]> Schema = new(() =>
    {
        using var stream = typeof(SchemasApi).Assembly.GetManifestResourceStream(ResourceName)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static void MapSchemas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/schemas/scorecard.json", () => TypedResults.Bytes(Schema.Value, "application/schema+json"))
            .WithName("GetScorecardSchema")
            .WithSummary("The JSON Schema (draft 2020-12) of scorecard documents.")
            .WithTags("Schemas")
            .Produces(StatusCodes.Status200OK, contentType: "application/schema+json")
            .ProducesProblems();
    }
}
