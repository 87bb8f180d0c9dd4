using CxRox.Api.Organizations;
using CxRox.Api.Schedules;
using CxRox.Api.Scorecards;
using CxRox.Api.Storage;
using Npgsql;
using Hangfire;
using Hangfire.Storage;

namespace CxRox.Api.Recompute;

/// <summary>
/// At start, makes Hangfire's recurring jobs match the stored schedules, one scorecard at a time:
/// a schedule stored while its jobs could not be (the change committed, then Hangfire's store
/// failed) gets them, and jobs of schedules or scorecards that are gone or archived are removed.
/// A schedule that cannot be scheduled (an older build stored a cron that never fires) is logged
/// and shown on its scorecard's schedule, and every other schedule, of that organization or any
/// other, still gets its jobs.
/// </summary>
/// <remarks>
/// Takes the service provider, not the services: hosted services are built before any of them
/// starts, and the data source can only be built once the database host has started.
/// </remarks>
public sealed class ScheduleReconciler(IServiceProvider services, ILogger<ScheduleReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var organizations = services.GetRequiredService<OrganizationsStore>();
        try
        {
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            var unread = new HashSet<Guid>();
            var failed = 0;
            foreach (var organization in await organizations.ListAsync(stoppingToken))
            {
                try
                {
                    failed += await ReconcileAsync(organization, wanted, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Its jobs are left as they are: removing them as stale would stop schedules that are fine.
                    unread.Add(organization.Id);
                    logger.LogError(e, "Could not reconcile the schedules of organization {Organization}; its recurring jobs are left as they were", organization.Slug);
                }
            }
            var recurringJobs = services.GetRequiredService<IRecurringJobManager>();
            List<string> stale;
            using (var connection = services.GetRequiredService<JobStorage>().GetConnection())
            {
                stale = [.. connection.GetRecurringJobs()
                    .Select(j => j.Id)
                    .Where(id => !wanted.Contains(id) && !unread.Any(o => id.StartsWith($"{o}/", StringComparison.Ordinal)))];
            }
            foreach (var id in stale)
            {
                recurringJobs.RemoveIfExists(id);
            }
            logger.LogInformation("Schedules reconciled: {Jobs} scheduled job(s), {Stale} stale one(s) removed, {Failed} schedule(s) that cannot be scheduled, {Unread} organization(s) not read",
                wanted.Count, stale.Count, failed, unread.Count);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Could not reconcile the schedules with Hangfire; they are reconciled again at the next start");
        }
    }

    /// <summary>Reconciles one organization's schedules, adding the jobs it keeps to <paramref name="wanted"/>; how many could not be scheduled.</summary>
    private async Task<int> ReconcileAsync(Organization organization, HashSet<string> wanted, CancellationToken stoppingToken)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var triggers = services.GetRequiredService<ScheduleTriggers>();
        IReadOnlyList<ScorecardSchedule> schedules;
        HashSet<string> archived;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organization.Id, stoppingToken))
        {
            archived = (await ScorecardsStore.ListAsync(transaction, includeArchived: true, stoppingToken))
                .Where(s => s.ArchivedAt is not null).Select(s => s.Id).ToHashSet();
            schedules = await ScheduleStore.ListAsync(transaction, stoppingToken);
        }

        var failed = 0;
        foreach (var schedule in schedules)
        {
            var active = archived.Contains(schedule.ScorecardId) ? null : schedule;
            IReadOnlyDictionary<ScheduleKind, string> problems;
            try
            {
                problems = await triggers.ApplyAsync(organization.Id, schedule.ScorecardId, active, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failed++;
                logger.LogError(e, "Could not schedule {Scorecard} of organization {Organization}; its recurring jobs are left as they were, the other schedules go on",
                    schedule.ScorecardId, organization.Slug);
                wanted.UnionWith(Enum.GetValues<ScheduleKind>().Select(k => ScheduleTriggers.RecurringJobId(organization.Id, schedule.ScorecardId, k)));
                continue;
            }
            foreach (var (kind, problem) in problems)
            {
                failed++;
                logger.LogWarning("The {Kind} schedule of {Scorecard} of organization {Organization} is not scheduled: {Problem}", kind, schedule.ScorecardId, organization.Slug, problem);
            }
            foreach (var kind in Enum.GetValues<ScheduleKind>().Where(k => active?.CronFor(k) is not null && !problems.ContainsKey(k)))
            {
                wanted.Add(ScheduleTriggers.RecurringJobId(organization.Id, schedule.ScorecardId, kind));
            }
        }
        return failed;
    }
}
