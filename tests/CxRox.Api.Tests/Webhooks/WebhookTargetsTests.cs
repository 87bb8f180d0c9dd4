using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CxRox.Api.Organizations;
using CxRox.Api.Storage;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

using static CxRox.Api.Tests.Webhooks.WebhookCalls;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>
/// Where a webhook may not go (server-side request forgery), with Webhooks:AllowLoopback off as in
/// production: refused at PUT in every spelling, and refused again at every attempt, on the
/// addresses the attempt would connect to. Names resolve through the test's own table
/// (<see cref="TestHostNames"/>); nothing is sent beyond this machine.
/// </summary>
public sealed class WebhookTargetsTests(WebhookTargetsTests.LoopbackRefused api, ITestOutputHelper output) : IClassFixture<WebhookTargetsTests.LoopbackRefused>
{
    /// <summary>The application as in production (no loopback), port 8443 allowed besides 443, one retry after 1 s; served again with the test's names.</summary>
    public sealed class LoopbackRefused : IAsyncLifetime, IDisposable
    {
        private sealed class ProductionSettings : ApiFixture
        {
            protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
            {
                ["Webhooks:AllowLoopback"] = "false",
                ["Webhooks:AllowedPorts:0"] = "8443",
                ["Webhooks:RetryDelays:0"] = "00:00:01",
                ["Webhooks:Timeout"] = "00:00:05",
            };
        }

        private readonly ProductionSettings _api = new();

        public TestHostNames Names { get; } = new();

        public ApiFactory Factory => _api.Factory;

        /// <summary>The organization of the refusals, which store nothing.</summary>
        public TestTenant? RefusalsTenant { get; set; }

        /// <summary>The same application, resolving with <see cref="Names"/>.</summary>
        public WebApplicationFactory<Program> App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _api.InitializeAsync();
            App = Names.Serve(_api.Factory);
            Names.Add("private.example.net", IPAddress.Parse("10.1.2.3"));
            Names.Add("metadata.example.net", IPAddress.Parse("169.254.169.254"));
            Names.Add("loopback.example.net", IPAddress.Loopback);
            Names.Add("mixed.example.net", IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.5"));
            Names.Add("ula.example.net", IPAddress.Parse("fd00::1"));
            Names.Add("mapped.example.net", IPAddress.Parse("::ffff:192.168.0.1"));
            Names.Add("hooks.example.net", IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946"));
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _api.DisposeAsync();
        }

        public void Dispose()
        {
            _api.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Every refused target, with the words the PUT's 422 must contain.</summary>
    public static TheoryData<string, string> RefusedTargets => new()
    {
        // Loopback, in every spelling the platform's parser reads.
        { "https://127.0.0.1/hook", "127.0.0.1 is a loopback address" },
        { "http://127.0.0.1:9/hook", "127.0.0.1 is a loopback address" },
        { "https://2130706433/hook", "127.0.0.1 is a loopback address" },
        { "https://0177.0.0.1/hook", "127.0.0.1 is a loopback address" },
        { "https://0x7f.0.0.1/hook", "127.0.0.1 is a loopback address" },
        { "https://0x7f000001/hook", "127.0.0.1 is a loopback address" },
        { "https://017700000001/hook", "127.0.0.1 is a loopback address" },
        { "https://127.1/hook", "127.0.0.1 is a loopback address" },
        { "https://127.000.000.001/hook", "127.0.0.1 is a loopback address" },
        { "https://127.0.0.1./hook", "127.0.0.1 is a loopback address" },
        { "https://127.0.0.2:8443/hook", "127.0.0.2 is a loopback address" },
        { "https://127\u30020\u30020\u30021/hook", "127.0.0.1 is a loopback address" },
        { "https://[::1]/hook", "[::1] is a loopback address" },
        { "https://[0:0:0:0:0:0:0:1]/hook", "[::1] is a loopback address" },
        { "https://[::ffff:127.0.0.1]/hook", "[::ffff:127.0.0.1] is a loopback address" },
        { "https://[::ffff:7f00:1]/hook", "[::ffff:127.0.0.1] is a loopback address" },
        { "https://[::127.0.0.1]/hook", "is a loopback address" },
        { "https://localhost/hook", "localhost is this machine" },
        { "http://localhost:8080/hook", "localhost is this machine" },
        { "https://LOCALHOST./hook", "localhost is this machine" },
        { "https://api.localhost/hook", "api.localhost is this machine" },
        // Unspecified and this network.
        { "https://0.0.0.0/hook", "0.0.0.0 is an unspecified address" },
        { "https://0/hook", "0.0.0.0 is an unspecified address" },
        { "https://[::]/hook", "[::] is an unspecified address" },
        { "https://0.1.2.3/hook", "0.1.2.3 is a this-network address" },
        // Cloud metadata and link-local.
        { "https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address" },
        { "https://[::ffff:169.254.169.254]/latest/meta-data/", "[::ffff:169.254.169.254] is a link-local address" },
        { "https://[fe80::1]/hook", "[fe80::1] is a link-local address" },
        { "https://[fe80::1%25eth0]/hook", "is a link-local address" },
        // Private networks.
        { "https://10.0.0.1/hook", "10.0.0.1 is a private address" },
        { "https://012.0.0.1/hook", "10.0.0.1 is a private address" },
        { "https://172.16.0.1/hook", "172.16.0.1 is a private address" },
        { "https://172.31.255.255/hook", "172.31.255.255 is a private address" },
        { "https://192.168.1.1/hook", "192.168.1.1 is a private address" },
        { "https://3232235777/hook", "192.168.1.1 is a private address" },
        { "https://[::ffff:10.0.0.1]/hook", "[::ffff:10.0.0.1] is a private address" },
        { "https://100.64.0.1/hook", "100.64.0.1 is a shared (carrier-grade NAT) address" },
        { "https://[fc00::1]/hook", "[fc00::1] is a unique-local address" },
        { "https://[fd12:3456::1]/hook", "[fd12:3456::1] is a unique-local address" },
        { "https://[fec0::1]/hook", "[fec0::1] is a site-local address" },
        // Multicast, broadcast, reserved, documentation, benchmarking, protocol blocks.
        { "https://224.0.0.1/hook", "224.0.0.1 is a multicast address" },
        { "https://[ff02::1]/hook", "[ff02::1] is a multicast address" },
        { "https://255.255.255.255/hook", "255.255.255.255 is a broadcast address" },
        { "https://240.0.0.1/hook", "240.0.0.1 is a reserved address" },
        { "https://192.0.0.1/hook", "192.0.0.1 is an IETF protocol address" },
        { "https://192.0.2.1/hook", "192.0.2.1 is a documentation address" },
        { "https://198.51.100.1/hook", "198.51.100.1 is a documentation address" },
        { "https://203.0.113.1/hook", "203.0.113.1 is a documentation address" },
        { "https://198.18.0.1/hook", "198.18.0.1 is a benchmarking address" },
        { "https://[2001:db8::1]/hook", "[2001:db8::1] is a documentation address" },
        // IPv6 forms that carry an IPv4 address.
        { "https://[64:ff9b::a00:1]/hook", "[64:ff9b::a00:1] is a NAT64 address" },
        { "https://[2002:a00:1::1]/hook", "[2002:a00:1::1] is a 6to4 address (private address inside)" },
        { "https://[2002:7f00:1::]/hook", "[2002:7f00:1::] is a 6to4 address (loopback address inside)" },
        { "https://[2001::1]/hook", "[2001::1] is a Teredo address" },
        { "https://[100::1]/hook", "[100::1] is a discard-only address" },
        { "https://[::ffff:0:7f00:1]/hook", "is a reserved address" },
        // Names for use inside a network.
        { "https://printer.local/hook", "printer.local is a name for use inside a network (.local)" },
        { "https://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a name for use inside a network (.internal)" },
        { "https://router.home.arpa/hook", "router.home.arpa is a name for use inside a network (.home.arpa)" },
        { "https://db.corp/hook", "db.corp is a name for use inside a network (.corp)" },
        { "https://intruder.example/hook", "intruder.example is a name for use inside a network (.example)" },
        { "https://intranet/hook", "intranet is a name for use inside a network (.intranet)" },
        { "https://wiki/hook", "wiki is a name of the local network" },
        // Names that resolve to forbidden addresses (all of them, or only one).
        { "https://private.example.net/hook", "private.example.net resolves to a private address" },
        { "https://metadata.example.net/latest/meta-data/", "metadata.example.net resolves to a link-local address" },
        { "https://loopback.example.net/hook", "loopback.example.net resolves to a loopback address" },
        { "https://mixed.example.net/hook", "mixed.example.net resolves to a private address" },
        { "https://ula.example.net/hook", "ula.example.net resolves to a unique-local address" },
        { "https://mapped.example.net/hook", "mapped.example.net resolves to a private address" },
        // Scheme, user info, ports.
        { "http://hooks.example.net/hook", "The URL must be https; it is http." },
        { "http://93.184.216.34/hook", "The URL must be https; it is http." },
        { "ftp://hooks.example.net/hook", "The URL must be https; it is ftp." },
        { "gopher://127.0.0.1:6379/_INFO", "The URL must be https; it is gopher." },
        { "file:///etc/passwd", "The URL must be https; it is file." },
        { "https://%31%32%37.0.0.1/hook", "Give an absolute URL" },
        { "https://user:password@hooks.example.net/hook", "Leave user name and password out of the URL" },
        { "https://hooks.example.net:8080/hook", "A webhook goes to port 443 or 8443, not to port 8080." },
        { "https://93.184.216.34:22/hook", "not to port 22." },
        { "https://93.184.216.34:6379/hook", "not to port 6379." },
        { "https://93.184.216.34:80/hook", "not to port 80." },
    };

    /// <summary>Targets the policy allows; set, never sent to.</summary>
    public static TheoryData<string> AllowedTargets => new()
    {
        "https://93.184.216.34/hook",
        "https://93.184.216.34:8443/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
        "https://[::ffff:93.184.216.34]/hook",
        "https://[2002:5db8:d822::1]/hook",
        "https://hooks.example.net/cxrox",
        // Does not resolve now: let through, and judged again at every attempt.
        "https://not-yet.example.net/cxrox",
    };

    [Theory]
    [MemberData(nameof(RefusedTargets))]
    public async Task Put_OfARefusedTarget_Answers422NamingUrlAndWhy(string url, string why)
    {
        var tenant = await TenantAsync();
        var editor = TestHostNames.Client(api.App, tenant.Editor);

        var response = await editor.PutAsJsonAsync(WebhookPath(tenant), new { url });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var reason = Assert.Single(problem.GetProperty("errors").GetProperty("url").EnumerateArray()).GetString()!;
        output.WriteLine($"| `{url}` | {(int)response.StatusCode} | {reason} |");
        Assert.Contains(why, reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync(new Uri(WebhookPath(tenant), UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(AllowedTargets))]
    public async Task Put_OfAPublicTarget_SetsIt(string url)
    {
        var tenant = await CreateTenantAsync();

        var response = await TestHostNames.Client(api.App, tenant.Editor).PutAsJsonAsync(WebhookPath(tenant), new { url });

        output.WriteLine($"| `{url}` | {(int)response.StatusCode} | set |");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/hook", "refused target: loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/hook", "refused target: loopback address")]
    [InlineData("http://localhost:{0}/hook", "refused target: loopback host name")]
    [InlineData("https://10.0.0.1:{0}/hook", "refused target: private address")]
    public async Task Test_OfAWebhookSetUnderLooserSettings_FailsWithTheReason_AndConnectsNowhere(string template, string reason)
    {
        // A listener that nothing may reach; what the webhook was set to under settings that allowed it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var (tenant, organizationId) = await CreateTenantWithIdAsync();
        await StoreWebhookAsync(organizationId, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, ((IPEndPoint)listener.LocalEndpoint).Port));

        var response = await TestHostNames.Client(api.App, tenant.Editor).PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null);

        var delivery = await ReadAsync(response, HttpStatusCode.OK);
        output.WriteLine($"| `{template.Replace("{0}", "<port>", StringComparison.Ordinal)}` (set earlier), POST …/test | {(int)response.StatusCode}, delivery {delivery.GetProperty("status").GetString()} | {delivery.GetProperty("lastError").GetString()} |");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("lastStatusCode").ValueKind);
        Assert.Equal(reason, delivery.GetProperty("lastError").GetString());
        Assert.False(listener.Pending(), "the refused target was connected to");
    }

    [Fact]
    public async Task Enqueue_ToARefusedTarget_FailsForGoodOnItsFirstAttempt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var (tenant, organizationId) = await CreateTenantWithIdAsync();
        await StoreWebhookAsync(organizationId, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook");

        var deliveries = api.Factory.Services.GetRequiredService<WebhookDeliveries>();
        var enqueued = await deliveries.EnqueueAsync(organizationId, WebhookEvents.SummaryCreated, "stores/2026-01", """{"rox": 1}"""u8.ToArray(), CancellationToken.None);
        var delivery = await WaitUntilSettledAsync(TestHostNames.Client(api.App, tenant.Editor), tenant, enqueued!.Id);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // longer than the retry's wait: a second attempt would have come
        output.WriteLine($"| `http://127.0.0.1:<port>/hook` (set earlier), summary.created through Hangfire | delivery {delivery.GetProperty("status").GetString()} after {delivery.GetProperty("attempts").GetInt32()} attempt | {delivery.GetProperty("lastError").GetString()} |");

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal("refused target: loopback address", delivery.GetProperty("lastError").GetString());
        Assert.Equal(delivery.ToString(), (await DeliveryAsync(TestHostNames.Client(api.App, tenant.Editor), tenant, enqueued.Id)).ToString());
        Assert.False(listener.Pending(), "the refused target was connected to");
    }

    [Fact]
    public async Task Test_OfANameThatResolvesElsewhereSinceItWasSet_IsJudgedOnTheAttemptsAddress()
    {
        var tenant = await CreateTenantAsync();
        api.Names.AddRebinding("rebind.example.net", IPAddress.Parse("93.184.216.34"), IPAddress.Loopback);
        var editor = TestHostNames.Client(api.App, tenant.Editor);

        var put = await editor.PutAsJsonAsync(WebhookPath(tenant), new { url = "https://rebind.example.net/hook" });
        var delivery = await ReadAsync(await editor.PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null), HttpStatusCode.OK);

        output.WriteLine($"| `https://rebind.example.net/hook` (93.184.216.34 at PUT, then 127.0.0.1), PUT then POST …/test | {(int)put.StatusCode}, then 200, delivery {delivery.GetProperty("status").GetString()} | {delivery.GetProperty("lastError").GetString()} |");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal("refused target: loopback address", delivery.GetProperty("lastError").GetString());
        // One lookup when it was set, one for the attempt: nothing else resolved it in between.
        Assert.Equal(2, api.Names.Lookups("rebind.example.net"));
    }

    private async Task<TestTenant> TenantAsync() => api.RefusalsTenant ??= await CreateTenantAsync();

    private async Task<TestTenant> CreateTenantAsync() => (await CreateTenantWithIdAsync()).Tenant;

    private async Task<(TestTenant Tenant, Guid OrganizationId)> CreateTenantWithIdAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "targets-" + Guid.NewGuid().ToString("N")[..10]);
        var organization = await api.Factory.Services.GetRequiredService<OrganizationsStore>().FindAsync(tenant.Slug, CancellationToken.None);
        return (tenant, organization!.Id);
    }

    /// <summary>Sets the webhook in the store, as a PUT did under settings that allowed it (or before this policy).</summary>
    private async Task StoreWebhookAsync(Guid organizationId, string url)
    {
        await using var transaction = await OrganizationTransaction.BeginAsync(api.Factory.Services.GetRequiredService<NpgsqlDataSource>(), organizationId);
        await WebhooksStore.SetAsync(transaction, url, WebhookEvents.Subscribable, WebhookSignature.NewSecret(), rotateSecret: false, CancellationToken.None);
        await transaction.CommitAsync();
    }
}
