namespace CxRox.Api.Schedules;

public static class SchedulesSetup
{
    public static void AddCxRoxSchedules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScheduleOptions>()
            .Bind(builder.Configuration.GetSection(ScheduleOptions.Section))
            .Validate(o => o.MinimumInterval > TimeSpan.Zero, "Schedules:MinimumInterval must be a positive time span, such as 00:05:00.")
            .ValidateOnStart();
    }
}
