using System.Diagnostics;
using CxRox.Api.Jobs;
using CxRox.Api.Organizations;
using CxRox.Api.Scorecards;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Api.Summaries;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;
using CxRox.Engine.Time;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>How a run of a recompute job ended; <see cref="Retry"/> asks the scheduler to try again later.</summary>
public enum RecomputeOutcome { AlreadyFinished, Succeeded, Failed, Retry }

/// <summary>
/// Runs one recompute job: evaluates its scorecard version for its periods on the stored data and
/// replaces their snapshots in one transaction, so that they are all stored or none is; then
/// writes the summary of the newest complete period in a transaction of its own (a summary that
/// fails is logged and kept on the job, and never costs the snapshots), and only then marks the
/// job succeeded, so that a client that saw the job succeed finds the summary. A node that dies in
/// between leaves the job running, and running it again stores the same snapshots. Errors of the
/// scorecard itself (rules that never settle) fail the job at once with the engine's message;
/// anything else is recorded and retried, up to <see cref="RecomputeOptions"/>' attempts.
/// </summary>
public sealed class ScoreRecompute(
    NpgsqlDataSource dataSource, OrganizationsStore organizations, CompiledScorecardCache compiledScorecards, SummaryWriter summaries, ComputeGate gate,
    IOptions<RecomputeOptions> options, ILogger<ScoreRecompute> logger)
{

    public async Task<RecomputeOutcome> RunAsync(Guid organizationId, Guid jobId, CancellationToken cancellationToken)
    {
        // A job was promised to run, so it waits for a slot (staying queued) instead of failing;
        // previews, which someone waits for, are refused instead (ComputeGate).
        using var slot = await gate.EnterAsync(organizationId, cancellationToken);
        ScoreJob? job;
        await using (var start = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
        {
            job = await JobsStore.StartAsync(start, jobId, cancellationToken);
            await start.CommitAsync(cancellationToken);
        }
        if (job is null)
        {
            return RecomputeOutcome.AlreadyFinished;
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            IReadOnlyList<ComputedScore> scores;
            CompiledScorecard compiled;
            await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
            {
                (scores, compiled) = await ComputeAndStoreAsync(transaction, organizationId, job, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            var summaryError = scores.LastOrDefault(s => !s.Period.Partial) is { } newestComplete
                ? await WriteSummaryAsync(organizationId, job, compiled, newestComplete.Period, scores, cancellationToken)
                : null;
            await FinishAsync(organizationId, job, JobStatus.Succeeded, scores.Count, null, summaryError);
            logger.LogInformation("Recomputed {Scorecard} v{Version}: {Periods} period(s) in {Elapsed:0} ms (job {Job})",
                job.ScorecardId, job.Version, scores.Count, stopwatch.Elapsed.TotalMilliseconds, job.Id);
            return RecomputeOutcome.Succeeded;
        }
        catch (Exception e) when (e is RuleLoopException or RecomputeException)
        {
            await FinishAsync(organizationId, job, JobStatus.Failed, 0, e.Message);
            return RecomputeOutcome.Failed;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Recompute job {Job} failed on attempt {Attempt}", job.Id, job.Attempts);
            var maxAttempts = options.Value.MaxAttempts;
            var final = job.Attempts >= maxAttempts;
            var reason = $"Attempt {job.Attempts} of {maxAttempts} failed: {e.Message}";
            await FinishAsync(organizationId, job, final ? JobStatus.Failed : JobStatus.Queued, 0, reason);
            return final ? RecomputeOutcome.Failed : RecomputeOutcome.Retry;
        }
    }

    /// <returns>Null when the summary was written; otherwise why not.</returns>
    private async Task<string?> WriteSummaryAsync(
        Guid organizationId, ScoreJob job, CompiledScorecard compiled, ScorePeriod period, IReadOnlyList<ComputedScore> stored, CancellationToken cancellationToken)
    {
        try
        {
            await summaries.WriteAsync(organizationId, job.ScorecardId, job.Version, period.Start, [.. stored.Select(s => s.Document)], cancellationToken,
                compiled.Scorecard);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "The summary of {Scorecard} v{Version} for {Period:yyyy-MM-dd} could not be written (job {Job})",
                job.ScorecardId, job.Version, period.Start, job.Id);
            return $"The summary of the period from {period.Start:yyyy-MM-dd} could not be written: {e.Message}";
        }
    }

    private async Task<(IReadOnlyList<ComputedScore> Scores, CompiledScorecard Compiled)> ComputeAndStoreAsync(OrganizationTransaction transaction, Guid organizationId, ScoreJob job, CancellationToken cancellationToken)
    {
        // Before any data is read: which changes the snapshots saw (docs/stale-scores.md).
        await Recompute.StalePeriods.NoteDataSeenAsync(transaction, cancellationToken);
        var organization = await organizations.FindAsync(organizationId, cancellationToken)
            ?? throw new RecomputeException("The organization no longer exists.");
        var stored = await ScorecardsStore.FindVersionAsync(transaction, job.ScorecardId, job.Version, cancellationToken)
            ?? throw new RecomputeException($"Scorecard '{job.ScorecardId}' has no version {job.Version}.");
        var compiled = compiledScorecards.GetOrCompile(stored.Document).Scorecard
            ?? throw new RecomputeException($"Version {job.Version} of '{job.ScorecardId}' no longer compiles; validate it and store a corrected version.");
        var today = PeriodCalendar.Today(organization.TimeZone, DateTimeOffset.UtcNow);
        var periods = ScorePeriods.Range(compiled.Scorecard.Period, job.FirstPeriod, job.LastPeriod, today)
            ?? throw new RecomputeException($"The job covers more than {ScorePeriods.MaxPeriods} periods.");
        if (periods.Count > compiled.MaxRunPeriods)
        {
            throw new RecomputeException(ScorePeriods.OverBudget(compiled, periods.Count));
        }
        var scores = await ScoreComputation.ComputeAsync(transaction, compiled, job.Version, stored.ContentHash, periods, cancellationToken);
        await SnapshotsStore.WriteAsync(transaction, job.ScorecardId, job.Version, stored.ContentHash, scores, job.Id, cancellationToken);
        return (scores, compiled);
    }

    // Its own transaction: one that failed is rolled back, and with it anything it wrote.
    private async Task FinishAsync(Guid organizationId, ScoreJob job, JobStatus status, int done, string? error, string? summaryError = null)
    {
        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, CancellationToken.None);
        await JobsStore.FinishAsync(transaction, job.Id, status, done, error, CancellationToken.None, summaryError);
        await transaction.CommitAsync(CancellationToken.None);
    }
}

/// <summary>A job that cannot succeed however often it is tried: its message says why.</summary>
public sealed class RecomputeException(string message) : Exception(message);
