using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CxRox.Api.Data;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Engine.Model;

namespace CxRox.Api.Tests.Data;

/// <summary>The synthetic data: every sample ingests cleanly, and the retail sample tells the worked case.</summary>
public sealed class SyntheticDataTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    private static string SampleText(string file, string slug) =>
        System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", file)),
            "\"organization\": \"[^\"]*\"", $"\"organization\": \"{slug}\"");

    private async Task<(TestTenant Tenant, Scorecard Scorecard)> TenantWithAsync(string file)
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var slug = "org-" + Guid.NewGuid().ToString("N")[..10];
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, slug);
        var text = SampleText(file, slug);
        var scorecard = ScorecardReader.Read(text).Scorecard!;
        var put = await TestTenant.Client(api.Factory, tenant.Editor).PutAsync(
            new Uri($"/v1/organizations/{slug}/scorecards/{scorecard.Id}", UriKind.Relative), TestTenant.Json(text));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return (tenant, scorecard);
    }

    private async Task IngestAsync(TestTenant tenant, string kind, IEnumerable<string> lines)
    {
        var response = await TestTenant.Client(api.Factory, tenant.Ingest).PostAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/{kind}", UriKind.Relative),
            new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("retail.scorecard.json")]
    [InlineData("saas.scorecard.json")]
    [InlineData("bank-contact-centre.scorecard.json")]
    public async Task EverySample_GeneratesDataThatIngestsWithoutABadRow(string file)
    {
        var (tenant, scorecard) = await TenantWithAsync(file);
        var data = new SyntheticData(scorecard, Start, months: 3);

        await IngestAsync(tenant, "observations", data.ObservationsCsv());
        await IngestAsync(tenant, "survey-answers", data.AnswersCsv());
    }

    [Fact]
    public void Until_LeavesOutWhatComesAtOrAfterIt_AndTheRowsBeforeItAreTheSame()
    {
        var scorecard = ScorecardReader.Read(SampleText("retail.scorecard.json", "org-until")).Scorecard!;
        var until = new DateTime(2024, 2, 10, 12, 0, 0, DateTimeKind.Utc);
        var whole = new SyntheticData(scorecard, Start, months: 2);
        var cut = new SyntheticData(scorecard, Start, months: 2) { Until = until };

        static DateTime AnsweredAt(string line) => DateTime.Parse(line.Split(',')[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        static DateOnly ObservedOn(string line) => DateOnly.Parse(line.Split(',')[1], CultureInfo.InvariantCulture);

        Assert.Equal(whole.AnswersCsv().Skip(1).Where(l => AnsweredAt(l) < until), cut.AnswersCsv().Skip(1));
        Assert.Equal(whole.ObservationsCsv().Skip(1).Where(l => ObservedOn(l) < new DateOnly(2024, 2, 10)), cut.ObservationsCsv().Skip(1));
    }

    [Fact]
    public async Task Retail_TellsTheWorkedCase_YearOnYear()
    {
        var (tenant, scorecard) = await TenantWithAsync("retail.scorecard.json");
        var data = new SyntheticData(scorecard, Start, months: 24);
        await IngestAsync(tenant, "observations", data.ObservationsCsv());
        await IngestAsync(tenant, "survey-answers", data.AnswersCsv());

        var response = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/data/aggregates?scorecard={scorecard.Id}&from=2024-01-01&to=2025-12-31", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var totals = body.GetProperty("values").EnumerateArray().Where(v => v.GetProperty("dimension").GetString() == "total").ToList();
        double Year(string metric, int year) => totals
            .Where(v => v.GetProperty("metric").GetString() == metric && v.GetProperty("periodStart").GetString()!.StartsWith($"{year}-", StringComparison.Ordinal))
            .Sum(v => v.GetProperty("value").GetDouble());
        double Change(string metric) => Year(metric, 2025) / Year(metric, 2024);

        Assert.Equal(0.70, Change("complaints"), 2);
        Assert.Equal(1.20, Change("purchase_frequency"), 2);
        Assert.Equal(0.60, Change("out_of_stock_rate"), 2);
        Assert.Equal(0.75, Change("returned_orders") / Change("orders"), 2);
        Assert.True(Year("nps", 2025) > Year("nps", 2024));
    }
}
