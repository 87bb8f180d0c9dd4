using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CxRox.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Errors;

/// <summary>
/// Requests Kestrel itself refuses, sent as raw bytes to the real server. Kestrel answers a bad
/// request line, a NUL in the path or in a header value, bad header lines (400), an overlong
/// request line (414) and overlarge headers (431) while parsing, before any middleware runs, with
/// an empty body and no hook to write one: those stay empty (asserted here so that a framework
/// that adds a hook shows up). A bad or oversized body is found while the application reads it,
/// and a NUL in the query string reaches the application, so those get problem+json.
/// </summary>
public sealed class KestrelRejectionTests(KestrelRejectionTests.KestrelServer server) : IClassFixture<KestrelRejectionTests.KestrelServer>
{
    private const int BodyLimit = 1024;

    /// <summary>The application on a real Kestrel on a free loopback port, over a database of its own.</summary>
    public sealed class KestrelServer : IAsyncLifetime, IDisposable
    {
        private readonly TestDatabase _database = new();
        private ApiFactory? _factory;

        public Uri Address { get; private set; } = null!;

        public string AdminKey { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await _database.InitializeAsync();
            _factory = new ApiFactory(new Dictionary<string, string?>
            {
                ["ConnectionStrings:CxRox"] = _database.ConnectionString,
                ["Api:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            _factory.UseKestrel(0);
            _factory.StartServer();
            Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            AdminKey = await TestTenant.CreateAdminKeyAsync(_factory);
        }

        public async Task DisposeAsync()
        {
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
            await _database.DisposeAsync();
        }

        public void Dispose() => _factory?.Dispose();
    }

    [Theory]
    [InlineData("GET /v1/organizations/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400)]
    [InlineData("GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("BREW / HTCPCP/1.0\r\nHost: x\r\n\r\n", 400)]
    [InlineData("POST /v1/organizations/x/data/observations HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\0b\r\nContent-Length: 0\r\n\r\n", 400)]
    public async Task BadRequestLineOrHeaders_Answers400_WithTheEmptyBodyKestrelWrites(string request, int status)
    {
        var response = await SendAsync(Encoding.Latin1.GetBytes(request));

        Assert.Equal(status, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task RequestLineTooLong_Answers414_WithTheEmptyBodyKestrelWrites()
    {
        var response = await SendAsync(Encoding.ASCII.GetBytes($"GET /{new string('a', 10_000)} HTTP/1.1\r\nHost: x\r\n\r\n"));

        Assert.Equal(414, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task HeadersTooLarge_Answers431_WithTheEmptyBodyKestrelWrites()
    {
        var response = await SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 40_000)}\r\n\r\n"));

        Assert.Equal(431, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task NulInTheQuery_ReachesTheApplication_AndAnswers400ProblemJson()
    {
        // Kestrel refuses a NUL in the path only; one in the query string is the application's to refuse.
        var response = await SendAsync(Encoding.ASCII.GetBytes(
            $"GET /v1/organizations?x=a%00b HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.AdminKey}\r\n\r\n"));

        AssertProblem(response, 400);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_Answers413ProblemJson()
    {
        var chunk = new string(' ', 4 * BodyLimit);
        var response = await SendAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.AdminKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + $"{chunk.Length:x}\r\n{chunk}\r\n0\r\n\r\n"));

        AssertProblem(response, 413);
    }

    [Fact]
    public async Task MalformedChunkedBody_Answers400ProblemJson()
    {
        var response = await SendAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.AdminKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "zz\r\n{}\r\n0\r\n\r\n"));

        AssertProblem(response, 400);
    }

    private static void AssertProblem(RawResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.Contains("Content-Type: application/problem+json", response.Head, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
    }

    private sealed record RawResponse(int Status, string Head, string Body);

    /// <summary>Sends bytes on a new connection and reads the answer until the server closes it or its Content-Length is read.</summary>
    private async Task<RawResponse> SendAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // Kestrel may answer and close before it has read all of an oversized request.
        }
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;
            }
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
            if (Parse(received.ToArray()) is { } complete)
            {
                return complete;
            }
        }
        return Parse(received.ToArray()) ?? throw new InvalidOperationException("No complete HTTP answer: " + Encoding.Latin1.GetString(received.ToArray()));
    }

    private static RawResponse? Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }
        var head = text[..end];
        var body = text[(end + 4)..];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            if (!body.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                return null;
            }
            return new RawResponse(status, head, Dechunk(body));
        }
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line
            ? int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        return Encoding.UTF8.GetByteCount(body) >= length ? new RawResponse(status, head, body) : null;
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[position..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }
            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
