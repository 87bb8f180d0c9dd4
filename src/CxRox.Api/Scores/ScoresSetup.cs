namespace CxRox.Api.Scores;

public static class ScoresSetup
{
    public static void AddCxRoxScores(this WebApplicationBuilder builder) => builder.Services.AddSingleton<LatestScoresCache>();
}
