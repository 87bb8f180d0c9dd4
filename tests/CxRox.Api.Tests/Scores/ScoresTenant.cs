using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Data;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using CxRox.Engine.Model;

namespace CxRox.Api.Tests.Scores;

/// <summary>
/// An organization with the retail sample (id "stores") and its synthetic data for the complete
/// months before the current one, ready to preview, recompute and read scores.
/// </summary>
public sealed record ScoresTenant(TestTenant Tenant, string ScorecardId, DateOnly DataStart, DateOnly DataEnd)
{
    public const string TimeZone = "Europe/Warsaw";

    public string Slug => Tenant.Slug;

    public string ScorecardPath => $"/v1/organizations/{Tenant.Slug}/scorecards/{ScorecardId}";

    /// <param name="months">Complete months of data, ending with the last complete month in the organization's time zone.</param>
    /// <param name="editSample">Changes the sample's text before it is stored.</param>
    public static async Task<ScoresTenant> CreateAsync(ApiFactory factory, int months = 3, Func<string, string>? editSample = null)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(factory);
        var tenant = await TestTenant.CreateAsync(factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10], TimeZone);
        var text = ScorecardsApiTests.Sample(tenant.Slug, "stores");
        text = editSample is null ? text : editSample(text);
        var put = await TestTenant.Client(factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative), TestTenant.Json(text));
        Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)));
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var start = thisMonth.AddMonths(-months);
        var data = new SyntheticData(ScorecardReader.Read(text).Scorecard!, start, months);
        await IngestAsync(factory, tenant, "observations", data.ObservationsCsv());
        await IngestAsync(factory, tenant, "survey-answers", data.AnswersCsv(customerAnswersPerDay: 6, employeeAnswersPerDay: 1));
        return new ScoresTenant(tenant, "stores", start, thisMonth.AddDays(-1));
    }

    private static async Task IngestAsync(ApiFactory factory, TestTenant tenant, string kind, IEnumerable<string> lines)
    {
        var response = await TestTenant.Client(factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/{kind}", UriKind.Relative),
            new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Starts a recompute (202) and returns the job as it ended; fails the test if it has not ended in 30 seconds.</summary>
    public async Task<JsonElement> RecomputeAsync(ApiFactory factory, string query = "")
    {
        var editor = TestTenant.Client(factory, Tenant.Editor);
        var started = await editor.PostAsync(new Uri($"{ScorecardPath}/recompute{query}", UriKind.Relative), null);
        var body = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, body);
        return await WaitForJobAsync(factory, Tenant.Reader, started.Headers.Location!);
    }

    /// <summary>Polls a job with a reader key until it has ended; fails the test if it has not in 30 seconds.</summary>
    public static async Task<JsonElement> WaitForJobAsync(ApiFactory factory, string readerKey, Uri job)
    {
        var reader = TestTenant.Client(factory, readerKey);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var response = await reader.GetAsync(job);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var state = JsonDocument.Parse(text).RootElement;
            if (state.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return state;
            }
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"The job has not ended after 30 seconds: {text}");
            await Task.Delay(50);
        }
    }
}
