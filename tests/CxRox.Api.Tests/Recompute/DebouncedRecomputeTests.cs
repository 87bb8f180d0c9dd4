using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scores;

namespace CxRox.Api.Tests.Recompute;

/// <summary>The recompute an ingest starts after Recompute:AfterIngestDelay (here a second).</summary>
public sealed class DebouncedRecomputeTests(DebouncedRecomputeTests.Fixture api) : IClassFixture<DebouncedRecomputeTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Recompute:AfterIngestDelay"] = "00:00:01",
        };
    }

    [Fact]
    public async Task AnIngestThatChangesAStoredPeriod_IsRecomputedAfterTheDelay_ByAJobOfItsOwn()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 4);
        await tenant.RecomputeAsync(api.Factory, $"?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}");
        var threeBack = tenant.DataStart.AddMonths(1);
        var before = StaleScoresTests.Orders(await StaleScoresTests.PeriodAsync(api.Factory, tenant, threeBack));

        await StaleScoresTests.CorrectOrdersAsync(api.Factory, tenant, threeBack.AddDays(9), 1_000_000);

        await StaleScoresTests.WaitUntilAsync(
            async () => !StaleScoresTests.Stale(await StaleScoresTests.PeriodAsync(api.Factory, tenant, threeBack)), "no recompute after the ingest");
        var after = StaleScoresTests.Orders(await StaleScoresTests.PeriodAsync(api.Factory, tenant, threeBack));
        Assert.True(after > before + 900_000, $"orders {before} then {after}");
        var jobs = await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetFromJsonAsync<JsonElement>(
            new Uri($"/v1/organizations/{tenant.Slug}/jobs?scorecard={tenant.ScorecardId}", UriKind.Relative));
        var job = jobs.EnumerateArray().First();
        Assert.Equal("data-change", job.GetProperty("requestedBy").GetString());
        Assert.Equal($"{threeBack:yyyy-MM-dd}", job.GetProperty("from").GetString());
    }

    [Fact]
    public async Task AnIngestIntoAnOrganizationWithoutStoredScores_StartsNoJob()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var other = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        await other.RecomputeAsync(api.Factory, $"?from={other.DataStart:yyyy-MM-dd}&to={other.DataEnd:yyyy-MM-dd}");

        await StaleScoresTests.CorrectOrdersAsync(api.Factory, tenant, tenant.DataStart, 3);
        await StaleScoresTests.CorrectOrdersAsync(api.Factory, other, other.DataStart, 3);

        // The other organization's debounced run is the witness that the delay has passed.
        await StaleScoresTests.WaitUntilAsync(
            async () => !StaleScoresTests.Stale(await StaleScoresTests.PeriodAsync(api.Factory, other, other.DataStart)), "no recompute after the ingest");
        var jobs = await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetFromJsonAsync<JsonElement>(
            new Uri($"/v1/organizations/{tenant.Slug}/jobs", UriKind.Relative));
        Assert.Empty(jobs.EnumerateArray());
    }
}
