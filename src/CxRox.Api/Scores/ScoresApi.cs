using System.Collections.Immutable;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Api.Jobs;
using CxRox.Api.Recompute;
using CxRox.Api.Scorecards;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;
using CxRox.Engine.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Scores;

/// <summary>
/// Scores of a scorecard: a preview of a stored version or of a draft on the stored data (nothing
/// saved), recompute jobs that store snapshots, and reads of the stored snapshots
/// (ScoresApi.Reads.cs, ScoresApi.Series.cs).
/// </summary>
public static partial class ScoresApi
{
    public static void MapScores(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/scorecards/{scorecardId}")
            .WithTags("Scores")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        group.MapPost("/preview", PreviewAsync)
            .WithName("PreviewScores")
            .WithSummary("Evaluates the draft document in the body, or without a body a stored version (default: current), on the stored data for the periods holding 'from' to 'to' (default: the last complete period and the current one), with the rule trace. Stores nothing.")
            .RequireKey(Policies.Editor)
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .ProducesProblems(StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)
            .Produces<PreviewResponse>()
            .Produces<ScorecardValidationProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json");

        group.MapPost("/recompute", RecomputeAsync)
            .WithName("RecomputeScores")
            .WithSummary("Starts a job that computes and stores the scores of a version (default: current) for the periods holding 'from' to 'to' (default: the last complete period and the current one); 202 with the job's URL.")
            .RequireKey(Policies.Editor)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        MapSnapshotReads(group);
        MapSeriesReads(group);
    }

    private static async Task<Results<JsonHttpResult<PreviewResponse>, ProblemHttpResult>> PreviewAsync(
        string scorecardId, HttpContext context, RequestOrganization organization, CompiledScorecardCache compiledScorecards, ComputeGate gate,
        IOptions<Schedules.ScheduleOptions> schedules, CancellationToken cancellationToken, int? version = null, DateOnly? from = null, DateOnly? to = null)
    {
        var body = await ScorecardsApi.ReadBodyAsync(context.Request, cancellationToken);
        ScorecardSubmission? submission = null;
        if (body.Length > 0)
        {
            if (version is not null)
            {
                return Problem(StatusCodes.Status400BadRequest, "Give a draft in the body or a stored 'version', not both.");
            }
            // Read and checked (the budget included) before a slot is taken: a draft refused
            // costs no more than reading it, however busy the service is.
            submission = ScorecardSubmission.Read(
                body, organization.Current.Slug, scorecardId, schedules.Value.RulesAt(DateTimeOffset.UtcNow), organization.Current.TimeZone);
            if (!submission.IsValid)
            {
                return ScorecardsApi.Invalid(submission);
            }
        }
        using var slot = gate.TryEnter(organization.Current.Id, out var refusal);
        if (slot is null)
        {
            return Busy(context, gate, refusal);
        }

        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        ScorecardCompilation compilation;
        ImmutableArray<Engine.Validation.ScorecardDiagnostic> warnings = [];
        int? previewed = null;
        if (submission is not null)
        {
            // A draft is compiled for this request only: drafts change with every keystroke and
            // would push stored versions out of the shared cache.
            compilation = CompiledScorecardCache.Compile(submission.Text, submission.ContentHash);
            warnings = [.. submission.Warnings];
        }
        else
        {
            if ((await ScorecardsStore.FindWithVersionAsync(transaction, scorecardId, version, cancellationToken))?.Version is not { } stored)
            {
                return NotFound(scorecardId, version);
            }
            compilation = compiledScorecards.GetOrCompile(stored.Document);
            previewed = stored.Version;
        }
        if (compilation.Scorecard is not { } compiled)
        {
            return NoLongerValid(scorecardId, previewed, compilation);
        }

        var range = Periods(compiled, organization, from, to);
        if (range.Periods is not { } periods)
        {
            return range.Problem!;
        }
        try
        {
            // The request's token reaches the database queries and the engine's loop over periods:
            // a client that goes away stops the work it asked for.
            var scores = await ScoreComputation.ComputeAsync(transaction, compiled, previewed, compilation.ContentHash, periods, cancellationToken);
            return TypedResults.Json(
                new PreviewResponse(scorecardId, previewed, compilation.ContentHash, [.. warnings.Select(DiagnosticResponse.From)],
                    [.. scores.Select(s => new PreviewPeriod(s.Document, s.Trace))]),
                ScoreDocument.Json);
        }
        catch (RuleLoopException e)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, e.Message, "The rules never settle");
        }
    }

    /// <summary>429 when the organization's previews and recomputes fill its slots, 503 when the whole service's do.</summary>
    private static ProblemHttpResult Busy(HttpContext context, ComputeGate gate, ComputeRefusal refusal)
    {
        context.Response.Headers.RetryAfter = ComputeGate.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return refusal == ComputeRefusal.OrganizationBusy
            ? Problem(StatusCodes.Status429TooManyRequests,
                $"This organization already has {gate.Options.MaxConcurrentPerOrganization} previews or recomputes running, the most it may run at once; "
                + $"try again in {ComputeGate.RetryAfterSeconds} seconds.")
            : Problem(StatusCodes.Status503ServiceUnavailable,
                $"The service already runs {gate.Options.MaxConcurrent} previews or recomputes, the most it runs at once; try again in {ComputeGate.RetryAfterSeconds} seconds.");
    }

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> RecomputeAsync(
        string scorecardId, RequestOrganization organization, CompiledScorecardCache compiledScorecards, RecomputeLauncher launcher,
        CancellationToken cancellationToken, int? version = null, DateOnly? from = null, DateOnly? to = null)
    {
        ScorecardCompilation compilation;
        StoredScorecardVersion stored;
        await using (var transaction = await organization.BeginTransactionAsync(cancellationToken))
        {
            var found = await ScorecardsStore.FindWithVersionAsync(transaction, scorecardId, version, cancellationToken);
            if (found is { Scorecard.ArchivedAt: not null })
            {
                return Problem(StatusCodes.Status409Conflict, $"Scorecard '{scorecardId}' is archived; restore it before recomputing its scores.");
            }
            if (found?.Version is not { } foundVersion)
            {
                return NotFound(scorecardId, version);
            }
            stored = foundVersion;
            compilation = compiledScorecards.GetOrCompile(stored.Document);
        }
        if (compilation.Scorecard is not { } compiled)
        {
            return NoLongerValid(scorecardId, stored.Version, compilation);
        }
        var range = Periods(compiled, organization, from, to);
        if (range.Periods is not { } periods)
        {
            return range.Problem!;
        }
        var job = await launcher.EnqueueAsync(
            organization.Current.Id, scorecardId, stored.Version, JobRequester.Api, periods[0].Start, periods[^1].Start, periods.Count, cancellationToken);
        var response = JobResponse.Of(job, organization.Current.Slug);
        return TypedResults.Accepted(response.Url, response);
    }

    private sealed record PeriodRange(IReadOnlyList<ScorePeriod>? Periods, ProblemHttpResult? Problem);

    private static PeriodRange Periods(CompiledScorecard compiled, RequestOrganization organization, DateOnly? from, DateOnly? to)
    {
        var unit = compiled.Scorecard.Period;
        var today = PeriodCalendar.Today(organization.Current.TimeZone, DateTimeOffset.UtcNow);
        var (defaultFrom, defaultTo) = ScorePeriods.DefaultRange(unit, today);
        var first = from ?? (to is { } end && end < defaultFrom ? end : defaultFrom);
        var last = to ?? defaultTo;
        if (first > today)
        {
            return new(null, Problem(StatusCodes.Status400BadRequest,
                $"'from' ({first:yyyy-MM-dd}) is after today ({today:yyyy-MM-dd} in {organization.Current.TimeZone}); periods that have not started have no scores."));
        }
        if (last < first)
        {
            return new(null, Problem(StatusCodes.Status400BadRequest, $"'to' ({last:yyyy-MM-dd}) is before 'from' ({first:yyyy-MM-dd})."));
        }
        var periods = ScorePeriods.Range(unit, first, last < today ? last : today, today);
        if (periods is null)
        {
            return new(null, Problem(StatusCodes.Status400BadRequest, $"The range holds more than {ScorePeriods.MaxPeriods} periods; ask for a shorter one."));
        }
        return periods.Count > compiled.MaxRunPeriods
            ? new(null, Problem(StatusCodes.Status400BadRequest, ScorePeriods.OverBudget(compiled, periods.Count)))
            : new(periods, null);
    }

    /// <summary>
    /// A version stored before a check it now fails (such as the scorecard budget, SC094) is kept
    /// and readable, but not evaluated: 422 with what the engine says, as for a draft.
    /// </summary>
    private static ProblemHttpResult NoLongerValid(string scorecardId, int? version, ScorecardCompilation compilation)
    {
        var errors = compilation.Diagnostics.Where(d => d.Severity == Engine.Validation.DiagnosticSeverity.Error).ToList();
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The scorecard is not valid",
            Detail = $"Version {version} of scorecard '{scorecardId}' no longer passes the engine's checks, so it cannot be evaluated; "
                + $"validate it and store a corrected version. The first of {errors.Count} error(s): {errors.FirstOrDefault()}",
        };
        problem.Extensions["errors"] = compilation.Diagnostics.Select(DiagnosticResponse.From).ToList();
        return TypedResults.Problem(problem);
    }

    private static ProblemHttpResult NotFound(string scorecardId, int? version) =>
        Problem(StatusCodes.Status404NotFound, version is null ? $"There is no scorecard '{scorecardId}'." : $"Scorecard '{scorecardId}' has no version {version}.");

    private static ProblemHttpResult Problem(int status, string detail, string? title = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title ?? ReasonPhrases.GetReasonPhrase(status), Detail = detail });
}

/// <param name="Version">The stored version previewed; null for a draft.</param>
/// <param name="Warnings">The draft's warnings (a stored version's were given when it was stored).</param>
public sealed record PreviewResponse(string Scorecard, int? Version, string ContentHash, IReadOnlyList<DiagnosticResponse> Warnings, IReadOnlyList<PreviewPeriod> Periods);

/// <summary>A period's scores as a snapshot would hold them, and how the rules arrived at them.</summary>
public sealed record PreviewPeriod(ScoreDocument Scores, ImmutableArray<TraceEntry> Trace);
