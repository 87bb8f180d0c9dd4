using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Scores;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Scores;

/// <summary>
/// The reads BI tools use, over HTTP, on one organization whose three complete months have been
/// recomputed once (<see cref="Scored"/>): one period, its trace and findings, the series with
/// filters and pages, the CSV and NDJSON exports, and their ETags.
/// </summary>
public sealed class ScoreReadsTests(ScoreReadsTests.Scored scored) : IClassFixture<ScoreReadsTests.Scored>
{
    /// <summary>The application on a database of this class's own, with one recomputed organization that the tests only read.</summary>
    public sealed class Scored : IAsyncLifetime
    {
        public ApiFixture Api { get; } = new();
        public ScoresTenant Tenant { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Api.InitializeAsync();
            Tenant = await ScoresTenant.CreateAsync(Api.Factory);
            var job = await Tenant.RecomputeAsync(Api.Factory, $"?from={Tenant.DataStart:yyyy-MM-dd}&to={Tenant.DataEnd:yyyy-MM-dd}");
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
        }

        public Task DisposeAsync() => Api.DisposeAsync();
    }

    private ScoresTenant Tenant => scored.Tenant;

    private DateOnly[] Months => [Tenant.DataStart, Tenant.DataStart.AddMonths(1), Tenant.DataStart.AddMonths(2)];

    private async Task<HttpResponseMessage> GetAsync(string relative, string? accept = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relative.StartsWith('/') ? relative : $"{Tenant.ScorecardPath}/{relative}", UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        if (ifNoneMatch is not null)
        {
            request.Headers.Add("If-None-Match", ifNoneMatch);
        }
        return await TestTenant.Client(scored.Api.Factory, Tenant.Tenant.Reader).SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(string relative)
    {
        var response = await GetAsync(relative);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The period's stored result as reads serve it: with period.stale, false here (no data changed since).</summary>
    private async Task<string> StoredResultAsync(DateOnly periodStart)
    {
        await using var connection = new NpgsqlConnection(scored.Api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT jsonb_set(s.result, '{period,stale}', 'false')::text FROM score_snapshots s JOIN organizations o ON o.id = s.org_id
            WHERE o.slug = $1 AND s.scorecard_id = $2 AND s.period_start = $3
            """, connection)
        {
            Parameters = { new() { Value = Tenant.Slug }, new() { Value = Tenant.ScorecardId }, new() { Value = periodStart } },
        };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static void AssertRevalidated(HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl;
        Assert.True(cacheControl is { Private: true, NoCache: true, NoStore: false, MaxAge: null }, $"Cache-Control: {cacheControl}");
    }

    private static DateOnly PeriodStart(JsonElement withPeriod) =>
        DateOnly.Parse(withPeriod.GetProperty("period").GetProperty("start").GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Latest_ServesTheNewestPeriodsDocument_AsStored_WithETagAndCacheControl()
    {
        var response = await GetAsync("scores/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await StoredResultAsync(Months[2]), await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        AssertRevalidated(response);
    }

    [Fact]
    public async Task Latest_OfAVersion_IsThatVersions_AndOfAVersionWithoutScores_Is404SayingHowToComputeThem()
    {
        var latest = await GetJsonAsync("scores/latest?version=1");
        Assert.Equal(1, latest.GetProperty("version").GetInt32());
        Assert.Equal(Months[2], PeriodStart(latest));

        var missing = await GetAsync("scores/latest?version=2");

        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Contains("Version 2 of scorecard 'stores' has no scores", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("/recompute?version=2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertRevalidated(missing);
    }

    [Fact]
    public async Task ADate_GivesThePeriodHoldingIt()
    {
        var september = Months[1];

        var first = await GetAsync($"scores/{september:yyyy-MM-dd}");
        var middle = await GetJsonAsync($"scores/{september.AddDays(16):yyyy-MM-dd}");
        var last = await GetJsonAsync($"scores/{september.AddMonths(1).AddDays(-1):yyyy-MM-dd}?version=1");

        Assert.Equal(await StoredResultAsync(september), await first.Content.ReadAsStringAsync());
        Assert.Equal(september, PeriodStart(middle));
        Assert.Equal(september, PeriodStart(last));
    }

    [Theory]
    [InlineData("scores/2026-13-01")]
    [InlineData("scores/yesterday")]
    [InlineData("scores/2026-1-5/full")]
    [InlineData("scores/01.10.2026/findings")]
    public async Task ABadDate_Is400(string path)
    {
        var problem = await ProblemAssert.IsProblemAsync(await GetAsync(path), HttpStatusCode.BadRequest);

        Assert.Contains("is not a date", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADateWithoutScores_Is404SayingWhichPeriodToRecompute()
    {
        var problem = await ProblemAssert.IsProblemAsync(await GetAsync("scores/2020-02-10"), HttpStatusCode.NotFound);

        Assert.Contains("no scores for the period holding 2020-02-10", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("/recompute?from=2020-02-10&to=2020-02-10", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scores/latest/full")]
    [InlineData("scores/{date}/full")]
    public async Task Full_IsTheDocumentWithItsRuleTrace(string path)
    {
        var document = JsonDocument.Parse(await StoredResultAsync(Months[2])).RootElement;

        var full = await GetJsonAsync(path.Replace("{date}", $"{Months[2].AddDays(3):yyyy-MM-dd}", StringComparison.Ordinal));

        Assert.Equal(JsonValueKind.Array, full.GetProperty("trace").ValueKind);
        Assert.NotEqual(0, full.GetProperty("trace").GetArrayLength());
        Assert.All(full.GetProperty("trace").EnumerateArray(), entry => Assert.True(entry.TryGetProperty("ruleId", out _)));
        foreach (var property in document.EnumerateObject())
        {
            Assert.Equal(property.Value.GetRawText(), full.GetProperty(property.Name).GetRawText());
        }
    }

    [Theory]
    [InlineData("scores/latest/findings")]
    [InlineData("scores/{date}/findings")]
    public async Task Findings_ArePeriodIndexAndFindingsWithTheirActions(string path)
    {
        var document = JsonSerializer.Deserialize<ScoreDocument>(await StoredResultAsync(Months[2]), ScoreDocument.Json)!;

        var response = await GetAsync(path.Replace("{date}", $"{Months[2]:yyyy-MM-dd}", StringComparison.Ordinal));
        var text = await response.Content.ReadAsStringAsync();

        var findings = JsonSerializer.Deserialize<ScoreFindingsResponse>(text, ScoreDocument.Json)!;
        Assert.Equal(["scorecard", "version", "period", "rox", "findings"], JsonDocument.Parse(text).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("stores", findings.Scorecard);
        Assert.Equal(1, findings.Version);
        Assert.Equal(document.Period, findings.Period);
        Assert.Equal(document.Rox, findings.Rox);
        Assert.NotEmpty(findings.Findings);
        Assert.Equal<Engine.Evaluation.Finding>(document.Findings, findings.Findings);
        Assert.Contains(findings.Findings, f => f.Action is not null);
    }

    [Fact]
    public async Task Series_ByDefault_HoldsTheNewestPeriodsOldestFirst_AsStored()
    {
        var response = await GetAsync("scores");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Link"));
        Assert.Contains("Accept", response.Headers.Vary);
        var series = JsonSerializer.Deserialize<ScoreSeriesResponse>(text, ScoreDocument.Json)!;
        Assert.Equal("stores", series.Scorecard);
        Assert.Equal(1, series.Version);
        Assert.Null(series.Next);
        Assert.Equal(Months, series.Periods.Select(p => p.Period.Start));
        foreach (var period in series.Periods)
        {
            var stored = JsonSerializer.Deserialize<ScoreDocument>(await StoredResultAsync(period.Period.Start), ScoreDocument.Json)!;
            Assert.Equal(stored.Rox, period.Rox);
            Assert.Equal<PillarDocument>(stored.Pillars, period.Pillars);
            Assert.Equal(stored.Metrics.Select(m => (m.Id, m.Value, m.Score, m.Status, m.Target)), period.Metrics.Select(m => (m.Id, m.Value, m.Score, m.Status, m.Target)));
        }
    }

    [Fact]
    public async Task Series_FromAndTo_PickThePeriodsHoldingThem()
    {
        var series = await GetJsonAsync($"scores?from={Months[1].AddDays(20):yyyy-MM-dd}&to={Months[2].AddDays(1):yyyy-MM-dd}");

        Assert.Equal(Months[1..], series.GetProperty("periods").EnumerateArray().Select(PeriodStart));
    }

    [Fact]
    public async Task Series_FilteredByPillar_KeepsThatPillarAndItsMetrics()
    {
        var series = JsonSerializer.Deserialize<ScoreSeriesResponse>((await GetJsonAsync("scores?pillar=ex")).GetRawText(), ScoreDocument.Json)!;

        Assert.Equal(3, series.Periods.Count);
        Assert.All(series.Periods, p => Assert.Equal(["ex"], p.Pillars.Select(x => x.Id)));
        Assert.All(series.Periods, p => Assert.Equal(["staff_enps", "separations", "avg_headcount", "staff_turnover"], p.Metrics.Select(m => m.Id)));
    }

    [Fact]
    public async Task Series_FilteredByMetric_KeepsThatMetricAndItsPillar()
    {
        var series = JsonSerializer.Deserialize<ScoreSeriesResponse>((await GetJsonAsync("scores?metric=nps")).GetRawText(), ScoreDocument.Json)!;

        Assert.All(series.Periods, p => Assert.Equal(["nps"], p.Metrics.Select(m => m.Id)));
        Assert.All(series.Periods, p => Assert.Equal(["cx"], p.Pillars.Select(x => x.Id)));
    }

    [Fact]
    public async Task Series_FilteredByTag_KeepsMetricsWithThatTouchpointChannelOrJourneyStage()
    {
        var byChannel = JsonSerializer.Deserialize<ScoreSeriesResponse>((await GetJsonAsync("scores?tag=store")).GetRawText(), ScoreDocument.Json)!;
        var byStage = JsonSerializer.Deserialize<ScoreSeriesResponse>((await GetJsonAsync("scores?tag=after%20purchase")).GetRawText(), ScoreDocument.Json)!;

        Assert.All(byChannel.Periods, p => Assert.Equal(["csat", "fitting_room_wait", "out_of_stock_rate"], p.Metrics.Select(m => m.Id)));
        Assert.All(byStage.Periods, p => Assert.Equal(["nps", "complaint_rate"], p.Metrics.Select(m => m.Id)));
        Assert.All(byStage.Periods, p => Assert.Equal(["cx"], p.Pillars.Select(x => x.Id)));
    }

    [Fact]
    public async Task Series_FilteredByStatus_KeepsMetricsWithThatStatus_AndThePillarsHoldingThem()
    {
        var all = JsonSerializer.Deserialize<ScoreSeriesResponse>((await GetJsonAsync("scores")).GetRawText(), ScoreDocument.Json)!;
        foreach (var status in new[] { "green", "amber", "red" })
        {
            var filtered = JsonSerializer.Deserialize<ScoreSeriesResponse>((await GetJsonAsync($"scores?status={status}")).GetRawText(), ScoreDocument.Json)!;

            for (var i = 0; i < all.Periods.Count; i++)
            {
                var expected = all.Periods[i].Metrics.Where(m => m.Status?.ToString().Equals(status, StringComparison.OrdinalIgnoreCase) == true).ToList();
                Assert.Equal(expected.Select(m => m.Id), filtered.Periods[i].Metrics.Select(m => m.Id));
                Assert.Equal(all.Periods[i].Pillars.Where(p => expected.Any(m => m.Pillar == p.Id)).Select(p => p.Id), filtered.Periods[i].Pillars.Select(p => p.Id));
            }
        }
        Assert.Contains(all.Periods.SelectMany(p => p.Metrics), m => m.Status is not null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Paging_WalksEveryPeriodOnce_InOrder_FollowingNextAndTheLinkHeader(int limit)
    {
        var seen = new List<DateOnly>();
        var url = $"{Tenant.ScorecardPath}/scores?status=red&limit={limit}";
        var pages = 0;
        while (url is not null)
        {
            var response = await GetAsync(url);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(page.GetProperty("periods").GetArrayLength() <= limit);
            seen.AddRange(page.GetProperty("periods").EnumerateArray().Select(PeriodStart));
            var next = page.GetProperty("next").GetString();
            if (next is null)
            {
                Assert.False(response.Headers.Contains("Link"));
            }
            else
            {
                Assert.Equal($"<{next}>; rel=\"next\"", Assert.Single(response.Headers.GetValues("Link")));
                Assert.Contains("status=red", next, StringComparison.Ordinal);
            }
            url = next!;
            Assert.True(++pages <= 3);
        }

        Assert.Equal(Months, seen);
    }

    [Theory]
    [InlineData("scores?limit=0", "'limit'")]
    [InlineData("scores?limit=121", "'limit'")]
    [InlineData("scores?cursor=bm9wZQ", "'cursor'")]
    [InlineData("scores?cursor=%25%25", "'cursor'")]
    [InlineData("scores?status=purple", "'status'")]
    [InlineData("scores.ndjson?from=2026-03-01&to=2026-02-01", "before")]
    public async Task BadSeriesQueries_Are400(string path, string detail)
    {
        var problem = await ProblemAssert.IsProblemAsync(await GetAsync(path), HttpStatusCode.BadRequest);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scores?from=someday")]
    [InlineData("scores.csv?version=many")]
    [InlineData("scores?limit=many")]
    public async Task UnreadableParameters_Are400(string path) =>
        await ProblemAssert.IsProblemAsync(await GetAsync(path), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Csv_ParsesBackToTheSeriesNumbers_OneRowPerMetricPillarAndIndex()
    {
        var series = await GetJsonAsync("scores");

        var response = await GetAsync("scores.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("stores-v1-scores.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte order mark");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = Rfc4180.Parse(text);
        Assert.Equal(ScoreRow.Columns, records[0]);
        Assert.All(records, r => Assert.Equal(ScoreRow.Columns.Length, r.Count));
        AssertRowsMatch(series, [.. records.Skip(1).Select(r => Row.FromCells(r))]);
    }

    [Fact]
    public async Task Ndjson_ParsesBackToTheSeriesNumbers()
    {
        var series = await GetJsonAsync("scores");

        var response = await GetAsync("scores.ndjson");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("stores-v1-scores.ndjson", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Equal(ScoreRow.Columns, JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name)));
        AssertRowsMatch(series, [.. lines.Select(line => Row.FromJson(JsonDocument.Parse(line).RootElement))]);
    }

    [Fact]
    public async Task Exports_KeepTheFilters()
    {
        var csv = Rfc4180.Parse(await (await GetAsync("scores.csv?status=red")).Content.ReadAsStringAsync()).Skip(1).Select(r => Row.FromCells(r)).ToList();

        var metricRows = csv.Where(r => r.Metric is not null).ToList();
        Assert.NotEmpty(metricRows);
        Assert.All(metricRows, r => Assert.Equal("red", r.Status));
        Assert.Equal(3, csv.Count(r => r.Pillar is null));
    }

    [Theory]
    [InlineData("text/csv", "scores.csv")]
    [InlineData("application/x-ndjson", "scores.ndjson")]
    [InlineData("application/json;q=0.5, text/csv", "scores.csv")]
    public async Task Series_WithAnExportsAccept_IsThatExport(string accept, string export)
    {
        var negotiated = await GetAsync("scores?pillar=cx", accept);
        var direct = await GetAsync($"{export}?pillar=cx");

        Assert.Equal(direct.Content.Headers.ContentType, negotiated.Content.Headers.ContentType);
        Assert.Equal(await direct.Content.ReadAsStringAsync(), await negotiated.Content.ReadAsStringAsync());
        Assert.NotEqual(negotiated.Headers.ETag, (await GetAsync("scores?pillar=cx")).Headers.ETag);
    }

    [Theory]
    [InlineData("scores/latest")]
    [InlineData("scores/latest?version=1")]
    [InlineData("scores/latest/full")]
    [InlineData("scores/latest/findings")]
    [InlineData("scores/{date}")]
    [InlineData("scores/{date}/full")]
    [InlineData("scores/{date}/findings")]
    [InlineData("scores")]
    [InlineData("scores?metric=nps&limit=2")]
    [InlineData("scores.csv")]
    [InlineData("scores.ndjson?tag=store")]
    public async Task EveryRead_AnswersAMatchingIfNoneMatchWith304AndNoBody(string path)
    {
        path = path.Replace("{date}", $"{Months[0]:yyyy-MM-dd}", StringComparison.Ordinal);
        var first = await GetAsync(path);
        var etag = first.Headers.ETag!.ToString();

        var again = await GetAsync(path, ifNoneMatch: etag);
        var weakened = await GetAsync(path, ifNoneMatch: $"\"other\", W/{etag}");
        var other = await GetAsync(path, ifNoneMatch: "\"1-000000000000\"");

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag?.ToString());
        AssertRevalidated(again);
        Assert.Equal(HttpStatusCode.NotModified, weakened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Theory]
    [InlineData("scores", "scores?pillar=cx", "scores?limit=2", "scores?limit=2&pillar=cx")]
    [InlineData("scores/latest", "scores/latest?version=1")]
    public async Task ETags_OfOneRoute_DifferByQuery(params string[] paths)
    {
        var etags = new List<string>();
        foreach (var path in paths)
        {
            etags.Add((await GetAsync(path)).Headers.ETag!.Tag);
        }

        Assert.Equal(paths.Length, etags.Distinct().Count());
    }

    /// <summary>Every exported row says what the JSON series says: the index, each pillar's score, and each metric's value, score, status and target.</summary>
    private static void AssertRowsMatch(JsonElement series, IReadOnlyList<Row> rows)
    {
        var expected = new List<Row>();
        foreach (var period in series.GetProperty("periods").EnumerateArray())
        {
            var dates = period.GetProperty("period");
            var (start, end, partial) = (dates.GetProperty("start").GetString()!, dates.GetProperty("end").GetString()!, dates.GetProperty("partial").GetBoolean());
            var index = Number(period.GetProperty("rox"), "index");
            expected.Add(new Row(start, end, "stores", 1, null, null, index, index, null, null, partial));
            foreach (var pillar in period.GetProperty("pillars").EnumerateArray())
            {
                expected.Add(new Row(start, end, "stores", 1, pillar.GetProperty("id").GetString(), null, Number(pillar, "score"), Number(pillar, "score"), null, null, partial));
            }
            foreach (var metric in period.GetProperty("metrics").EnumerateArray())
            {
                expected.Add(new Row(start, end, "stores", 1, metric.GetProperty("pillar").GetString(), metric.GetProperty("id").GetString(),
                    Number(metric, "value"), Number(metric, "score"), metric.TryGetProperty("status", out var s) ? s.GetString() : null, Number(metric, "target"), partial));
            }
        }
        Assert.Equal(3 * (1 + 4 + 29), expected.Count);
        Assert.Equal(expected, rows);
        Assert.Contains(rows, r => r.Value is { } v && v != Math.Floor(v));
    }

    private static double? Number(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private sealed record Row(
        string PeriodStart, string PeriodEnd, string Scorecard, int Version, string? Pillar, string? Metric,
        double? Value, double? Score, string? Status, double? Target, bool Partial)
    {
        public static Row FromCells(List<string> cells) => new(
            cells[0], cells[1], cells[2], int.Parse(cells[3], CultureInfo.InvariantCulture), Empty(cells[4]), Empty(cells[5]),
            Parse(cells[6]), Parse(cells[7]), Empty(cells[8]), Parse(cells[9]), cells[10] switch { "true" => true, "false" => false, _ => throw new FormatException(cells[10]) });

        public static Row FromJson(JsonElement row) => new(
            row.GetProperty("period_start").GetString()!, row.GetProperty("period_end").GetString()!, row.GetProperty("scorecard").GetString()!,
            row.GetProperty("version").GetInt32(), row.GetProperty("pillar").GetString(), row.GetProperty("metric").GetString(),
            Number(row, "value"), Number(row, "score"), row.GetProperty("status").GetString(), Number(row, "target"), row.GetProperty("partial").GetBoolean());

        private static string? Empty(string cell) => cell.Length == 0 ? null : cell;

        private static double? Parse(string cell) => cell.Length == 0 ? null : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
