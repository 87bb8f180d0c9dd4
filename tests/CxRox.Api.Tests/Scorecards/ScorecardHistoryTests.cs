using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Scorecards;

/// <summary>GET …/history: the scorecard's stream as an audit trail, newest first, paged by an opaque cursor.</summary>
public sealed class ScorecardHistoryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(TestTenant Tenant, HttpClient Editor)> TenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "hist-" + Guid.NewGuid().ToString("N")[..10]);
        return (tenant, TestTenant.Client(api.Factory, tenant.Editor));
    }

    private static Uri Url(TestTenant tenant, string path = "") => new($"/v1/organizations/{tenant.Slug}/scorecards/stores{path}", UriKind.Relative);

    private static async Task<HttpResponseMessage> PutAsync(HttpClient editor, TestTenant tenant, string document, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Url(tenant)) { Content = TestTenant.Json(document) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await editor.SendAsync(request);
    }

    [Fact]
    public async Task History_EveryChange_NewestFirst_WithWhatAndWho_AcrossPages()
    {
        var (tenant, editor) = await TenantAsync();
        var created = await PutAsync(editor, tenant, ScorecardsApiTests.Sample(tenant.Slug));
        var schedule = await editor.PutAsync(Url(tenant, "/schedule"), TestTenant.Json("""{"recompute": "0 3 * * *", "timeZone": "Europe/Warsaw"}"""));
        var archived = await editor.PostAsync(Url(tenant, "/archive"), null);
        var restored = await editor.PostAsync(Url(tenant, "/restore"), null);
        var replaced = await PutAsync(editor, tenant, ScorecardsApiTests.Sample(tenant.Slug, name: "Second"), created.Headers.ETag!.ToString());
        Assert.All([created, schedule, archived, restored, replaced], r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var reader = TestTenant.Client(api.Factory, tenant.Reader);

        var changes = new List<JsonElement>();
        var pages = 0;
        for (var next = Url(tenant, "/history?limit=2").OriginalString; next is not null; pages++)
        {
            var response = await reader.GetAsync(new Uri(next, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            changes.AddRange(page.GetProperty("changes").EnumerateArray());
            next = page.GetProperty("next").GetString();
            Assert.Equal(next is null ? null : $"<{next}>; rel=\"next\"", response.Headers.TryGetValues("Link", out var link) ? link.Single() : null);
        }

        // A version PUT saves the version, then sets the schedule its document declares (the
        // second version declares the first's, which the API had replaced in between).
        Assert.Equal(
            ["schedule-changed", "version-saved", "restored", "archived", "schedule-changed", "schedule-changed", "version-saved"],
            changes.Select(c => c.GetProperty("event").GetString()));
        Assert.Equal(4, pages);
        Assert.Equal([7L, 6, 5, 4, 3, 2, 1], changes.Select(c => c.GetProperty("sequence").GetInt64()));
        Assert.Equal([2, 1], changes.Where(c => c.GetProperty("event").GetString() == "version-saved").Select(c => c.GetProperty("version").GetInt32()));
        Assert.Equal("Second", changes[1].GetProperty("name").GetString());
        Assert.Equal("0 3 * * *", changes[4].GetProperty("schedule").GetProperty("recompute").GetString());
        Assert.Equal("api", changes[4].GetProperty("schedule").GetProperty("source").GetString());
        Assert.Equal("scorecard", changes[0].GetProperty("schedule").GetProperty("source").GetString());
        Assert.Equal("scorecard", changes[5].GetProperty("schedule").GetProperty("source").GetString());
        // Every change was the editor's key, and they are in time order.
        Assert.Single(changes.Select(c => c.GetProperty("by").GetGuid()).Distinct());
        var times = changes.Select(c => c.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task History_UnknownScorecard_Answers404_BadCursorOrLimit_Answers400()
    {
        var (tenant, editor) = await TenantAsync();
        var missing = await editor.GetAsync(Url(tenant, "/history"));
        await PutAsync(editor, tenant, ScorecardsApiTests.Sample(tenant.Slug));

        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await editor.GetAsync(Url(tenant, "/history?cursor=bm90LW91cnM")), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await editor.GetAsync(Url(tenant, "/history?limit=0")), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await editor.GetAsync(Url(tenant, "/history?limit=201")), HttpStatusCode.BadRequest);
        var all = await editor.GetFromJsonAsync<JsonElement>(Url(tenant, "/history"));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        Assert.Equal(2, all.GetProperty("changes").GetArrayLength());
    }
}
