namespace CxRox.Api.Schedules;

public static class SchedulesSetup
{
    public static void AddCxRoxSchedules(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScheduleTriggers>();
        builder.Services.AddSingleton<ScheduledRuns>();
        // After Quartz's hosted service, so that the scheduler has started.
        builder.Services.AddHostedService<ScheduleReconciler>();
    }
}
