using System.Net;
using System.Net.Sockets;

namespace CxRox.Api.Webhooks;

/// <summary>
/// The IP ranges a webhook may never reach: every special-purpose block of the IANA IPv4 and IPv6
/// registries that is not public unicast, and IPv6 forms that carry an IPv4 address inside, which
/// are judged by that address. What is left is the public internet.
/// </summary>
public static class WebhookAddressRanges
{
    public const string Loopback = "loopback address";

    private static readonly (IPNetwork Network, string Name)[] IPv4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "this-network address"),
        (IPNetwork.Parse("10.0.0.0/8"), "private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("127.0.0.0/8"), Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol address"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation address"),
        (IPNetwork.Parse("192.88.99.0/24"), "6to4 relay address"),
        (IPNetwork.Parse("192.168.0.0/16"), "private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved address"),
    ];

    // First match wins: Teredo lies inside the IETF block 2001::/23.
    private static readonly (IPNetwork Network, string Name)[] IPv6 =
    [
        (IPNetwork.Parse("64:ff9b::/96"), "NAT64 address"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "NAT64 address"),
        (IPNetwork.Parse("100::/64"), "discard-only address"),
        (IPNetwork.Parse("2001::/32"), "Teredo address"),
        (IPNetwork.Parse("2001::/23"), "IETF protocol address"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation address"),
        (IPNetwork.Parse("3fff::/20"), "documentation address"),
        (IPNetwork.Parse("5f00::/16"), "segment-routing address"),
        (IPNetwork.Parse("fc00::/7"), "unique-local address"),
        (IPNetwork.Parse("fe80::/10"), "link-local address"),
        (IPNetwork.Parse("fec0::/10"), "site-local address"),
        (IPNetwork.Parse("ff00::/8"), "multicast address"),
    ];

    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    // Everything else outside global unicast is unassigned or reserved.
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    /// <summary>
    /// The kind of special-purpose address <paramref name="address"/> is, as a short phrase
    /// ("private address"); null for a public unicast address. IPv4-mapped (::ffff:a.b.c.d) and
    /// IPv4-compatible (::a.b.c.d) addresses are judged as the IPv4 address inside, a 6to4 address
    /// (2002:aabb:ccdd::/48) by the IPv4 address it embeds.
    /// </summary>
    public static string? ForbiddenRange(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.Equals(IPAddress.Any) ? "unspecified address"
                : address.Equals(IPAddress.Broadcast) ? "broadcast address"
                : IPv4.FirstOrDefault(range => range.Network.Contains(address)).Name;
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "address that is not IP";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return ForbiddenRange(address.MapToIPv4());
        }
        var bytes = address.GetAddressBytes();
        var plain = new IPAddress(bytes); // without the scope id, which ranges do not have
        if (plain.Equals(IPAddress.IPv6Any))
        {
            return "unspecified address";
        }
        if (plain.Equals(IPAddress.IPv6Loopback))
        {
            return Loopback;
        }
        if (IPv4Compatible.Contains(plain))
        {
            return ForbiddenRange(new IPAddress(bytes.AsSpan(12, 4))) ?? "IPv4-compatible address (deprecated)";
        }
        if (SixToFour.Contains(plain))
        {
            return ForbiddenRange(new IPAddress(bytes.AsSpan(2, 4))) is { } embedded ? $"6to4 address ({embedded} inside)" : null;
        }
        return IPv6.FirstOrDefault(range => range.Network.Contains(plain)).Name
            ?? (GlobalUnicast.Contains(plain) ? null : "reserved address");
    }
}
