using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Data;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;
using CxRox.Engine.Model;

namespace CxRox.Api.Tests.Scores;

/// <summary>
/// The consultant's flow end to end through HTTP, as the README tells it: an organization and its
/// keys, a scorecard, data, a preview of a draft, the scorecard replaced, a recompute, the scores
/// and their CSV, which parses back to the same numbers.
/// </summary>
public sealed class ConsultantFlowTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task OrganizationKeysScorecardDataPreviewRecomputeScoresAndCsv()
    {
        // An organization, with an editor, an ingest and a reader key.
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var slug = "flow-" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, slug, "Europe/Warsaw");
        var editor = TestTenant.Client(api.Factory, tenant.Editor);
        var reader = TestTenant.Client(api.Factory, tenant.Reader);
        var scorecardPath = $"/v1/organizations/{slug}/scorecards/stores";

        // The scorecard.
        var document = ScorecardsApiTests.Sample(slug, "stores");
        var put = await editor.PutAsync(new Uri(scorecardPath, UriKind.Relative), TestTenant.Json(document));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        // Two complete months of data, as CSV.
        var thisMonth = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")));
        thisMonth = new DateOnly(thisMonth.Year, thisMonth.Month, 1);
        var start = thisMonth.AddMonths(-2);
        var data = new SyntheticData(ScorecardReader.Read(document).Scorecard!, start, 2);
        var ingest = TestTenant.Client(api.Factory, tenant.Ingest);
        foreach (var (kind, lines) in new[] { ("observations", data.ObservationsCsv()), ("survey-answers", data.AnswersCsv(8, 1)) })
        {
            var posted = await ingest.PostAsync(new Uri($"/v1/organizations/{slug}/data/{kind}", UriKind.Relative),
                new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/csv"));
            Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        }
        var range = $"from={start:yyyy-MM-dd}&to={thisMonth.AddDays(-1):yyyy-MM-dd}";

        // A draft with a stricter NPS target, previewed on the data, then stored.
        var draft = JsonNode.Parse(document)!;
        draft["metrics"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "nps")!["target"] = 80;
        var preview = await editor.PostAsync(new Uri($"{scorecardPath}/preview?{range}", UriKind.Relative), TestTenant.Json(draft.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewed = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, previewed.GetProperty("periods").GetArrayLength());
        using var replace = new HttpRequestMessage(HttpMethod.Put, new Uri(scorecardPath, UriKind.Relative))
        {
            Content = TestTenant.Json(draft.ToJsonString()),
            Headers = { { "If-Match", put.Headers.ETag!.ToString() } },
        };
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(replace)).StatusCode);

        // The recompute, followed to its end.
        var recompute = await editor.PostAsync(new Uri($"{scorecardPath}/recompute?{range}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, recompute.StatusCode);
        var job = await ScoresTenant.WaitForJobAsync(api.Factory, tenant.Reader, recompute.Headers.Location!);
        Assert.Equal(("succeeded", 2, 2), (job.GetProperty("status").GetString(), job.GetProperty("done").GetInt32(), job.GetProperty("total").GetInt32()));

        // The latest scores are version 2's, and what the preview of its draft showed.
        var latest = await reader.GetFromJsonAsync<JsonElement>(new Uri($"{scorecardPath}/scores/latest", UriKind.Relative));
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal(thisMonth.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), latest.GetProperty("period").GetProperty("start").GetString());
        var previewedLast = previewed.GetProperty("periods")[1].GetProperty("scores");
        Assert.Equal(previewedLast.GetProperty("rox").GetProperty("index").GetDouble(), latest.GetProperty("rox").GetProperty("index").GetDouble());

        // The CSV parses back to the numbers of the JSON.
        var csv = await reader.GetStringAsync(new Uri($"{scorecardPath}/scores.csv?{range}", UriKind.Relative));
        var rows = Rfc4180.Parse(csv);
        Assert.Equal(["period_start", "period_end", "scorecard", "version", "pillar", "metric", "value", "score", "status", "target", "partial", "stale"], rows[0]);
        var lastMonth = rows.Skip(1).Where(r => r[0] == latest.GetProperty("period").GetProperty("start").GetString()).ToList();
        foreach (var metric in latest.GetProperty("metrics").EnumerateArray())
        {
            var row = Assert.Single(lastMonth, r => r[5] == metric.GetProperty("id").GetString());
            var value = metric.GetProperty("value");
            Assert.Equal(value.ValueKind == JsonValueKind.Null ? "" : value.GetRawText(), row[6]);
            Assert.Equal(metric.GetProperty("status").ValueKind == JsonValueKind.Null ? "" : metric.GetProperty("status").GetString(), row[8]);
        }
    }
}
