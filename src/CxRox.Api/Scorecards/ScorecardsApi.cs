using System.Security.Claims;
using System.Text.Json;
using CxRox.Api.Auth;
using CxRox.Api.Schedules;
using CxRox.Api.Recompute;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.Scorecards;

/// <summary>
/// An organization's scorecards: put (create or replace, each change a new immutable version,
/// replacing needs If-Match), read, history, any version, its exact document, a diff of two
/// versions, archive and restore, and validation without storing.
/// </summary>
public static partial class ScorecardsApi
{
    private const string JsonMediaType = "application/json";

    public static void MapScorecards(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/scorecards")
            .WithTags("Scorecards")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapGet("", ListAsync)
            .WithName("ListScorecards")
            .WithSummary("Lists the organization's scorecards with their current versions; archived ones only with includeArchived=true.")
            .RequireKey(Policies.Reader);

        group.MapPost("/validate", ValidateAsync)
            .WithName("ValidateScorecard")
            .WithSummary("Checks a scorecard document for this organization without storing it: 200 with warnings, or 422 with every diagnostic.")
            .RequireKey(Policies.Editor)
            .Accepts<JsonElement>(JsonMediaType)
            .Produces<ScorecardValidationProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        group.MapPut("/{scorecardId}", PutAsync)
            .WithName("PutScorecard")
            .WithSummary("Creates a scorecard (no If-Match) or replaces it (If-Match: its ETag); each change is a new version. The document is kept byte for byte.")
            .RequireKey(Policies.Editor)
            .Accepts<JsonElement>(JsonMediaType)
            .Produces<ScorecardValidationProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);

        group.MapGet("/{scorecardId}", GetAsync)
            .WithName("GetScorecard")
            .WithSummary("Reads the current version of a scorecard, with its ETag.")
            .RequireKey(Policies.Reader);

        group.MapGet("/{scorecardId}/versions", ListVersionsAsync)
            .WithName("ListScorecardVersions")
            .WithSummary("The version history of a scorecard, oldest first, without documents.")
            .RequireKey(Policies.Reader);

        group.MapGet("/{scorecardId}/history", HistoryAsync)
            .WithName("GetScorecardHistory")
            .WithSummary("The scorecard's audit trail, newest first: each version saved, schedule change, archiving and restoring, with when and which key. "
                + "At most 'limit' changes a page (default 50, at most 200); 'next' and a Link header (rel=\"next\") give the next page.")
            .RequireKey(Policies.Reader)
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapGet("/{scorecardId}/versions/{version:int}", GetVersionAsync)
            .WithName("GetScorecardVersion")
            .WithSummary("Reads one version of a scorecard.")
            .RequireKey(Policies.Reader);

        group.MapGet("/{scorecardId}/versions/{version:int}/document", GetDocumentAsync)
            .WithName("GetScorecardDocument")
            .WithSummary("The document of one version exactly as it was sent.")
            .RequireKey(Policies.Reader)
            .Produces<JsonElement>(StatusCodes.Status200OK, JsonMediaType);

        group.MapGet("/{scorecardId}/diff", DiffAsync)
            .WithName("DiffScorecardVersions")
            .WithSummary("What changed from version 'from' to version 'to': pillars, metrics and rules matched by id (reordered ones are moved), other lists aligned by longest common subsequence; fromPath and toPath point into each version's document.")
            .RequireKey(Policies.Reader)
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapPost("/{scorecardId}/archive", (string scorecardId, ClaimsPrincipal user, RequestOrganization organization, ScheduleTriggers triggers, CancellationToken cancellationToken) =>
                SetArchivedAsync(scorecardId, archived: true, user, organization, triggers, cancellationToken))
            .WithName("ArchiveScorecard")
            .WithSummary("Archives a scorecard: it keeps its history, leaves the default list and cannot be replaced until restored.")
            .RequireKey(Policies.Editor);

        group.MapPost("/{scorecardId}/restore", (string scorecardId, ClaimsPrincipal user, RequestOrganization organization, ScheduleTriggers triggers, CancellationToken cancellationToken) =>
                SetArchivedAsync(scorecardId, archived: false, user, organization, triggers, cancellationToken))
            .WithName("RestoreScorecard")
            .WithSummary("Restores an archived scorecard.")
            .RequireKey(Policies.Editor);
    }

    private static async Task<Ok<IReadOnlyList<ScorecardSummaryResponse>>> ListAsync(
        RequestOrganization organization, CancellationToken cancellationToken, bool includeArchived = false)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var scorecards = await ScorecardsStore.ListAsync(transaction, includeArchived, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ScorecardSummaryResponse>>([.. scorecards.Select(ScorecardSummaryResponse.From)]);
    }

    private static async Task<Results<Ok<ScorecardVersionResponse>, ProblemHttpResult>> GetAsync(
        string scorecardId, RequestOrganization organization, HttpResponse response, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        if (await ScorecardsStore.FindWithVersionAsync(transaction, scorecardId, null, cancellationToken) is not (var scorecard, { } current))
        {
            return NoScorecard(organization, scorecardId);
        }
        response.Headers.ETag = ScorecardETag.Of(scorecard.CurrentVersion);
        return TypedResults.Ok(ScorecardVersionResponse.From(current, scorecard));
    }

    private static async Task<Results<Ok<IReadOnlyList<ScorecardVersionSummaryResponse>>, ProblemHttpResult>> ListVersionsAsync(
        string scorecardId, RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var versions = await ScorecardsStore.ListVersionsAsync(transaction, scorecardId, cancellationToken);
        return versions.Count == 0
            ? NoScorecard(organization, scorecardId)
            : TypedResults.Ok<IReadOnlyList<ScorecardVersionSummaryResponse>>([.. versions.Select(ScorecardVersionSummaryResponse.From)]);
    }

    private static async Task<Results<Ok<ScorecardHistoryPage>, ProblemHttpResult>> HistoryAsync(
        string scorecardId, RequestOrganization organization, HttpContext context, CancellationToken cancellationToken,
        int limit = ScorecardHistory.DefaultLimit, string? cursor = null)
    {
        if (ListLimit.Refusal(limit, ScorecardHistory.MaxLimit) is { } refusal)
        {
            return refusal;
        }
        long? before = null;
        if (cursor is not null && (before = ScorecardHistory.Before(cursor)) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "'cursor' is not one this service gave; take it from a page's 'next'.");
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        // One change more than the page holds says whether there is a next page.
        var changes = await ScorecardHistory.ReadAsync(transaction, scorecardId, before, limit + 1, cancellationToken);
        if (changes.Count == 0 && await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is null)
        {
            return NoScorecard(organization, scorecardId);
        }
        var page = changes.Take(limit).ToList();
        string? next = null;
        if (changes.Count > limit)
        {
            next = context.Request.Path + QueryString.Create([
                new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string?>("cursor", ScorecardHistory.Cursor(page[^1].Sequence)),
            ]);
            // RFC 8288; the same URL as the body's "next".
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        return TypedResults.Ok(new ScorecardHistoryPage(scorecardId, page, next));
    }

    private static async Task<Results<Ok<ScorecardVersionResponse>, ProblemHttpResult>> GetVersionAsync(
        string scorecardId, int version, RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        return await ScorecardsStore.FindWithVersionAsync(transaction, scorecardId, version, cancellationToken) is { Version: { } found } stored
            ? TypedResults.Ok(ScorecardVersionResponse.From(found, stored.Scorecard))
            : NoVersion(organization, scorecardId, version);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        string scorecardId, int version, RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var found = await ScorecardsStore.FindVersionAsync(transaction, scorecardId, version, cancellationToken);
        return found is null
            ? NoVersion(organization, scorecardId, version)
            : TypedResults.Text(found.Document, JsonMediaType + "; charset=utf-8");
    }

    private static async Task<Results<Ok<ScorecardDiffResponse>, ProblemHttpResult>> DiffAsync(
        string scorecardId, int from, int to, RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var fromVersion = await ScorecardsStore.FindVersionAsync(transaction, scorecardId, from, cancellationToken);
        var toVersion = await ScorecardsStore.FindVersionAsync(transaction, scorecardId, to, cancellationToken);
        if (fromVersion is null || toVersion is null)
        {
            return NoVersion(organization, scorecardId, fromVersion is null ? from : to);
        }
        return TypedResults.Ok(new ScorecardDiffResponse(scorecardId, from, to, JsonDiff.Compare(fromVersion.Document, toVersion.Document)));
    }

    private static async Task<Results<Ok<ScorecardSummaryResponse>, ProblemHttpResult>> SetArchivedAsync(
        string scorecardId, bool archived, ClaimsPrincipal user, RequestOrganization organization, ScheduleTriggers triggers, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        await ScheduleTriggers.LockAsync(transaction, scorecardId, cancellationToken);
        var scorecard = await ScorecardsStore.SetArchivedAsync(transaction, scorecardId, archived, ApiCaller.From(user).KeyId, cancellationToken);
        if (scorecard is null)
        {
            return NoScorecard(organization, scorecardId);
        }
        // An archived scorecard keeps its schedule but does not run it.
        var schedule = await ScheduleStore.FindAsync(transaction, scorecardId, cancellationToken);
        await triggers.ApplyAsync(organization.Current.Id, scorecardId, archived ? null : schedule, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ScorecardSummaryResponse.From(scorecard));
    }

    private static ProblemHttpResult NoScorecard(RequestOrganization organization, string scorecardId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
            detail: $"Organization '{organization.Current.Slug}' has no scorecard '{scorecardId}'.");

    private static ProblemHttpResult NoVersion(RequestOrganization organization, string scorecardId, int version) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
            detail: $"Organization '{organization.Current.Slug}' has no version {version} of scorecard '{scorecardId}'.");
}
