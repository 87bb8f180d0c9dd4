using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scores;
using Npgsql;

namespace CxRox.Api.Tests.Summaries;

/// <summary>Summaries written by recomputes of the retail sample on synthetic data, read through HTTP.</summary>
public sealed class SummariesApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Month(DateOnly start) => start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private HttpClient Reader(ScoresTenant tenant) => TestTenant.Client(api.Factory, tenant.Tenant.Reader);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task RecomputeOfThreeMonths_WritesTheSummaryOfTheLastOne_ListedWithLinksToEachRepresentation()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 3);
        var lastMonth = tenant.DataEnd.AddDays(1).AddMonths(-1);

        var job = await tenant.RecomputeAsync(api.Factory, $"?from={Month(tenant.DataStart)}&to={Month(tenant.DataEnd)}");

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("summaryError").ValueKind);
        var latest = await JsonAsync(await Reader(tenant).GetAsync(new Uri($"{tenant.ScorecardPath}/summaries/latest", UriKind.Relative)));
        Assert.Equal(Month(lastMonth), latest.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal(Month(tenant.DataEnd), latest.GetProperty("period").GetProperty("end").GetString());
        Assert.Equal(Month(lastMonth.AddMonths(-1)), latest.GetProperty("comparedWith").GetProperty("start").GetString());
        Assert.Equal(3, latest.GetProperty("trend").GetProperty("periods").GetArrayLength());
        Assert.Equal(1, latest.GetProperty("version").GetInt32());
        var coverage = latest.GetProperty("coverage");
        Assert.True(coverage.GetProperty("answers").GetInt64() > 0);
        Assert.True(coverage.GetProperty("observations").GetInt64() > 0);

        var list = await JsonAsync(await Reader(tenant).GetAsync(new Uri($"{tenant.ScorecardPath}/summaries", UriKind.Relative)));
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(Month(lastMonth), item.GetProperty("periodStart").GetString());
        Assert.Equal(latest.GetProperty("rox").GetProperty("value").GetDouble(), item.GetProperty("roxIndex").GetDouble());
        Assert.Equal(latest.GetProperty("red").GetArrayLength(), item.GetProperty("redMetrics").GetInt32());
        var links = item.GetProperty("links");
        Assert.Equal($"{tenant.ScorecardPath}/summaries/{Month(lastMonth)}?format=md", links.GetProperty("markdown").GetString());
        foreach (var (link, mediaType) in new[] { ("json", "application/json"), ("markdown", "text/markdown"), ("html", "text/html") })
        {
            var response = await Reader(tenant).GetAsync(new Uri(links.GetProperty(link).GetString()!, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task OneSummary_IsServedByAcceptAndBySuffix_WithValidators()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 2);
        await tenant.RecomputeAsync(api.Factory, $"?from={Month(tenant.DataStart)}&to={Month(tenant.DataEnd)}");
        var summaries = $"{tenant.ScorecardPath}/summaries";
        var day = Month(tenant.DataEnd.AddDays(-3));

        var byAccept = new Dictionary<string, HttpResponseMessage>();
        foreach (var accept in new[] { "", "application/json", "text/markdown", "text/html,application/xhtml+xml,*/*;q=0.8", "text/markdown;q=0.5, text/html" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{summaries}/{day}", UriKind.Relative));
            if (accept.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }
            byAccept[accept] = await Reader(tenant).SendAsync(request);
        }
        var bySuffix = new Dictionary<string, HttpResponseMessage>();
        foreach (var suffix in new[] { "json", "md", "html" })
        {
            bySuffix[suffix] = await Reader(tenant).GetAsync(new Uri($"{summaries}/{day}.{suffix}", UriKind.Relative));
        }
        var latestHtml = await Reader(tenant).GetAsync(new Uri($"{summaries}/latest.html", UriKind.Relative));
        var byFormat = new Dictionary<string, HttpResponseMessage>();
        foreach (var format in new[] { "json", "md", "html" })
        {
            // The format wins over an Accept header that asks for another.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{summaries}/{day}?format={format}", UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            byFormat[format] = await Reader(tenant).SendAsync(request);
        }

        Assert.Equal(
            ["application/json", "application/json", "text/markdown", "text/html", "text/html"],
            byAccept.Values.Select(r => r.Content.Headers.ContentType?.MediaType));
        Assert.All(byAccept.Values, r => Assert.Contains("Accept", r.Headers.Vary));
        Assert.Equal(["application/json", "text/markdown", "text/html"], bySuffix.Values.Select(r => r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(bySuffix.Values.Select(r => r.Headers.ETag), byFormat.Values.Select(r => r.Headers.ETag));
        Assert.All(bySuffix.Values.Concat(byAccept.Values), r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("utf-8", r.Content.Headers.ContentType?.CharSet);
            Assert.True(r.Headers.ETag is { IsWeak: false });
            Assert.True(r.Headers.CacheControl is { Private: true, NoCache: true });
            Assert.NotNull(r.Content.Headers.LastModified);
        });
        // The same representation has the same tag however it was asked for; another has another.
        Assert.Equal(bySuffix["md"].Headers.ETag, byAccept["text/markdown"].Headers.ETag);
        Assert.NotEqual(bySuffix["md"].Headers.ETag, bySuffix["html"].Headers.ETag);
        Assert.Equal(await bySuffix["html"].Content.ReadAsStringAsync(), await latestHtml.Content.ReadAsStringAsync());
        // The page runs nothing and loads nothing: its policy travels with it, however it was asked for.
        Assert.All([bySuffix["html"], byAccept["text/html,application/xhtml+xml,*/*;q=0.8"], latestHtml], r => Assert.Equal(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            Assert.Single(r.Headers.GetValues("Content-Security-Policy"))));
        Assert.False(bySuffix["json"].Headers.Contains("Content-Security-Policy"));
        Assert.All(bySuffix.Values.Concat(byAccept.Values), r => Assert.Equal("nosniff", Assert.Single(r.Headers.GetValues("X-Content-Type-Options"))));
        var page = XDocument.Parse(await bySuffix["html"].Content.ReadAsStringAsync());
        Assert.Equal(1 + 4, page.Descendants("svg").Count());
        Assert.StartsWith("# ", await bySuffix["md"].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal($"stores-{Month(tenant.DataEnd.AddDays(1).AddMonths(-1))}.html", bySuffix["html"].Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri($"{summaries}/{day}.md", UriKind.Relative));
        conditional.Headers.IfNoneMatch.Add(bySuffix["md"].Headers.ETag!);
        var notModified = await Reader(tenant).SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(bySuffix["md"].Headers.ETag, notModified.Headers.ETag);
    }

    [Fact]
    public async Task SummaryReads_AnswerProblemsForWhatTheyCannotServe()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var summaries = $"{tenant.ScorecardPath}/summaries";
        var reader = Reader(tenant);

        var none = await reader.GetAsync(new Uri($"{summaries}/latest", UriKind.Relative));
        var noScorecard = await reader.GetAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/nothing/summaries", UriKind.Relative));
        var badDay = await reader.GetAsync(new Uri($"{summaries}/2026-13-01", UriKind.Relative));
        var badSuffix = await reader.GetAsync(new Uri($"{summaries}/latest.pdf", UriKind.Relative));
        var badFormat = await reader.GetAsync(new Uri($"{summaries}/latest?format=pdf", UriKind.Relative));
        using var pdf = new HttpRequestMessage(HttpMethod.Get, new Uri($"{summaries}/latest", UriKind.Relative));
        pdf.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var notAcceptable = await reader.SendAsync(pdf);
        var badLimit = await reader.GetAsync(new Uri($"{summaries}?limit=0", UriKind.Relative));
        var emptyList = await reader.GetAsync(new Uri(summaries, UriKind.Relative));

        Assert.Contains("no summary yet", (await ProblemAssert.IsProblemAsync(none, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no scorecard 'nothing'", (await ProblemAssert.IsProblemAsync(noScorecard, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("neither a day", (await ProblemAssert.IsProblemAsync(badDay, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("not as '.pdf'", (await ProblemAssert.IsProblemAsync(badSuffix, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("not 'pdf'", (await ProblemAssert.IsProblemAsync(badFormat, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A client that accepts none of the three gets the problem all the same (without the trace id the
        // problem details service adds only for clients that accept JSON).
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        Assert.Equal("application/problem+json", notAcceptable.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text/markdown", await notAcceptable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(badLimit, HttpStatusCode.BadRequest);
        Assert.Empty((await JsonAsync(emptyList)).EnumerateArray());
    }

    [Fact]
    public async Task RecomputeOfAPartialPeriod_WritesNoSummaryOfIt()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var today = tenant.DataEnd.AddDays(1);

        // Without a range: the last complete month and the current one, to date.
        var job = await tenant.RecomputeAsync(api.Factory);

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var list = await JsonAsync(await Reader(tenant).GetAsync(new Uri($"{tenant.ScorecardPath}/summaries", UriKind.Relative)));
        Assert.Equal([Month(tenant.DataStart)], list.EnumerateArray().Select(i => i.GetProperty("periodStart").GetString()));
        var current = await Reader(tenant).GetAsync(new Uri($"{tenant.ScorecardPath}/summaries/{Month(today)}", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(current, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASummaryThatCannotBeWritten_IsRecordedOnTheJob_AndTheScoresAreStored()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var organizationId = await ScalarAsync<Guid>($"SELECT id FROM organizations WHERE slug = '{tenant.Slug}'");
        // Only this organization's summaries fail: the other tests of the class share the database.
        await ScalarAsync<object>(
            $"""
            CREATE FUNCTION refuse_summary() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'summaries are refused here'; END $$;
            CREATE TRIGGER refuse_summary BEFORE INSERT ON summaries FOR EACH ROW
                WHEN (NEW.org_id = '{organizationId}') EXECUTE FUNCTION refuse_summary();
            """);

        var job = await tenant.RecomputeAsync(api.Factory, $"?from={Month(tenant.DataStart)}&to={Month(tenant.DataEnd)}");

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("done").GetInt32());
        Assert.Contains("summaries are refused here", job.GetProperty("summaryError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM score_snapshots WHERE org_id = '{organizationId}'"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM summaries WHERE org_id = '{organizationId}'"));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
