using CxRox.Api.Scores;
using CxRox.Api.Summaries;
using CxRox.Engine.Evaluation;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Recompute;

/// <summary>
/// The pipeline's jobs run on Hangfire, with its store in the service's own PostgreSQL
/// (<see cref="JobStorageSchema"/>): every node on one database shares the work, and each job
/// runs on one of them. What runs, in which order:
/// <list type="number">
/// <item>A recompute (<see cref="RecomputeJob"/>, POST …/recompute or a schedule) evaluates its
/// periods and stores their snapshots (<see cref="ScoreRecompute"/>), then writes the summary of
/// its newest complete period (<see cref="SummaryWriter"/>); retried after the waits of
/// <see cref="RecomputeOptions"/>, except a rule loop, which fails it at once.</item>
/// <item>A schedule's firing (<see cref="ScheduledRunJob"/>, a recurring job per scorecard and
/// kind from <see cref="ScheduleTriggers"/>) is one run, keyed by its occurrence: a recompute,
/// and for a summary schedule the delivery of the summary; retried after the waits of
/// <see cref="ScheduledRunOptions"/>.</item>
/// <item>A webhook delivery (<see cref="WebhookDeliveryJob"/>) is one attempt a run, retried
/// after the waits of <see cref="Webhooks.WebhookOptions"/>.</item>
/// <item>A data change (ingest, delete, histogram rebuild) starts, after
/// <see cref="RecomputeOptions.AfterIngestDelay"/>, one <see cref="DebouncedRecomputeJob"/> per
/// organization (<see cref="DebouncedRecompute"/>), which queues a recompute of each scorecard's
/// stale periods.</item>
/// </list>
/// </summary>
public static class PipelineSetup
{
    public static void AddCxRoxPipeline(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobServerOptions>()
            .Bind(builder.Configuration.GetSection(JobServerOptions.Section))
            .Validate(o => o.Workers > 0 && o.QueuePollInterval > TimeSpan.Zero && o.SchedulePollingInterval > TimeSpan.Zero && o.InvisibilityTimeout > TimeSpan.Zero,
                "Jobs:Workers must be positive, and Jobs:QueuePollInterval, Jobs:SchedulePollingInterval and Jobs:InvisibilityTimeout positive time spans.")
            .ValidateOnStart();
        AddRetryOptions<RecomputeOptions>(builder, RecomputeOptions.Section);
        AddRetryOptions<ScheduledRunOptions>(builder, ScheduledRunOptions.Section);

        builder.Services.AddSingleton(new CompiledScorecardCache());
        builder.Services.AddSingleton<SummaryWriter>();
        builder.Services.AddSingleton<ScoreRecompute>();
        builder.Services.AddSingleton<RecomputeLauncher>();
        builder.Services.AddSingleton<DebouncedRecompute>();
        builder.Services.AddSingleton<ScheduledRuns>();
        builder.Services.AddSingleton<ScheduleTriggers>();
        builder.Services.AddSingleton<JobRetries>();
        // After the database host, which runs first: the schedules become recurring jobs at start.
        builder.Services.AddHostedService<ScheduleReconciler>();

        // Hangfire keeps its storage, job activator and filters in static fields unless they are
        // registered before AddHangfire; registered here, each host (the tests run several in one
        // process) has its own, on its own database.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var options = services.GetRequiredService<IOptions<JobServerOptions>>().Value;
            return new PostgreSqlStorage(new DataSourceConnections(services), new PostgreSqlStorageOptions
            {
                SchemaName = JobStorageSchema.Name,
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = options.QueuePollInterval,
                InvisibilityTimeout = options.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
            });
        });
        builder.Services.AddSingleton<JobActivator>(services => new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddSingleton<IJobFilterProvider>(services => new JobFilterProviderCollection(
            new JobFilterCollection { services.GetRequiredService<JobRetries>(), new StatisticsHistoryAttribute() },
            new JobFilterAttributeFilterProvider()));
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogging.Instance));
        builder.Services.AddHostedService<HangfireLoggingRegistration>();
        builder.Services.AddHangfireServer((services, server) =>
        {
            var options = services.GetRequiredService<IOptions<JobServerOptions>>().Value;
            server.WorkerCount = options.Workers;
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
        });
    }

    private static void AddRetryOptions<T>(WebApplicationBuilder builder, string section) where T : JobRetryOptions =>
        builder.Services.AddOptions<T>()
            .Bind(builder.Configuration.GetSection(section))
            .Validate(o => o.HasValidRetryDelays, $"{section}:RetryDelays must be a list of at most {JobRetryOptions.MaxRetries} waits, none negative.")
            .ValidateOnStart();
}

/// <summary>Points Hangfire's messages at this host's loggers while it runs (<see cref="HangfireLogging"/>).</summary>
internal sealed class HangfireLoggingRegistration(ILoggerFactory loggerFactory, IGlobalConfiguration configured) : IHostedService
{
    private IDisposable? registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // AddHangfire sets its own provider when the configuration is first asked for; ours is set after it.
        _ = configured;
        registration = HangfireLogging.Register(loggerFactory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        registration?.Dispose();
        return Task.CompletedTask;
    }
}
