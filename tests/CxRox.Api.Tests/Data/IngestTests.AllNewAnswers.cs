using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Data;

/// <summary>
/// Survey answers take one of two paths: a batch of new answers only is inserted as it is, with its
/// histogram counts taken in .NET; any other batch (answers sent before, duplicates, bad rows) goes
/// through the merge. Both must store and count the same, and report the same problems.
/// </summary>
public sealed partial class IngestTests
{
    private sealed record Answer(string Id, DateTime AnsweredAt, int Score, string Touchpoint = "store", string Channel = "");

    private static string CsvOf(IEnumerable<Answer> answers)
    {
        var csv = new StringBuilder("answer_id,survey,question,answered_at,score,touchpoint,channel\n");
        foreach (var a in answers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{a.Id},post_purchase,recommend,{a.AnsweredAt:yyyy-MM-ddTHH:mm:ssZ},{a.Score},{a.Touchpoint},{a.Channel}\n");
        }
        return csv.ToString();
    }

    /// <summary>Answers every 17 minutes from 20 March 2026 (across Warsaw's and New York's spring DST changes), spread over scores and segments.</summary>
    private static List<Answer> Spread(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Answer(
            $"{prefix}{i}", new DateTime(2026, 3, 20, 0, 0, 0, DateTimeKind.Utc).AddMinutes(17 * i), i % 11, Touchpoints[i % 3], i % 4 == 0 ? "mobile" : ""))];

    private static readonly string[] Touchpoints = ["store", "app", "web"];

    private static Task<HttpResponseMessage> PostAnswersAsync(Tenant tenant, IEnumerable<Answer> answers) => PostAsync(tenant, "survey-answers", CsvOf(answers), "text/csv");

    /// <summary>The histograms as the ingests left them, then as recounted from the raw answers in SQL.</summary>
    private async Task<(List<string> Maintained, List<string> Rebuilt)> HistogramsAndRebuildAsync(Tenant tenant)
    {
        var maintained = await HistogramAsync(tenant);
        var rebuilt = await tenant.Ingest.PostAsync(new Uri($"/v1/organizations/{tenant.Keys.Slug}/data/answer-histograms/rebuild", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        return (maintained, await HistogramAsync(tenant));
    }

    private async Task<long> StoredAnswersAsync(Tenant tenant) => long.Parse(
        (await QueryAsync($"SELECT count(*) FROM survey_answers b JOIN organizations o ON o.id = b.org_id WHERE o.slug = '{tenant.Keys.Slug}'"))[0],
        CultureInfo.InvariantCulture);

    [Fact]
    public async Task Answers_AllNew_AreInserted_AndTheirHistogramsEqualARebuild()
    {
        var tenant = await TenantAsync("Europe/Warsaw");

        AssertCounts(await OkAsync(await PostAnswersAsync(tenant, Spread("n", 3000))), 3000, 0, 0);

        var (maintained, rebuilt) = await HistogramsAndRebuildAsync(tenant);
        Assert.Equal(rebuilt, maintained);
        Assert.Equal(3000, maintained.Sum(row => long.Parse(row.Split('|')[^1], CultureInfo.InvariantCulture)));
        Assert.Equal(3000, await StoredAnswersAsync(tenant));
    }

    [Fact]
    public async Task Answers_NewResentAndChanged_AreCountedApart_AndTheirHistogramsEqualARebuild()
    {
        var tenant = await TenantAsync("America/New_York");
        var first = Spread("m", 300);
        await OkAsync(await PostAnswersAsync(tenant, first));

        // 100 sent again as they were, 50 changed (the score, or the time by a day), 20 new.
        var changed = first.Skip(100).Take(50).Select((a, i) => i % 2 == 0 ? a with { Score = (a.Score + 1) % 11 } : a with { AnsweredAt = a.AnsweredAt.AddDays(1) });
        var second = first.Take(100).Concat(changed).Concat(Spread("new", 20));
        AssertCounts(await OkAsync(await PostAnswersAsync(tenant, second)), 20, 50, 100);

        // Most cells hold one answer, so the moves empty cells: a rebuild has none left at zero.
        var (maintained, rebuilt) = await HistogramsAndRebuildAsync(tenant);
        Assert.Equal(rebuilt, maintained);
        Assert.Equal(320, await StoredAnswersAsync(tenant));
    }

    [Fact]
    public async Task Answers_OneBadRowAmongManyGood_StoresNothing_AndReportsThatRow()
    {
        var tenant = await TenantAsync();
        var answers = Spread("b", 2000);
        answers[1000] = answers[1000] with { Score = 11 };

        var problem = await ProblemAssert.IsProblemAsync(await PostAnswersAsync(tenant, answers), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(1002, error.GetProperty("row").GetInt64()); // the header is row 1
        Assert.Equal("score", error.GetProperty("column").GetString());
        Assert.StartsWith("Outside the scale", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, problem.GetProperty("errorCount").GetInt64());
        Assert.Equal(0, await StoredAnswersAsync(tenant));
        Assert.Empty(await HistogramAsync(tenant));
    }

    [Fact]
    public async Task Answers_SameIdTwiceInAnOtherwiseGoodBatch_IsReported_AndNothingIsStored()
    {
        var tenant = await TenantAsync();
        await OkAsync(await PostAnswersAsync(tenant, Spread("old", 10)));
        var answers = Spread("d", 500);
        answers[400] = answers[400] with { Id = answers[10].Id };

        var problem = await ProblemAssert.IsProblemAsync(await PostAnswersAsync(tenant, answers), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(402, error.GetProperty("row").GetInt64());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("column").ValueKind);
        Assert.Equal("The same answer id as row 12; a batch may hold each only once.", error.GetProperty("reason").GetString());
        Assert.Equal(10, await StoredAnswersAsync(tenant));
        var (maintained, rebuilt) = await HistogramsAndRebuildAsync(tenant);
        Assert.Equal(rebuilt, maintained);
    }

    /// <summary>
    /// Every quarter hour, and a second before it, over the two days around each 2026 DST change
    /// of the zones below: local midnights (also at :15, :30 and :45 past the hour in UTC) fall on
    /// both sides of the changes. Santiago changes at midnight; Lord Howe by half an hour.
    /// </summary>
    private static IEnumerable<Answer> AroundMidnightsAndDstChanges()
    {
        DateOnly[] changes = [new(2026, 3, 8), new(2026, 3, 29), new(2026, 4, 5), new(2026, 9, 6), new(2026, 10, 4), new(2026, 10, 25), new(2026, 11, 1)];
        var i = 0;
        foreach (var day in changes)
        {
            var start = day.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            for (var at = start; at < start.AddDays(2); at = at.AddMinutes(15))
            {
                yield return new Answer($"t{i}", at, i++ % 11);
                yield return new Answer($"t{i}", at.AddSeconds(-1), i++ % 11);
            }
        }
    }

    [Theory]
    [InlineData("Europe/Warsaw")]
    [InlineData("America/New_York")]
    [InlineData("America/Santiago")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kathmandu")]
    public async Task Answers_AllNew_AroundMidnightsAndDstChanges_FallOnTheLocalDaysSqlGives(string timeZone)
    {
        var tenant = await TenantAsync(timeZone);
        var answers = AroundMidnightsAndDstChanges().ToList();

        AssertCounts(await OkAsync(await PostAnswersAsync(tenant, answers)), answers.Count, 0, 0);

        var (maintained, rebuilt) = await HistogramsAndRebuildAsync(tenant);
        Assert.Equal(rebuilt, maintained);
    }
}
