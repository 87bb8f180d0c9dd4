using System.Net;
using System.Text;
using CxRox.Api.Errors;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace CxRox.Api.Tests.Errors;

/// <summary>
/// The service's error handling (AddCxRoxProblems/UseCxRoxProblems) in a small application of
/// its own, with endpoints made to fail in each way a request can.
/// </summary>
public sealed class ProblemResponseTests : IAsyncLifetime
{
    private const int BodyLimit = 1024;
    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Api:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders();
        builder.AddCxRoxProblems();
        _app = builder.Build();
        _app.UseCxRoxProblems();
        _app.MapPost("/echo", (Payload payload) => TypedResults.Ok(payload));
        _app.MapGet("/boom", string () => throw new InvalidOperationException("connection string Password=hunter2"));
        _app.MapGet("/deadlock", string () => throw new InvalidOperationException("wrapped",
            new Npgsql.PostgresException("deadlock detected", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.DeadlockDetected)));
        _app.MapGet("/precondition", () => TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, detail: "Send If-Match."));
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ATransactionRolledBackByADeadlock_Answers503ToRetry_NotA500()
    {
        var response = await _client.GetAsync(new Uri("/deadlock", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Concurrent change", problem.GetProperty("title").GetString());
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task MalformedJson_Answers400WithWhereAndWhy()
    {
        var response = await PostAsync("{\n  \"name\": \"x\",\n  \"count\": ]\n}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
        Assert.Equal("/count", problem.GetProperty("pointer").GetString());
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Contains("invalid start of a value", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongJsonType_Answers400NamingTheField()
    {
        var response = await PostAsync("""{"name": "x", "count": "seven"}""");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("/count", problem.GetProperty("pointer").GetString());
        Assert.Contains("wrong type", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedMediaType_Answers415()
    {
        var response = await _client.PostAsync(new Uri("/echo", UriKind.Relative), new StringContent("name=x", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedBody_Answers413WithTheLimit()
    {
        var response = await PostAsync($$"""{"name": "{{new string('x', BodyLimit)}}", "count": 1}""");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"at most {BodyLimit}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnhandledException_Answers500WithTraceIdAndNoInternals()
    {
        var response = await _client.GetAsync(new Uri("/boom", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/boom", "application/xml", HttpStatusCode.InternalServerError)]
    [InlineData("/boom", "text/html, image/png;q=0.5", HttpStatusCode.InternalServerError)]
    [InlineData("/nowhere", "application/xml", HttpStatusCode.NotFound)]
    [InlineData("/precondition", "application/xml", HttpStatusCode.PreconditionRequired)]
    [InlineData("/precondition", "application/json", HttpStatusCode.PreconditionRequired)]
    public async Task Error_WhateverTheAccept_IsProblemJsonWithTypeTitleAndStatus(string path, string accept, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await _client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, status);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.Equal(path, problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task JsonBody_NumberOutOfItsFieldsRange_Answers400SayingSo()
    {
        var response = await PostAsync("""{"name": "x", "count": 12345678901234567890}""");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("/count", problem.GetProperty("pointer").GetString());
        Assert.Contains("out of its range", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidBody_IsServed()
    {
        var response = await PostAsync("""{"name": "x", "count": 7}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("$", "")]
    [InlineData("$.count", "/count")]
    [InlineData("$.metrics[2].thresholds.green", "/metrics/2/thresholds/green")]
    [InlineData("$['a/b']['t~x']", "/a~1b/t~0x")]
    public void JsonPathToPointer_FollowsRfc6901(string path, string expected) =>
        Assert.Equal(expected, ProblemExceptionHandler.JsonPathToPointer(path));

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync(new Uri("/echo", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public sealed record Payload(string Name, int Count);
}
