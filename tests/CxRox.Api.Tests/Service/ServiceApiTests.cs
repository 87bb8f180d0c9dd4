using System.Net;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;

namespace CxRox.Api.Tests.Service;

public sealed class ServiceApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Live_Answers200()
    {
        var response = await _client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_WithDatabase_Answers200AndNamesTheCheck()
    {
        var response = await _client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Root_NamesTheServiceAndItsVersion_AndNothingOfWhereItRuns()
    {
        var text = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var body = JsonDocument.Parse(text);

        Assert.Equal("CxRox", body.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
        Assert.Equal(["name", "description", "version", "links"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/health/ready", body.RootElement.GetProperty("links").GetProperty("ready").GetString());
        Assert.DoesNotContain("PostgreSQL", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health/ready")]
    [InlineData("/no/such/route")]
    [InlineData("/v1/organizations")]
    public async Task EveryResponse_TellsBrowsersNotToSniffItsType(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task UnknownRoute_AnswersProblem404()
    {
        var response = await _client.GetAsync(new Uri("/v1/no-such-thing", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Nothing is found at GET /v1/no-such-thing.", problem.GetProperty("detail").GetString());
        Assert.Equal("/v1/no-such-thing", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task WrongMethod_AnswersProblem405NamingAllowedMethods()
    {
        var response = await _client.PostAsync(new Uri("/health/ready", UriKind.Relative), content: null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("/health/ready does not accept POST; it accepts GET, HEAD.", problem.GetProperty("detail").GetString());
    }
}

public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_WhenDatabaseIsGone_Answers503()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        await using var factory = ApiFactory.On(database.ConnectionString);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        await database.DisposeAsync();

        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }
}
