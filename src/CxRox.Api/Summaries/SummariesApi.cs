using System.Globalization;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Api.Scorecards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Summaries;

/// <summary>
/// A scorecard's summaries: the list, and one summary (the latest, or the period holding a day) as
/// JSON, Markdown or the HTML page, by ?format=, by Accept header or by suffix. Reads answer an ETag and a
/// 304 to a matching If-None-Match.
/// </summary>
public static class SummariesApi
{
    public const int MaxListed = 200;

    /// <summary>The {period} that means the newest summary.</summary>
    public const string Latest = "latest";

    public static void MapSummaries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/scorecards/{scorecardId}/summaries")
            .WithTags("Summaries")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapGet("", ListAsync)
            .WithName("ListSummaries")
            .WithSummary("The scorecard's summaries, newest period first (at most 'limit', default 24, at most 200): period, version, ROX index and change, red metrics, new findings, and links to the JSON, Markdown and HTML.")
            .RequireKey(Policies.Reader)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapGet("/{period}", (string scorecardId, string period, string? format, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken) =>
                GetAsync(scorecardId, period, format, FormatFrom.Query, context, organization, cancellationToken))
            .WithName("GetSummary")
            .WithSummary("The summary of the period holding the day 'period' (yyyy-MM-dd), or of the newest period for 'latest': JSON, Markdown or the HTML page (a self-contained page to open or print), "
                + "by 'format' (json, md, html) or else by the Accept header (application/json, text/markdown, text/html; JSON by default).")
            .RequireKey(Policies.Reader)
            .Produces<SummaryDocument>(StatusCodes.Status200OK, SummaryRepresentation.Json.MediaType, SummaryRepresentation.Markdown.MediaType, SummaryRepresentation.Html.MediaType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status406NotAcceptable);

        // The older form, /latest.html, still served for the links and bookmarks that have it, but
        // left out of the OpenAPI document: /summaries/{period} also matches "latest.html", so the
        // two paths would be ambiguous there.
        group.MapGet("/{period}.{format}", (string scorecardId, string period, string format, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken) =>
                GetAsync(scorecardId, period, format, FormatFrom.Suffix, context, organization, cancellationToken))
            .WithName("GetSummaryAs")
            .RequireKey(Policies.Reader)
            .ExcludeFromDescription();
    }

    /// <summary>Where a requested format came from: an unknown query value is a bad request, an unknown suffix names no resource.</summary>
    private enum FormatFrom { Query, Suffix }

    private static async Task<Results<Ok<IReadOnlyList<SummaryListItem>>, StatusCodeHttpResult, ProblemHttpResult>> ListAsync(
        string scorecardId, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken, int limit = 24)
    {
        if (ListLimit.Refusal(limit, MaxListed) is { } refusal)
        {
            return refusal;
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var listings = await SummariesStore.ListAsync(transaction, scorecardId, limit, cancellationToken);
        if (listings.Count == 0 && await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is null)
        {
            return NoScorecard(organization, scorecardId);
        }
        var path = SummariesPath(organization, scorecardId);
        IReadOnlyList<SummaryListItem> items = [.. listings.Select(l => SummaryListItem.From(l, path))];
        // A summary is replaced whole, with a new creation time: the periods and times name the list.
        var validator = string.Join(';', listings.Select(l => $"{l.PeriodStart:yyyy-MM-dd}@{l.CreatedAt.UtcTicks}")) + $";{limit}";
        return ConditionalRead.IsNotModified(context, ConditionalRead.ETagOf(validator), listings.Count == 0 ? null : listings.Max(l => l.CreatedAt))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(items);
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string scorecardId, string period, string? format, FormatFrom from, HttpContext context, RequestOrganization organization, CancellationToken cancellationToken)
    {
        var representation = format is null ? SummaryRepresentation.Negotiate(context.Request.Headers.Accept) : SummaryRepresentation.FromSuffix(format);
        if (representation is null)
        {
            var formats = string.Join(", ", SummaryRepresentation.All.Select(r => r.Suffix));
            return (format, from) switch
            {
                (null, _) => Problem(StatusCodes.Status406NotAcceptable,
                    $"Summaries are served as {string.Join(", ", SummaryRepresentation.All.Select(r => r.MediaType))}; the Accept header allows none of them."),
                (_, FormatFrom.Query) => Problem(StatusCodes.Status400BadRequest, $"Summaries are served in the formats {formats}, not '{format}'."),
                _ => Problem(StatusCodes.Status404NotFound, $"Summaries are served as {string.Join(", ", SummaryRepresentation.All.Select(r => "." + r.Suffix))}, not as '.{format}'."),
            };
        }
        DateOnly? day = null;
        if (period != Latest)
        {
            if (!DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problem(StatusCodes.Status400BadRequest, $"'{period}' is neither a day (yyyy-MM-dd) nor '{Latest}'.");
            }
            day = parsed;
        }

        StoredSummary? summary;
        await using (var transaction = await organization.BeginTransactionAsync(cancellationToken))
        {
            summary = day is { } holding
                ? await SummariesStore.FindHoldingAsync(transaction, scorecardId, holding, cancellationToken)
                : await SummariesStore.FindLatestAsync(transaction, scorecardId, cancellationToken);
            if (summary is null)
            {
                return await ScorecardsStore.FindAsync(transaction, scorecardId, cancellationToken) is null
                    ? NoScorecard(organization, scorecardId)
                    : Problem(StatusCodes.Status404NotFound, day is { } missing
                        ? $"Scorecard '{scorecardId}' has no summary of the period holding {missing:yyyy-MM-dd}; summaries are written for complete periods after their recompute."
                        : $"Scorecard '{scorecardId}' has no summary yet; summaries are written for complete periods after their recompute.");
            }
        }

        var body = representation.Render(summary.Content);
        if (format is null)
        {
            context.Response.Headers.Vary = HeaderNames.Accept;
        }
        if (representation == SummaryRepresentation.Html)
        {
            context.Response.Headers.ContentSecurityPolicy = SummaryHtml.ContentSecurityPolicy;
        }
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline")
        {
            FileName = $"{scorecardId}-{summary.Content.Period.Start:yyyy-MM-dd}.{representation.Suffix}",
        }.ToString();
        return ConditionalRead.IsNotModified(context, ConditionalRead.ETagOf(body), summary.CreatedAt)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Text(body, representation.ContentType);
    }

    private static string SummariesPath(RequestOrganization organization, string scorecardId) =>
        $"/v1/organizations/{organization.Current.Slug}/scorecards/{scorecardId}/summaries";

    private static ProblemHttpResult NoScorecard(RequestOrganization organization, string scorecardId) =>
        Problem(StatusCodes.Status404NotFound, $"Organization '{organization.Current.Slug}' has no scorecard '{scorecardId}'.");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), Detail = detail });
}
