using System.Net;
using System.Net.Sockets;
using CxRox.Api.Webhooks;

namespace CxRox.Api.Tests.Webhooks;

/// <summary>The target policy on its own: each forbidden range, the public addresses around them, and one lookup per judgement.</summary>
public sealed class WebhookTargetPolicyTests
{
    [Theory]
    [InlineData("0.0.0.0", "unspecified address")]
    [InlineData("0.1.2.3", "this-network address")]
    [InlineData("0.255.255.255", "this-network address")]
    [InlineData("10.0.0.0", "private address")]
    [InlineData("10.255.255.255", "private address")]
    [InlineData("100.64.0.0", "shared (carrier-grade NAT) address")]
    [InlineData("100.127.255.255", "shared (carrier-grade NAT) address")]
    [InlineData("127.0.0.1", "loopback address")]
    [InlineData("127.255.255.254", "loopback address")]
    [InlineData("169.254.169.254", "link-local address")]
    [InlineData("172.16.0.0", "private address")]
    [InlineData("172.31.255.255", "private address")]
    [InlineData("192.0.0.8", "IETF protocol address")]
    [InlineData("192.0.2.1", "documentation address")]
    [InlineData("192.88.99.1", "6to4 relay address")]
    [InlineData("192.168.0.1", "private address")]
    [InlineData("198.18.0.1", "benchmarking address")]
    [InlineData("198.19.255.255", "benchmarking address")]
    [InlineData("198.51.100.7", "documentation address")]
    [InlineData("203.0.113.7", "documentation address")]
    [InlineData("224.0.0.1", "multicast address")]
    [InlineData("239.255.255.250", "multicast address")]
    [InlineData("240.0.0.1", "reserved address")]
    [InlineData("255.255.255.255", "broadcast address")]
    [InlineData("::", "unspecified address")]
    [InlineData("::1", "loopback address")]
    [InlineData("::ffff:127.0.0.1", "loopback address")]
    [InlineData("::ffff:10.1.2.3", "private address")]
    [InlineData("::ffff:169.254.169.254", "link-local address")]
    [InlineData("::ffff:0.0.0.0", "unspecified address")]
    [InlineData("::127.0.0.1", "loopback address")]
    [InlineData("::192.168.1.1", "private address")]
    [InlineData("::93.184.216.34", "IPv4-compatible address (deprecated)")]
    [InlineData("64:ff9b::a00:1", "NAT64 address")]
    [InlineData("64:ff9b::5db8:d822", "NAT64 address")]
    [InlineData("64:ff9b:1::1", "NAT64 address")]
    [InlineData("100::1", "discard-only address")]
    [InlineData("2001::1", "Teredo address")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo address")]
    [InlineData("2001:2::1", "IETF protocol address")]
    [InlineData("2001:db8::1", "documentation address")]
    [InlineData("3fff::1", "documentation address")]
    [InlineData("2002:7f00:1::1", "6to4 address (loopback address inside)")]
    [InlineData("2002:a9fe:a9fe::1", "6to4 address (link-local address inside)")]
    [InlineData("2002:c0a8:101::1", "6to4 address (private address inside)")]
    [InlineData("5f00::1", "segment-routing address")]
    [InlineData("fc00::1", "unique-local address")]
    [InlineData("fd12:3456:789a::1", "unique-local address")]
    [InlineData("fe80::1", "link-local address")]
    [InlineData("fe80::1%2", "link-local address")]
    [InlineData("febf:ffff::1", "link-local address")]
    [InlineData("fec0::1", "site-local address")]
    [InlineData("ff02::1", "multicast address")]
    [InlineData("4000::1", "reserved address")]
    [InlineData("::2:0:0:1", "reserved address")]
    public void ForbiddenRange_OfASpecialPurposeAddress_NamesItsRange(string address, string range)
    {
        Assert.Equal(range, WebhookAddressRanges.ForbiddenRange(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("2a00:1450:4001:81d::200e")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("2001:200::1")]
    public void ForbiddenRange_OfAPublicAddress_IsNone(string address)
    {
        Assert.Null(WebhookAddressRanges.ForbiddenRange(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.2")]
    public void Refusal_OfLoopback_OnlyWhenTheSettingIsOff(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal("loopback address", Policy(allowLoopback: false).Refusal(ip));
        Assert.Null(Policy(allowLoopback: true).Refusal(ip));
    }

    [Fact]
    public void Refusal_WithLoopbackAllowed_StillRefusesEverythingElse()
    {
        var policy = Policy(allowLoopback: true);

        Assert.Equal("private address", policy.Refusal(IPAddress.Parse("10.0.0.1")));
        Assert.Equal("unspecified address", policy.Refusal(IPAddress.Any));
        Assert.Equal("6to4 address (loopback address inside)", policy.Refusal(IPAddress.Parse("2002:7f00:1::1")));
    }

    [Theory]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")]
    [InlineData("https://[::ffff:93.184.216.34]/hook")]
    [InlineData("https://93.184.216.34:443/hook")]
    public async Task Judge_APublicAddress_IsAllowedWithoutALookup(string url)
    {
        var lookups = 0;
        var policy = Policy(allowLoopback: false, (_, _) => { lookups++; return Task.FromResult<IPAddress[]>([]); });

        var verdict = await policy.JudgeAsync(url, CancellationToken.None);

        var allowed = Assert.IsType<WebhookTargetVerdict.Allowed>(verdict);
        Assert.Single(allowed.Addresses);
        Assert.Equal(0, lookups);
    }

    [Fact]
    public async Task Judge_AName_LooksItUpOnce_AndCarriesItsAddresses()
    {
        IPAddress[] addresses = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946")];
        var lookups = new List<string>();
        var policy = Policy(allowLoopback: false, (name, _) => { lookups.Add(name); return Task.FromResult(addresses); });

        var verdict = await policy.JudgeAsync("https://Hooks.Example.NET./cxrox", CancellationToken.None);

        Assert.Equal(addresses, Assert.IsType<WebhookTargetVerdict.Allowed>(verdict).Addresses);
        Assert.Equal(["hooks.example.net"], lookups);
    }

    [Fact]
    public async Task Judge_ANameWithOneForbiddenAddressAmongPublicOnes_IsRefused()
    {
        var policy = Policy(allowLoopback: false, (_, _) => Task.FromResult<IPAddress[]>([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.5")]));

        var verdict = await policy.JudgeAsync("https://hooks.example.net/cxrox", CancellationToken.None);

        var refused = Assert.IsType<WebhookTargetVerdict.Refused>(verdict);
        Assert.Equal("private address", refused.Reason);
        Assert.Equal("hooks.example.net resolves to a private address; a webhook goes to a public address.", refused.Detail);
    }

    [Fact]
    public async Task Judge_ANameThatDoesNotResolve_IsUnresolved()
    {
        var policy = Policy(allowLoopback: false, (_, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)));

        Assert.IsType<WebhookTargetVerdict.Unresolved>(await policy.JudgeAsync("https://gone.example.net/cxrox", CancellationToken.None));
    }

    [Fact]
    public async Task Judge_LocalhostResolvingElsewhere_IsRefusedEvenWithLoopbackAllowed()
    {
        var policy = Policy(allowLoopback: true, (_, _) => Task.FromResult<IPAddress[]>([IPAddress.Parse("93.184.216.34")]));

        var verdict = await policy.JudgeAsync("http://localhost:8080/hook", CancellationToken.None);

        Assert.Equal("loopback name resolving elsewhere", Assert.IsType<WebhookTargetVerdict.Refused>(verdict).Reason);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("https://[::1]:1/hook")]
    [InlineData("http://localhost:8080/hook")]
    public async Task Judge_Loopback_IsAllowedOnAnyPortAndOverHttp_OnlyWithTheSetting(string url)
    {
        ResolveHostName localhost = (_, _) => Task.FromResult<IPAddress[]>([IPAddress.Loopback]);

        var off = await Policy(allowLoopback: false, localhost).JudgeAsync(url, CancellationToken.None);
        var on = await Policy(allowLoopback: true, localhost).JudgeAsync(url, CancellationToken.None);

        Assert.IsType<WebhookTargetVerdict.Refused>(off);
        Assert.IsType<WebhookTargetVerdict.Allowed>(on);
    }

    [Theory]
    [InlineData("https://93.184.216.34:8443/hook", false)]
    [InlineData("https://93.184.216.34:22/hook", false)]
    [InlineData("https://93.184.216.34:80/hook", false)]
    [InlineData("https://93.184.216.34:443/hook", true)]
    public async Task Judge_APortOtherThan443_IsRefusedUnlessAllowed(string url, bool allowedByDefault)
    {
        var byDefault = await Policy(allowLoopback: false).JudgeAsync(url, CancellationToken.None);
        var with8443 = await new WebhookTargetPolicy(new WebhookOptions { AllowedPorts = [8443] }, (_, _) => Task.FromResult<IPAddress[]>([]))
            .JudgeAsync(url, CancellationToken.None);

        Assert.Equal(allowedByDefault, byDefault is WebhookTargetVerdict.Allowed);
        Assert.Equal(allowedByDefault || url.Contains(":8443/", StringComparison.Ordinal), with8443 is WebhookTargetVerdict.Allowed);
    }

    private static WebhookTargetPolicy Policy(bool allowLoopback, ResolveHostName? resolve = null) =>
        new(new WebhookOptions { AllowLoopback = allowLoopback },
            resolve ?? ((_, _) => Task.FromException<IPAddress[]>(new InvalidOperationException("No lookup expected."))));
}
