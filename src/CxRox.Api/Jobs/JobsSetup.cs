using System.Data.Common;
using CxRox.Api.Scores;
using CxRox.Api.Summaries;
using CxRox.Engine.Evaluation;
using Npgsql;
using Quartz;

namespace CxRox.Api.Jobs;

/// <summary>
/// Quartz with its persistent store in the service's own PostgreSQL, clustered: every instance of
/// the service on one database shares the work, and each firing runs on one of them. Quartz
/// creates its tables (qrtz_*) itself on first start.
/// </summary>
public static class JobsSetup
{
    /// <summary>Waits between the attempts of a failed job (after the first failure).</summary>
    public static readonly RetryPolicy Retries = RetryPolicy.Exponential(ScoreRecompute.MaxAttempts - 1, TimeSpan.FromSeconds(5), 3, TimeSpan.FromMinutes(5));

    public static void AddCxRoxJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new CompiledScorecardCache());
        builder.Services.AddSingleton<SummaryWriter>();
        builder.Services.AddSingleton<ScoreRecompute>();
        builder.Services.AddSingleton<RecomputeLauncher>();
        // Quartz takes its connections from the service's data source, which knows the database
        // only once DatabaseHost has started it (an embedded server picks its port then).
        builder.Services.AddSingleton<DbDataSource>(services => services.GetRequiredService<NpgsqlDataSource>());
        builder.Services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(4, Environment.ProcessorCount * 2));
            quartz.UseDefaultRetryPolicy(Retries);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(source => source.UseRegisteredDataSource = true);
                store.UseSystemTextJsonSerializer();
                store.UseClustering();
                store.ProvisionSchema();
            });
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
    }
}
