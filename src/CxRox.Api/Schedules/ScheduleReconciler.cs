using CxRox.Api.Organizations;
using CxRox.Api.Scorecards;
using CxRox.Api.Storage;
using Npgsql;
using Quartz;

namespace CxRox.Api.Schedules;

/// <summary>
/// At start, makes Quartz's schedule triggers match the stored schedules: a schedule stored while
/// its triggers could not be (the change committed, then Quartz failed) gets them, and triggers
/// of schedules or scorecards that are gone or archived are removed.
/// </summary>
/// <remarks>
/// Takes the service provider, not the services: hosted services are built before any of them
/// starts, and the data source can only be built once the database host has started.
/// </remarks>
public sealed class ScheduleReconciler(IServiceProvider services, ILogger<ScheduleReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var organizations = services.GetRequiredService<OrganizationsStore>();
        var triggers = services.GetRequiredService<ScheduleTriggers>();
        var schedulers = services.GetRequiredService<ISchedulerFactory>();
        try
        {
            var wanted = new HashSet<JobKey>();
            foreach (var organization in await organizations.ListAsync(stoppingToken))
            {
                await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organization.Id, stoppingToken);
                var archived = (await ScorecardsStore.ListAsync(transaction, includeArchived: true, stoppingToken))
                    .Where(s => s.ArchivedAt is not null).Select(s => s.Id).ToHashSet();
                foreach (var schedule in await ScheduleStore.ListAsync(transaction, stoppingToken))
                {
                    var active = archived.Contains(schedule.ScorecardId) ? null : schedule;
                    await triggers.ApplyAsync(organization.Id, schedule.ScorecardId, active, stoppingToken);
                    foreach (var kind in Enum.GetValues<ScheduleKind>().Where(k => active?.CronFor(k) is not null))
                    {
                        wanted.Add(ScheduleTriggers.JobKeyFor(organization.Id, schedule.ScorecardId, kind));
                    }
                }
            }
            var scheduler = await schedulers.GetScheduler(stoppingToken);
            var stale = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleTriggers.Group), stoppingToken)).Where(k => !wanted.Contains(k)).ToList();
            await scheduler.DeleteJobs(stale, stoppingToken);
            logger.LogInformation("Schedules reconciled: {Jobs} scheduled job(s), {Stale} stale one(s) removed", wanted.Count, stale.Count);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Could not reconcile the schedules with Quartz; they are reconciled again at the next start");
        }
    }
}
