using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scorecards;

namespace CxRox.Api.Tests.Data;

/// <summary>
/// Withholding across every combination a reader can ask for (docs/anonymity.md): periods of
/// different lengths, versions, drafts; and no withheld cell tells how many answered.
/// </summary>
public sealed class WithholdingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // February 2021 starts on a Monday and has four whole ISO weeks: its atoms are its weeks.
    private static readonly DateOnly February = new(2021, 2, 1);

    private async Task<TestTenant> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        return await TestTenant.CreateAsync(api.Factory, admin, "org-" + Guid.NewGuid().ToString("N")[..10], "UTC");
    }

    private async Task PutAsync(TestTenant tenant, string document, string? ifMatch, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative))
        {
            Content = TestTenant.Json(document),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        var response = await TestTenant.Client(api.Factory, tenant.Editor).SendAsync(request);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
    }

    private async Task PostAnswersAsync(TestTenant tenant, string csv)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/survey-answers", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> GetAsync(TestTenant tenant, string path)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(new Uri($"/v1/organizations/{tenant.Slug}/{path}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static string Answers(string survey, string question, IEnumerable<(DateOnly Day, int Score)> answers)
    {
        var csv = new StringBuilder("answerId,survey,question,answeredAt,score\n");
        var i = 0;
        foreach (var (day, score) in answers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{question}-{i++},{survey},{question},{day:yyyy-MM-dd}T12:00:00Z,{score}\n");
        }
        return csv.ToString();
    }

    private static IEnumerable<(DateOnly, int)> Repeat(DateOnly day, int count, int score) => Enumerable.Repeat((day, score), count);

    private static JsonElement? Total(JsonElement aggregates, string metric, string periodStart) =>
        aggregates.GetProperty("values").EnumerateArray()
            .Where(v => v.GetProperty("metric").GetString() == metric && v.GetProperty("dimension").GetString() == "total"
                && v.GetProperty("periodStart").GetString() == periodStart)
            .Select(v => (JsonElement?)v).FirstOrDefault();

    [Fact]
    public async Task MonthAndItsWeeks_InTwoVersions_NeverRecoverAWithheldWeek()
    {
        // The tester's attack: staff eNPS (employee experience, minSample 8) with 8 and 9 answers in
        // February's first two weeks, none in the third and 3 in the fourth: 20 in the month. A
        // monthly version publishing February (20 answers) and a weekly one publishing weeks 1 and
        // 2 (and week 3 as empty) gave week 4 = February - weeks 1..3 exactly.
        var tenant = await TenantAsync();
        var monthly = ScorecardsApiTests.Sample(tenant.Slug, "stores");
        await PutAsync(tenant, monthly, null, HttpStatusCode.Created);
        await PutAsync(tenant, monthly.Replace("\"period\": \"month\"", "\"period\": \"week\"", StringComparison.Ordinal), "\"v1\"", HttpStatusCode.OK);
        await PostAnswersAsync(tenant, Answers("staff_pulse", "recommend_workplace",
            [.. Repeat(February, 6, 10), .. Repeat(February, 2, 3), .. Repeat(February.AddDays(8), 9, 9), .. Repeat(February.AddDays(22), 3, 0)]));

        var months = await GetAsync(tenant, "data/aggregates?scorecard=stores&version=1&from=2021-02-01&to=2021-02-28");
        var weeks = await GetAsync(tenant, "data/aggregates?scorecard=stores&version=2&from=2021-02-01&to=2021-02-28");

        // Week 4 is withheld, and says neither its value nor how many answered.
        var week4 = Total(weeks, "staff_enps", "2021-02-22")!.Value;
        Assert.NotEqual(JsonValueKind.Null, week4.GetProperty("withheld").ValueKind);
        Assert.All(new[] { "value", "sample", "ignored" }, p => Assert.Equal(JsonValueKind.Null, week4.GetProperty(p).ValueKind));
        Assert.Equal(8, Total(weeks, "staff_enps", "2021-02-01")!.Value.GetProperty("sample").GetInt64());
        // February is withheld too, though it has 20 answers: one of its atoms (week 4) has 3.
        var month = Total(months, "staff_enps", "2021-02-01")!.Value;
        Assert.Equal(JsonValueKind.Null, month.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, month.GetProperty("sample").ValueKind);
        // That suffices: every published period (or period published as empty) is a union of
        // atoms, so the week is recoverable only if its atom is in the span of the published ones.
        var published = new List<DateOnly[]>();
        foreach (var body in new[] { months, weeks })
        {
            foreach (var period in body.GetProperty("periods").EnumerateArray())
            {
                var start = DateOnly.Parse(period.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
                var cell = Total(body, "staff_enps", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (cell is null || cell.Value.GetProperty("value").ValueKind != JsonValueKind.Null)
                {
                    var end = DateOnly.Parse(period.GetProperty("end").GetString()!, CultureInfo.InvariantCulture);
                    published.Add([.. Days(start, end)]);
                }
            }
        }
        Assert.False(InSpan(published, [.. Days(February.AddDays(21), February.AddDays(27))]), "week 4 is a combination of published periods");
        // The weekly version's scores say nothing more: the metric is missing as withheld, without its sample size.
        var preview = await PreviewAsync(tenant, 2, "2021-02-22", "2021-02-28");
        var enps = preview.GetProperty("periods")[0].GetProperty("scores").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "staff_enps");
        Assert.Equal("belowMinSample", enps.GetProperty("missing").GetString());
        Assert.Equal(JsonValueKind.Null, enps.GetProperty("sampleSize").ValueKind);
        Assert.Equal(JsonValueKind.Null, enps.GetProperty("ignored").ValueKind);
    }

    [Fact]
    public async Task QuestionThreshold_IsTheLargestOfEveryVersionAndTheDraft()
    {
        // Version 1 asks NPS for 5 answers; version 2 and a draft ask for 1. A week with 3 answers
        // stays withheld through both: otherwise version 2 would publish what version 1 protects.
        var tenant = await TenantAsync();
        var sample = ScorecardsApiTests.Sample(tenant.Slug, "stores").Replace("\"period\": \"month\"", "\"period\": \"week\"", StringComparison.Ordinal);
        await PutAsync(tenant, sample.Replace("\"id\": \"nps\",", "\"id\": \"nps\", \"minSample\": 5,", StringComparison.Ordinal), null, HttpStatusCode.Created);
        var lowered = sample.Replace("\"id\": \"nps\",", "\"id\": \"nps\", \"minSample\": 1,", StringComparison.Ordinal);
        await PutAsync(tenant, lowered, "\"v1\"", HttpStatusCode.OK);
        await PostAnswersAsync(tenant, Answers("post_purchase", "recommend", [.. Repeat(February, 3, 10), .. Repeat(February.AddDays(7), 5, 9)]));

        var weeks = await GetAsync(tenant, "data/aggregates?scorecard=stores&version=2&from=2021-02-01&to=2021-02-14");
        var draft = await PreviewAsync(tenant, lowered, "2021-02-01", "2021-02-07");

        Assert.Contains("Fewer than 5 answers", Total(weeks, "nps", "2021-02-01")!.Value.GetProperty("withheld").GetString(), StringComparison.Ordinal);
        Assert.Equal(100, Total(weeks, "nps", "2021-02-08")!.Value.GetProperty("value").GetDouble());
        var nps = draft.GetProperty("periods")[0].GetProperty("scores").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "nps");
        Assert.Equal("belowMinSample", nps.GetProperty("missing").GetString());
    }

    [Fact]
    public async Task EmployeeQuestion_MovedToACustomerPillarByALaterVersion_KeepsTheEmployeeThresholdOfFive()
    {
        // 4 answers stay withheld.
        var tenant = await StaffPulseMovedToCxAsync();

        var weeks = await GetAsync(tenant, "data/aggregates?scorecard=stores&version=2&from=2021-02-01&to=2021-02-14");

        Assert.Contains("Fewer than 5 answers", Total(weeks, "staff_enps", "2021-02-01")!.Value.GetProperty("withheld").GetString(), StringComparison.Ordinal);
        Assert.Equal(100, Total(weeks, "staff_enps", "2021-02-08")!.Value.GetProperty("value").GetDouble());
    }

    /// <summary>
    /// Versions saved before migration 020 count too: the migration raises the thresholds to what
    /// every stored version asks. Without that, the employee question read through version 2
    /// would be published at 4 answers.
    /// </summary>
    [Fact]
    public async Task VersionsStoredBeforeTheThresholdsWereKept_AreCountedByTheirMigration()
    {
        var tenant = await StaffPulseMovedToCxAsync();
        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var forget = new Npgsql.NpgsqlCommand(
            "DELETE FROM question_min_samples WHERE org_id = (SELECT id FROM organizations WHERE slug = $1)", connection) { Parameters = { new() { Value = tenant.Slug } } })
        {
            Assert.True(await forget.ExecuteNonQueryAsync() > 0);
        }
        var published = await GetAsync(tenant, "data/aggregates?scorecard=stores&version=2&from=2021-02-01&to=2021-02-07");
        Assert.Equal(100, Total(published, "staff_enps", "2021-02-01")!.Value.GetProperty("value").GetDouble());

        var migration = Assert.Single(CxRox.Api.Storage.Migrations.Migration.Embedded(), m => m.Version == 20);
        await using (var backfill = new Npgsql.NpgsqlCommand(migration.Sql[migration.Sql.IndexOf("DO $$", StringComparison.Ordinal)..], connection))
        {
            await backfill.ExecuteNonQueryAsync();
        }
        var weeks = await GetAsync(tenant, "data/aggregates?scorecard=stores&version=2&from=2021-02-01&to=2021-02-07");

        Assert.Contains("Fewer than 5 answers", Total(weeks, "staff_enps", "2021-02-01")!.Value.GetProperty("withheld").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Version 1 reads the staff pulse in the ex pillar without a minSample (5 by default);
    /// version 2 reads it in the cx pillar (1 by default). Weekly periods; 4 answers in the week of
    /// 1 February 2021, 5 in the next.
    /// </summary>
    private async Task<TestTenant> StaffPulseMovedToCxAsync()
    {
        var tenant = await TenantAsync();
        var sample = ScorecardsApiTests.Sample(tenant.Slug, "stores").Replace("\"period\": \"month\"", "\"period\": \"week\"", StringComparison.Ordinal);
        await PutAsync(tenant, StaffPulse(sample, "ex"), null, HttpStatusCode.Created);
        await PutAsync(tenant, StaffPulse(sample, "cx"), "\"v1\"", HttpStatusCode.OK);
        await PostAnswersAsync(tenant, Answers("staff_pulse", "recommend_workplace", [.. Repeat(February, 4, 10), .. Repeat(February.AddDays(7), 5, 10)]));
        return tenant;
    }

    /// <summary>The sample with staff eNPS in the given pillar and without its minSample.</summary>
    private static string StaffPulse(string sample, string pillar)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(sample)!;
        var metric = document["metrics"]!.AsArray().Single(m => (string?)m!["id"] == "staff_enps")!.AsObject();
        metric.Remove("minSample");
        metric["pillar"] = pillar;
        return document.ToJsonString();
    }

    private async Task<JsonElement> PreviewAsync(TestTenant tenant, int version, string from, string to) =>
        await PreviewAsync(tenant, null, from, to, $"&version={version}");

    private async Task<JsonElement> PreviewAsync(TestTenant tenant, string? draft, string from, string to, string query = "")
    {
        var response = await TestTenant.Client(api.Factory, tenant.Editor).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/preview?from={from}&to={to}{query}", UriKind.Relative),
            draft is null ? null : TestTenant.Json(draft));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static IEnumerable<DateOnly> Days(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>
    /// Whether the set of days <paramref name="target"/> is a linear combination of the published
    /// sets (as 0/1 vectors over days): what an attacker could compute exactly from their counts.
    /// Gaussian elimination on small integer vectors, exact in doubles at these sizes.
    /// </summary>
    private static bool InSpan(List<DateOnly[]> published, DateOnly[] target)
    {
        var days = published.SelectMany(p => p).Concat(target).Distinct().Order().ToList();
        double[] Vector(DateOnly[] set) => [.. days.Select(d => set.Contains(d) ? 1.0 : 0.0)];
        return Rank([.. published.Select(Vector), Vector(target)]) == Rank([.. published.Select(Vector)]);
    }

    private static int Rank(List<double[]> rows)
    {
        var matrix = rows.Select(r => (double[])r.Clone()).ToList();
        var rank = 0;
        for (var column = 0; matrix.Count > 0 && column < matrix[0].Length && rank < matrix.Count; column++)
        {
            var pivot = Enumerable.Range(rank, matrix.Count - rank).FirstOrDefault(r => Math.Abs(matrix[r][column]) > 1e-9, -1);
            if (pivot < 0)
            {
                continue;
            }
            (matrix[rank], matrix[pivot]) = (matrix[pivot], matrix[rank]);
            for (var r = 0; r < matrix.Count; r++)
            {
                if (r != rank && Math.Abs(matrix[r][column]) > 1e-9)
                {
                    var factor = matrix[r][column] / matrix[rank][column];
                    for (var c = column; c < matrix[r].Length; c++)
                    {
                        matrix[r][c] -= factor * matrix[rank][c];
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
