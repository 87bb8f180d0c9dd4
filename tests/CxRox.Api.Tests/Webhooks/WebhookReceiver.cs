using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>
/// A webhook receiver: Kestrel on 127.0.0.1 and a port of its own, recording every request and
/// answering the n-th (from 1) with the status <c>answer(n)</c>, after <c>delay</c>; a refusal
/// (4xx, 5xx) carries <see cref="RefusalText"/> in its body, which CxRox must never show.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string RefusalText = "down for maintenance";

    public sealed record Request(DateTimeOffset At, Dictionary<string, string> Headers, byte[] Body);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Request> _requests = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:&lt;port&gt;/hook</summary>
    public string Url { get; private set; } = "";

    public int Port => new Uri(Url).Port;

    public IReadOnlyList<Request> Requests => [.. _requests];

    public static async Task<WebhookReceiver> StartAsync(Func<int, HttpStatusCode> answer, TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        var count = 0;
        receiver._app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._requests.Enqueue(new Request(
                DateTimeOffset.UtcNow, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            await Task.Delay(delay);
            var status = (int)answer(Interlocked.Increment(ref count));
            return status >= 400 ? Results.Text(RefusalText, statusCode: status) : Results.StatusCode(status);
        });
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
