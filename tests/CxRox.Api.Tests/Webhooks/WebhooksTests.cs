using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Organizations;
using CxRox.Api.Storage;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

using static CxRox.Api.Tests.Webhooks.WebhookCalls;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>
/// Webhooks end to end: set through the API, delivered by Hangfire to a real HTTP receiver on
/// 127.0.0.1, whose requests the test checks against the secret the PUT returned, signature
/// recomputed here. Retries wait a second, so a failing receiver is retried within the test.
/// </summary>
public sealed class WebhooksTests(WebhooksTests.ShortRetries api) : IClassFixture<WebhooksTests.ShortRetries>
{
    /// <summary>The application with retries after 1 s and 1 s (three attempts in all), sending to this machine's receivers.</summary>
    public sealed class ShortRetries : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:RetryDelays:0"] = "00:00:01",
            ["Webhooks:RetryDelays:1"] = "00:00:01",
            ["Webhooks:Timeout"] = "00:00:05",
        };
    }

    private const int Attempts = 3;

    // Spacing and key order of its own, so that a body equal byte for byte was not re-serialized on the way.
    private static readonly byte[] SummaryPayload = Encoding.UTF8.GetBytes("""{"scorecard": "stores",  "period":"2026-01", "rox": 71.5, "zeta": true, "alpha": "żółw"}""");

    [Fact]
    public async Task Put_ShowsTheSecretOnce_AndGetNeverShowsIt()
    {
        var (tenant, _) = await CreateTenantAsync();
        var editor = Editor(tenant);

        var created = await editor.PutAsJsonAsync(WebhookPath(tenant), new { url = "https://93.184.216.34/hooks/cxrox" });
        var createdBody = await ReadAsync(created, HttpStatusCode.Created);
        var secret = createdBody.GetProperty("secret").GetString()!;
        var read = await editor.GetAsync(new Uri(WebhookPath(tenant), UriKind.Relative));
        var readText = await read.Content.ReadAsStringAsync();
        var changed = await ReadAsync(await editor.PutAsJsonAsync(WebhookPath(tenant), new { url = "https://93.184.216.34/hooks/other", events = Array.Empty<string>() }), HttpStatusCode.OK);
        var rotated = await ReadAsync(await editor.PutAsJsonAsync(WebhookPath(tenant), new { url = "https://93.184.216.34/hooks/other", rotateSecret = true }), HttpStatusCode.OK);

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal($"/v1/organizations/{tenant.Slug}/webhook", created.Headers.Location?.OriginalString);
        Assert.Equal(["summary.created"], createdBody.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("secret", readText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, readText, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("secret").ValueKind);
        Assert.Empty(changed.GetProperty("events").EnumerateArray());
        Assert.StartsWith("whsec_", rotated.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(secret, rotated.GetProperty("secret").GetString());
    }

    [Theory]
    [InlineData("""{"url": "http://example.com/hook"}""", "url")]
    [InlineData("""{"url": "ftp://example.com/hook"}""", "url")]
    [InlineData("""{"url": "/relative/hook"}""", "url")]
    [InlineData("""{"url": "not a url"}""", "url")]
    [InlineData("""{}""", "url")]
    [InlineData("""{"url": "https://user:password@example.com/hook"}""", "url")]
    [InlineData("""{"url": "https://example.com/hook", "events": ["summary.deleted"]}""", "events")]
    public async Task Put_WithAnInvalidWebhook_Answers422NamingTheField(string body, string field)
    {
        var (tenant, _) = await CreateTenantAsync();

        var response = await Editor(tenant).PutAsync(new Uri(WebhookPath(tenant), UriKind.Relative), TestTenant.Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Editor(tenant).GetAsync(new Uri(WebhookPath(tenant), UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Test_SendsAPingNow_SignedWithTheSecretThePutReturned()
    {
        var (tenant, _) = await CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => HttpStatusCode.NoContent);
        var secret = await SetWebhookAsync(tenant, receiver.Url);

        var response = await Editor(tenant).PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null);

        var delivery = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(204, delivery.GetProperty("lastStatusCode").GetInt32());
        var request = Assert.Single(receiver.Requests);
        AssertSignedBy(secret, request);
        Assert.Equal("ping", request.Headers["CxRox-Event"]);
        Assert.Equal(delivery.GetProperty("id").GetString(), request.Headers["CxRox-Delivery"]);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        var ping = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("ping", ping.GetProperty("event").GetString());
        Assert.Equal(tenant.Slug, ping.GetProperty("organization").GetString());
    }

    [Fact]
    public async Task Test_ToAPortNobodyListensOn_FailsWithAReasonOfOurs()
    {
        var (tenant, _) = await CreateTenantAsync();
        await SetWebhookAsync(tenant, "http://127.0.0.1:9/hook");

        var delivery = await ReadAsync(await Editor(tenant).PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("lastStatusCode").ValueKind);
        // Not the platform's "Connection refused (127.0.0.1:9)": a filtered port reads the same.
        Assert.Equal(WebhookAttemptOutcome.ConnectionFailed, delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Test_ToAPortThatNeverAnswers_ReadsLikeAClosedPort()
    {
        var (tenant, _) = await CreateTenantAsync();
        // A listener whose backlog is full drops further connections unanswered, as a firewall does.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var fillers = await FillBacklogAsync((IPEndPoint)listener.LocalEndPoint!);
        await SetWebhookAsync(tenant, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/hook");

        var delivery = await ReadAsync(await Editor(tenant).PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(WebhookAttemptOutcome.ConnectionFailed, delivery.GetProperty("lastError").GetString());
        fillers.ForEach(filler => filler.Dispose());
    }

    [Fact]
    public async Task Test_ToAHostName_ConnectsToTheAddressItWasJudgedOn_WithTheNameAsHost()
    {
        var (tenant, _) = await CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => HttpStatusCode.NoContent);
        // A name that only the test's resolver knows: the system's cannot have given the address.
        var names = new TestHostNames();
        names.Add("hooks.localhost", IPAddress.Loopback);
        await using var app = names.Serve(api.Factory);
        var editor = TestHostNames.Client(app, tenant.Editor);
        var url = $"http://hooks.localhost:{receiver.Port}/hook";

        var put = await editor.PutAsJsonAsync(WebhookPath(tenant), new { url });
        var delivery = await ReadAsync(await editor.PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal($"hooks.localhost:{receiver.Port}", Assert.Single(receiver.Requests).Headers["Host"]);
        // Once when it was set, once for the attempt: the connection used the attempt's own answer.
        Assert.Equal(2, names.Lookups("hooks.localhost"));
    }

    [Fact]
    public async Task TheScheduledSummary_IsDeliveredSigned_AsTheStoredSummarysJson()
    {
        var (tenant, _) = await CreateTenantAsync();
        var put = await Editor(tenant).PutAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores", UriKind.Relative),
            TestTenant.Json(Scorecards.ScorecardsApiTests.Sample(tenant.Slug, "stores")));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        await using var receiver = await WebhookReceiver.StartAsync(_ => HttpStatusCode.OK);
        var secret = await SetWebhookAsync(tenant, receiver.Url);

        var run = await Editor(tenant).PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/schedule/run-now?kind=summary", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var request = Assert.Single(receiver.Requests);
        AssertSignedBy(secret, request);
        Assert.Equal("summary.created", request.Headers["CxRox-Event"]);
        var delivered = JsonDocument.Parse(request.Body).RootElement;
        var period = delivered.GetProperty("period").GetProperty("start").GetString();
        var stored = await TestTenant.Client(api.Factory, tenant.Reader).GetStringAsync(
            new Uri($"/v1/organizations/{tenant.Slug}/scorecards/stores/summaries/{period}.json", UriKind.Relative));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(request.Body)), "the delivered summary is not the stored one");
    }

    [Fact]
    public async Task Enqueue_ToAReceiverFailingTwice_IsRetriedAndSucceedsOnTheThirdAttempt()
    {
        var (tenant, organizationId) = await CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(n => n <= 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        var secret = await SetWebhookAsync(tenant, receiver.Url);

        var enqueued = await Deliveries.EnqueueAsync(organizationId, WebhookEvents.SummaryCreated, "stores/2026-01", SummaryPayload, CancellationToken.None);
        var delivery = await WaitUntilSettledAsync(Editor(tenant), tenant, enqueued!.Id);

        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(Attempts, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, delivery.GetProperty("deliveredAt").ValueKind);
        Assert.Equal("stores/2026-01", delivery.GetProperty("subject").GetString());
        Assert.Equal("summary.created", delivery.GetProperty("event").GetString());
        var requests = receiver.Requests;
        Assert.Equal(Attempts, requests.Count);
        Assert.All(requests, r =>
        {
            AssertSignedBy(secret, r);
            Assert.Equal(SummaryPayload, r.Body);
            Assert.Equal(enqueued.Id.ToString(), r.Headers["CxRox-Delivery"]);
            Assert.Equal("summary.created", r.Headers["CxRox-Event"]);
        });
        // Each retry waited its second (less a little for clocks).
        Assert.All(requests.Zip(requests.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At > TimeSpan.FromSeconds(0.9), $"{pair.First.At:O} then {pair.Second.At:O}"));
    }

    [Fact]
    public async Task Enqueue_ToAReceiverThatAlwaysFails_FailsForGoodAfterTheLastAttempt()
    {
        var (tenant, organizationId) = await CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => HttpStatusCode.ServiceUnavailable);
        await SetWebhookAsync(tenant, receiver.Url);

        var enqueued = await Deliveries.EnqueueAsync(organizationId, WebhookEvents.SummaryCreated, "stores/2026-02", SummaryPayload, CancellationToken.None);
        var delivery = await WaitUntilSettledAsync(Editor(tenant), tenant, enqueued!.Id);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // longer than a retry's wait: a fourth attempt would have come

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(Attempts, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(503, delivery.GetProperty("lastStatusCode").GetInt32());
        // The status code and our name for it; nothing of the receiver's answer.
        Assert.Equal("receiver answered 503 Service Unavailable", delivery.GetProperty("lastError").GetString());
        Assert.DoesNotContain(WebhookReceiver.RefusalText, delivery.ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(Attempts, receiver.Requests.Count);
    }

    [Fact]
    public async Task Attempt_OfADeliveryAlreadySentOrBeingSent_SendsNothing()
    {
        var (tenant, organizationId) = await CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => HttpStatusCode.OK, delay: TimeSpan.FromMilliseconds(500));
        await SetWebhookAsync(tenant, receiver.Url);
        var sender = api.Factory.Services.GetRequiredService<WebhookSender>();
        // Recorded but not scheduled: the two attempts below stand for Hangfire running one delivery twice.
        Guid deliveryId;
        await using (var transaction = await OrganizationTransaction.BeginAsync(api.Factory.Services.GetRequiredService<NpgsqlDataSource>(), organizationId))
        {
            deliveryId = (await WebhookDeliveries.RecordAsync(transaction, WebhookEvents.SummaryCreated, "stores/2026-03", "{}", CancellationToken.None))!.Id;
            await transaction.CommitAsync();
        }

        var together = await Task.WhenAll(
            sender.AttemptAsync(organizationId, deliveryId, TimeSpan.FromMinutes(1), CancellationToken.None),
            sender.AttemptAsync(organizationId, deliveryId, TimeSpan.FromMinutes(1), CancellationToken.None));
        var after = await sender.AttemptAsync(organizationId, deliveryId, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Single(together, d => d is not null);
        Assert.Equal(WebhookDeliveryStatus.Succeeded, together.Single(d => d is not null)!.Status);
        Assert.Null(after);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Enqueue_WithoutAWebhookThatReceivesTheEvent_RecordsNothing_AndDeleteTurnsItOff()
    {
        var (tenant, organizationId) = await CreateTenantAsync();
        var editor = Editor(tenant);

        var withoutWebhook = await Deliveries.EnqueueAsync(organizationId, WebhookEvents.SummaryCreated, "s/1", SummaryPayload, CancellationToken.None);
        await ReadAsync(await editor.PutAsJsonAsync(WebhookPath(tenant), new { url = "http://127.0.0.1:9/hook", events = Array.Empty<string>() }), HttpStatusCode.Created);
        var notSubscribed = await Deliveries.EnqueueAsync(organizationId, WebhookEvents.SummaryCreated, "s/2", SummaryPayload, CancellationToken.None);
        var deleted = await ReadAsync(await editor.DeleteAsync(new Uri(WebhookPath(tenant), UriKind.Relative)), HttpStatusCode.OK);
        var turnedOff = await Deliveries.EnqueueAsync(organizationId, WebhookEvents.Ping, "s/3", SummaryPayload, CancellationToken.None);
        var test = await editor.PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null);
        var history = await ReadAsync(await editor.GetAsync(new Uri($"{WebhookPath(tenant)}/deliveries", UriKind.Relative)), HttpStatusCode.OK);

        Assert.Null(withoutWebhook);
        Assert.Null(notSubscribed);
        Assert.False(deleted.GetProperty("enabled").GetBoolean());
        Assert.Null(turnedOff);
        await ProblemAssert.IsProblemAsync(test, HttpStatusCode.Conflict);
        Assert.Empty(history.EnumerateArray());
    }

    [Fact]
    public async Task Deliveries_ListNewestFirst_UpToTheLimit_AndReadersMayNotSeeTheWebhook()
    {
        var (tenant, _) = await CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? HttpStatusCode.OK : HttpStatusCode.BadRequest);
        await SetWebhookAsync(tenant, receiver.Url);
        var editor = Editor(tenant);
        var first = await ReadAsync(await editor.PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null), HttpStatusCode.OK);
        var second = await ReadAsync(await editor.PostAsync(new Uri($"{WebhookPath(tenant)}/test", UriKind.Relative), null), HttpStatusCode.OK);

        var all = await ReadAsync(await editor.GetAsync(new Uri($"{WebhookPath(tenant)}/deliveries", UriKind.Relative)), HttpStatusCode.OK);
        var one = await ReadAsync(await editor.GetAsync(new Uri($"{WebhookPath(tenant)}/deliveries?limit=1", UriKind.Relative)), HttpStatusCode.OK);
        var tooMany = await editor.GetAsync(new Uri($"{WebhookPath(tenant)}/deliveries?limit=201", UriKind.Relative));
        var byReader = await TestTenant.Client(api.Factory, tenant.Reader).GetAsync(new Uri(WebhookPath(tenant), UriKind.Relative));

        Assert.Equal([second.GetProperty("id").GetString(), first.GetProperty("id").GetString()], all.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal("failed", second.GetProperty("status").GetString());
        Assert.Equal(400, second.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("receiver answered 400 Bad Request", second.GetProperty("lastError").GetString());
        Assert.DoesNotContain(WebhookReceiver.RefusalText, second.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookReceiver.RefusalText, all.ToString(), StringComparison.Ordinal);
        Assert.Equal(second.GetProperty("id").GetString(), Assert.Single(one.EnumerateArray()).GetProperty("id").GetString());
        await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(byReader, HttpStatusCode.Forbidden);
    }

    /// <summary>Connects to <paramref name="endPoint"/> until a connection is left unanswered; the connections made.</summary>
    private static async Task<List<Socket>> FillBacklogAsync(IPEndPoint endPoint)
    {
        var fillers = new List<Socket>();
        for (var i = 0; i < 8; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await filler.ConnectAsync(endPoint, wait.Token);
                fillers.Add(filler);
            }
            catch (OperationCanceledException)
            {
                filler.Dispose();
                return fillers;
            }
        }
        fillers.ForEach(filler => filler.Dispose());
        throw new InvalidOperationException("The listener's backlog never filled; the test cannot stand for a filtered port here.");
    }

    private WebhookDeliveries Deliveries => api.Factory.Services.GetRequiredService<WebhookDeliveries>();

    private HttpClient Editor(TestTenant tenant) => TestTenant.Client(api.Factory, tenant.Editor);

    private async Task<(TestTenant Tenant, Guid OrganizationId)> CreateTenantAsync()
    {
        var admin = await TestTenant.CreateAdminKeyAsync(api.Factory);
        var tenant = await TestTenant.CreateAsync(api.Factory, admin, "hooks-" + Guid.NewGuid().ToString("N")[..10]);
        var organization = await api.Factory.Services.GetRequiredService<OrganizationsStore>().FindAsync(tenant.Slug, CancellationToken.None);
        return (tenant, organization!.Id);
    }

    /// <summary>PUTs the webhook and returns its secret.</summary>
    private async Task<string> SetWebhookAsync(TestTenant tenant, string url) =>
        (await ReadAsync(await Editor(tenant).PutAsJsonAsync(WebhookPath(tenant), new { url }), HttpStatusCode.Created)).GetProperty("secret").GetString()!;

    private static void AssertSignedBy(string secret, WebhookReceiver.Request request)
    {
        var timestamp = request.Headers["CxRox-Timestamp"];
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        Assert.Equal(expected, request.Headers["CxRox-Signature"]);
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(age > TimeSpan.FromSeconds(-5) && age < TimeSpan.FromMinutes(1), $"CxRox-Timestamp {timestamp} is {age} old");
    }
}
