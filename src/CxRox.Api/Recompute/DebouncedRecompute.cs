using CxRox.Api.Jobs;
using CxRox.Api.Organizations;
using CxRox.Api.Scorecards;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Time;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxRox.Api.Recompute;

/// <summary>
/// The recompute a data change starts, <see cref="RecomputeOptions.AfterIngestDelay"/> after it
/// (docs/stale-scores.md): one pending Hangfire job per organization, which every change until it
/// runs joins, since it reads the stale periods only when it runs. A change while it runs
/// schedules the next one. Which job is pending is kept in Hangfire's own storage, under a
/// distributed lock, so two nodes taking changes at once still schedule one.
/// </summary>
public sealed class DebouncedRecompute(IBackgroundJobClient jobs, JobStorage storage, IOptions<RecomputeOptions> options, ILogger<DebouncedRecompute> logger)
{
    private const string PendingJobField = "job";

    /// <summary>After the commit of a transaction that changed the organization's data.</summary>
    public Task AfterChangeAsync(Guid organizationId)
    {
        try
        {
            var key = $"cxrox:data-changed:{organizationId:N}";
            using var connection = storage.GetConnection();
            using (connection.AcquireDistributedLock(key, TimeSpan.FromSeconds(30)))
            {
                if (connection.GetAllEntriesFromHash(key)?.GetValueOrDefault(PendingJobField) is { } pending && IsWaiting(connection, pending))
                {
                    return Task.CompletedTask;
                }
                var id = jobs.Schedule<DebouncedRecomputeJob>(job => job.RunAsync(organizationId, CancellationToken.None), options.Value.AfterIngestDelay);
                connection.SetRangeInHash(key, [new KeyValuePair<string, string>(PendingJobField, id)]);
            }
        }
        catch (Exception e)
        {
            // The data is stored and its periods say stale; the next scheduled recompute covers them.
            logger.LogWarning(e, "The recompute after a data change of organization {Organization} could not be scheduled", organizationId);
        }
        return Task.CompletedTask;
    }

    // Scheduled or enqueued: it has not read the stale periods yet, so this change joins it.
    private static bool IsWaiting(IStorageConnection connection, string jobId) =>
        connection.GetStateData(jobId)?.Name is { } state && (state == ScheduledState.StateName || state == EnqueuedState.StateName);
}

/// <summary>
/// Recomputes, for each scorecard of the organization that has stale stored periods, its current
/// version over what a scheduled recompute covers plus those periods (<see cref="StalePeriods.WidenAsync"/>),
/// as a recompute job of its own (requested by <see cref="JobRequester.DataChange"/>).
/// </summary>
public sealed class DebouncedRecomputeJob(
    NpgsqlDataSource dataSource, OrganizationsStore organizations, CompiledScorecardCache compiledScorecards, RecomputeLauncher launcher,
    ILogger<DebouncedRecomputeJob> logger)
{
    public async Task RunAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        if (await organizations.FindAsync(organizationId, cancellationToken) is not { } organization)
        {
            return;
        }
        var today = PeriodCalendar.Today(organization.TimeZone, DateTimeOffset.UtcNow);
        var runs = new List<(string Scorecard, int Version, IReadOnlyList<ScorePeriod> Periods)>();
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
        {
            foreach (var scorecard in await ScorecardsStore.ListAsync(transaction, includeArchived: false, cancellationToken))
            {
                var version = await ScorecardsStore.FindVersionAsync(transaction, scorecard.Id, scorecard.CurrentVersion, cancellationToken);
                if (version is null || compiledScorecards.GetOrCompile(version.Document).Scorecard is not { } compiled)
                {
                    continue;
                }
                var unit = compiled.Scorecard.Period;
                var (from, to) = ScorePeriods.DefaultRange(unit, today);
                var usual = ScorePeriods.Range(unit, from, to, today)!;
                // Only a scorecard with a stale stored period: one never computed has nothing to correct.
                var firstAfter = usual[^1].EndExclusive;
                if (await StalePeriods.OldestStaleStartAsync(transaction, scorecard.Id, version.Version, firstAfter, cancellationToken) is null)
                {
                    continue;
                }
                runs.Add((scorecard.Id, version.Version, await StalePeriods.WidenAsync(transaction, scorecard.Id, version.Version, compiled, usual, today, cancellationToken)));
            }
        }
        foreach (var (scorecard, version, periods) in runs)
        {
            var job = await launcher.EnqueueAsync(
                organizationId, scorecard, version, JobRequester.DataChange, periods[0].Start, periods[^1].Start, periods.Count, cancellationToken);
            logger.LogInformation("Data of {Scorecard} changed: job {Job} recomputes {Periods} period(s) from {From:yyyy-MM-dd}", scorecard, job.Id, periods.Count, periods[0].Start);
        }
    }
}
