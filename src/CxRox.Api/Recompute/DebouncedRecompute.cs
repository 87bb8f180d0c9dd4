using CxRox.Api.Jobs;
using CxRox.Api.Organizations;
using CxRox.Api.Scorecards;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Engine.Evaluation;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace CxRox.Api.Recompute;

/// <summary>The settings of section "Recompute".</summary>
public sealed class RecomputeOptions
{
    public const string Section = "Recompute";

    /// <summary>
    /// How long after an ingest or a deletion that changed data the organization's stale periods
    /// are recomputed. Later changes within that time join the same run.
    /// </summary>
    public TimeSpan AfterIngestDelay { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>What a debounced run carries: whose stale periods to recompute.</summary>
public sealed record DebouncedRecomputeInput(Guid OrganizationId);

/// <summary>
/// The recompute a data change starts, <see cref="RecomputeOptions.AfterIngestDelay"/> after it
/// (docs/stale-scores.md): one pending firing per organization, which every change until it fires
/// joins, since it reads the stale periods only when it runs. A change while it runs schedules
/// the next one.
/// </summary>
public sealed class DebouncedRecompute(ISchedulerFactory schedulers, IOptions<RecomputeOptions> options, ILogger<DebouncedRecompute> logger)
{
    /// <summary>After the commit of a transaction that changed the organization's data.</summary>
    public async Task AfterChangeAsync(Guid organizationId)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(CancellationToken.None);
            await scheduler.ScheduleJob<DebouncedRecomputeJob, DebouncedRecomputeInput>(
                new DebouncedRecomputeInput(organizationId), options.Value.AfterIngestDelay,
                new OneOffJobOptions { Name = $"data-changed-{organizationId}", OnConflict = TriggerConflict.Keep, RequestRecovery = true },
                CancellationToken.None);
        }
        catch (Exception e)
        {
            // The data is stored and its periods say stale; the next scheduled recompute covers them.
            logger.LogWarning(e, "The recompute after a data change of organization {Organization} could not be scheduled", organizationId);
        }
    }
}

/// <summary>
/// Recomputes, for each scorecard of the organization that has stale stored periods, its current
/// version over what a scheduled recompute covers plus those periods (<see cref="StalePeriods.WidenAsync"/>),
/// as a recompute job of its own (requested by <see cref="JobRequester.DataChange"/>).
/// </summary>
public sealed class DebouncedRecomputeJob(
    NpgsqlDataSource dataSource, OrganizationsStore organizations, CompiledScorecardCache compiledScorecards, RecomputeLauncher launcher,
    ILogger<DebouncedRecomputeJob> logger) : IJob<DebouncedRecomputeInput>
{
    public async ValueTask Execute(IJobExecutionContext context, DebouncedRecomputeInput input, CancellationToken cancellationToken = default)
    {
        if (await organizations.FindAsync(input.OrganizationId, cancellationToken) is not { } organization)
        {
            return;
        }
        var today = ScorePeriods.Today(organization.TimeZone, DateTimeOffset.UtcNow);
        var runs = new List<(string Scorecard, int Version, IReadOnlyList<ScorePeriod> Periods)>();
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, input.OrganizationId, cancellationToken))
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
                input.OrganizationId, scorecard, version, JobRequester.DataChange, periods[0].Start, periods[^1].Start, periods.Count, cancellationToken);
            logger.LogInformation("Data of {Scorecard} changed: job {Job} recomputes {Periods} period(s) from {From:yyyy-MM-dd}", scorecard, job.Id, periods.Count, periods[0].Start);
        }
    }
}

public static class DebouncedRecomputeSetup
{
    public static void AddCxRoxDebouncedRecompute(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RecomputeOptions>(builder.Configuration.GetSection(RecomputeOptions.Section));
        builder.Services.AddSingleton<DebouncedRecompute>();
    }
}
