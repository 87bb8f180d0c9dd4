using System.Text.Json;
using System.Text.Json.Serialization;
using CxRox.Engine.Validation;

namespace CxRox.Api.Scorecards;

public static class ScorecardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One problem found in a scorecard document: a stable code, where (RFC 6901 pointer, 1-based line and column) and what.</summary>
// "Pointer" is an RFC 6901 JSON pointer, the name the format's users know; CA1720 takes it for the unmanaged type.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "RFC 6901 JSON pointer.")]
public sealed record DiagnosticResponse(
    string Code,
    string Severity,
    string Pointer,
    int Line,
    int Column,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExpressionColumn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Excerpt)
{
    public static DiagnosticResponse From(ScorecardDiagnostic diagnostic) => new(
        diagnostic.Code,
        diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning",
        diagnostic.Pointer,
        diagnostic.Line,
        diagnostic.Column,
        diagnostic.Message,
        diagnostic.ExpressionColumn,
        diagnostic.Excerpt);
}

/// <summary>The body of a 422 answer (application/problem+json), documented for OpenAPI; it is written as problem details with these extensions.</summary>
public sealed record ScorecardValidationProblem(
    string Type, string Title, int Status, string Detail, string Instance, string TraceId, IReadOnlyList<DiagnosticResponse> Errors);

/// <summary>A valid document: nothing stored (validate), with the warnings the engine found.</summary>
public sealed record ValidationResponse(bool Valid, string Id, string Name, IReadOnlyList<DiagnosticResponse> Warnings);

public sealed record ScorecardSummaryResponse(
    string Id, string Name, int CurrentVersion, [property: JsonPropertyName("etag")] string ETag, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt)
{
    public static ScorecardSummaryResponse From(StoredScorecard scorecard) => new(
        scorecard.Id, scorecard.Name, scorecard.CurrentVersion, ScorecardETag.Of(scorecard.CurrentVersion),
        scorecard.CreatedAt, scorecard.UpdatedAt, scorecard.ArchivedAt);
}

/// <summary>One version in a scorecard's history, without its document.</summary>
public sealed record ScorecardVersionSummaryResponse(int Version, string Name, string ContentHash, DateTimeOffset CreatedAt, Guid CreatedBy)
{
    public static ScorecardVersionSummaryResponse From(StoredScorecardVersion version) =>
        new(version.Version, version.Name, version.ContentHash, version.CreatedAt, version.CreatedBy);
}

/// <summary>
/// One version of a scorecard with its document. <c>document</c> is the JSON as sent; the exact
/// bytes are at <c>.../versions/{version}/document</c> and hash to <c>contentHash</c> (SHA-256).
/// </summary>
public sealed record ScorecardVersionResponse(
    string Id,
    int Version,
    int CurrentVersion,
    string Name,
    string ContentHash,
    DateTimeOffset CreatedAt,
    Guid CreatedBy,
    DateTimeOffset? ArchivedAt,
    IReadOnlyList<DiagnosticResponse> Warnings,
    JsonElement Document)
{
    public static ScorecardVersionResponse From(StoredScorecardVersion version, StoredScorecard scorecard)
    {
        using var document = JsonDocument.Parse(version.Document, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return new ScorecardVersionResponse(
            version.ScorecardId, version.Version, scorecard.CurrentVersion, version.Name, version.ContentHash, version.CreatedAt, version.CreatedBy,
            scorecard.ArchivedAt,
            version.Warnings,
            document.RootElement.Clone());
    }
}

/// <summary>What changed from one version to another, path by path.</summary>
public sealed record ScorecardDiffResponse(string Id, int From, int To, IReadOnlyList<JsonChange> Changes);
