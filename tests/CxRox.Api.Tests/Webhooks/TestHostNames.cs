using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>
/// Host names that a test resolves itself, so that webhook tests depend on no DNS server and send
/// nothing beyond this machine: the application of a fixture, served again with these names as
/// its resolver (<see cref="ResolveHostName"/>). Any other name does not resolve.
/// </summary>
public sealed class TestHostNames
{
    private readonly ConcurrentDictionary<string, Func<IPAddress[]>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _lookups = new(StringComparer.Ordinal);

    /// <summary>Every lookup of <paramref name="name"/> answers <paramref name="addresses"/>.</summary>
    public void Add(string name, params IPAddress[] addresses) => _answers[name] = () => addresses;

    /// <summary>The first lookup of <paramref name="name"/> answers <paramref name="first"/>, every later one <paramref name="then"/>: a rebinding name.</summary>
    public void AddRebinding(string name, IPAddress first, IPAddress then) =>
        _answers[name] = () => _lookups.GetValueOrDefault(name) <= 1 ? [first] : [then];

    public int Lookups(string name) => _lookups.GetValueOrDefault(name);

    /// <summary>The application of <paramref name="factory"/> (its settings and database), resolving with these names.</summary>
    public WebApplicationFactory<Program> Serve(ApiFactory factory) =>
        factory.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<ResolveHostName>(ResolveAsync)));

    public static HttpClient Client(WebApplicationFactory<Program> app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        _lookups.AddOrUpdate(name, 1, (_, count) => count + 1);
        return _answers.TryGetValue(name, out var answer)
            ? Task.FromResult(answer())
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
