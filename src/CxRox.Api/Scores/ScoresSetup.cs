namespace CxRox.Api.Scores;

public static class ScoresSetup
{
    public static void AddCxRoxScores(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LatestScoresCache>();
        builder.Services.AddOptions<ComputeOptions>()
            .Bind(builder.Configuration.GetSection(ComputeOptions.Section))
            .Validate(o => o.MaxConcurrent >= 1 && o.MaxConcurrentPerOrganization >= 1,
                "Compute:MaxConcurrent and Compute:MaxConcurrentPerOrganization must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ComputeGate>();
    }
}
