using System.Net;
using System.Text.Json;
using CxRox.Api.Demo;
using CxRox.Api.Templates;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Tests.Scores;

namespace CxRox.Api.Tests.Templates;

/// <summary>
/// The starter scorecards: listed and fetched with a reading key, and each one, put as it comes
/// into an organization holding the demo's data, stored without warnings and previewed with scores.
/// </summary>
public sealed class ScorecardTemplatesApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string> TemplateIds => new(ScorecardTemplates.All.Select(t => t.Id));

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task List_WithAReaderKey_GivesOneTemplatePerStageInOrder()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "templates-list");

        var (status, body) = await GetAsync(TestTenant.Client(api.Factory, tenant.Reader), "/v1/scorecard-templates");

        Assert.Equal(HttpStatusCode.OK, status);
        var templates = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], templates.Select(t => t.GetProperty("stage").GetInt32()));
        Assert.Equal("stage-1-survey-basics", templates[0].GetProperty("id").GetString());
        Assert.Equal("/v1/scorecard-templates/stage-4-rox-index", templates[3].GetProperty("href").GetString());
        Assert.All(templates, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task List_WithoutAKey_Is401()
    {
        var (status, _) = await GetAsync(api.Factory.CreateClient(), "/v1/scorecard-templates");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Get_UnknownTemplate_Is404NamingTheTemplates()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);

        var response = await TestTenant.Client(api.Factory, admin).GetAsync(new Uri("/v1/scorecard-templates/stage-9", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("stage-1-survey-basics", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OrganizationThatIsNotASlug_Is400()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);

        var response = await TestTenant.Client(api.Factory, admin).GetAsync(new Uri("/v1/scorecard-templates/stage-1-survey-basics?organization=Not%20A%20Slug", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'organization'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_AreForTheDemoOrganization_AndNameItOnce()
    {
        Assert.All(ScorecardTemplates.All, t =>
        {
            Assert.Equal(DemoOrganization.Slug, t.Organization);
            Assert.Single(t.Document.Split(ScorecardTemplate.OrganizationProperty(t.Organization)).Skip(1));
        });
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public async Task Template_PutAsFetched_IsStoredWithoutWarnings_AndPreviewsScoresOnTheDemoData(string templateId)
    {
        // The retail sample with the demo's synthetic data: the surveys and keys the templates read.
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 3);
        var (fetched, document) = await GetAsync(TestTenant.Client(api.Factory, tenant.Tenant.Reader), $"/v1/scorecard-templates/{templateId}?organization={tenant.Slug}");
        Assert.Equal(HttpStatusCode.OK, fetched);
        var path = $"/v1/organizations/{tenant.Slug}/scorecards/{templateId}";
        var editor = TestTenant.Client(api.Factory, tenant.Tenant.Editor);

        var put = await editor.PutAsync(new Uri(path, UriKind.Relative), TestTenant.Json(document));
        var preview = await editor.PostAsync(new Uri($"{path}/preview?from={tenant.DataStart:yyyy-MM-dd}&to={tenant.DataEnd:yyyy-MM-dd}", UriKind.Relative), null);

        var stored = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.Created, stored);
        Assert.Empty(JsonDocument.Parse(stored).RootElement.GetProperty("warnings").EnumerateArray());
        var previewed = await preview.Content.ReadAsStringAsync();
        Assert.True(preview.StatusCode == HttpStatusCode.OK, previewed);
        var periods = JsonDocument.Parse(previewed).RootElement.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(3, periods.Count);
        foreach (var period in periods)
        {
            var scores = period.GetProperty("scores");
            Assert.Equal(JsonValueKind.Number, scores.GetProperty("rox").GetProperty("index").ValueKind);
            var scored = scores.GetProperty("metrics").EnumerateArray().Where(m => m.GetProperty("target").ValueKind == JsonValueKind.Number).ToList();
            Assert.NotEmpty(scored);
            Assert.All(scored, m => Assert.True(m.GetProperty("score").ValueKind == JsonValueKind.Number, $"{period.GetProperty("scores").GetProperty("period")}: {m}"));
        }
        var rox = periods[^1].GetProperty("scores").GetProperty("rox");
        Assert.Equal(templateId == "stage-4-rox-index", rox.GetProperty("return").ValueKind == JsonValueKind.Object);
        if (templateId == "stage-4-rox-index")
        {
            Assert.Equal(JsonValueKind.Number, rox.GetProperty("return").GetProperty("value").ValueKind);
        }
    }
}
