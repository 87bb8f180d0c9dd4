using System.Net;
using System.Net.Sockets;

namespace CxRox.Api.Webhooks;

/// <summary>Resolves a host name to its addresses: the system's resolver, or a test's own names.</summary>
public delegate Task<IPAddress[]> ResolveHostName(string name, CancellationToken cancellationToken);

/// <summary>What <see cref="WebhookTargetPolicy"/> says of a webhook URL.</summary>
public abstract record WebhookTargetVerdict
{
    private WebhookTargetVerdict() { }

    /// <summary>May be sent to, over a connection to one of these addresses and no other.</summary>
    public sealed record Allowed(Uri Url, IReadOnlyList<IPAddress> Addresses) : WebhookTargetVerdict;

    /// <param name="Reason">A short phrase for the delivery history, e.g. "private address".</param>
    /// <param name="Detail">A sentence for the editor who set the URL: what is wrong and what is allowed.</param>
    public sealed record Refused(string Reason, string Detail) : WebhookTargetVerdict;

    /// <summary>Nothing wrong with the URL, but its host name does not resolve now.</summary>
    public sealed record Unresolved(Uri Url) : WebhookTargetVerdict;
}

/// <summary>
/// Where a webhook may be sent: the one place that decides it, so that a tenant's webhook cannot
/// reach the cloud's metadata service, the private network or this machine (server-side request
/// forgery). A URL is allowed when
/// <list type="bullet">
/// <item>it is https, without user name or password, on port 443 or a port of Webhooks:AllowedPorts;</item>
/// <item>its host is not a name for use inside a network (localhost, single-label names, .local,
/// .internal, .home.arpa and the other names of <see cref="InternalDomains"/>);</item>
/// <item>and every address the host is, or resolves to, is public (<see cref="WebhookAddressRanges"/>).</item>
/// </list>
/// Loopback is the one exception, and only with Webhooks:AllowLoopback: then http or https to
/// 127.0.0.0/8, [::1], localhost or *.localhost, on any port. The URL is judged when it is set, and
/// again before every attempt on the addresses that the attempt then connects to.
/// </summary>
public sealed class WebhookTargetPolicy(WebhookOptions options, ResolveHostName resolve)
{
    public const int HttpsPort = 443;

    /// <summary>
    /// Domains whose names only a resolver inside a network answers: special-use names (RFC 6761,
    /// 6762, 8375, 9476), the .internal of ICANN, and names commonly used on private networks that
    /// the public DNS will never delegate.
    /// </summary>
    public static readonly IReadOnlyList<string> InternalDomains =
    [
        "local", "localdomain", "internal", "intranet", "private", "lan", "home", "corp",
        "home.arpa", "arpa", "test", "example", "invalid", "alt",
    ];

    private const string LoopbackName = "localhost";

    /// <summary>Why a webhook may not connect to <paramref name="address"/>; null when it may.</summary>
    public string? Refusal(IPAddress address) =>
        WebhookAddressRanges.ForbiddenRange(address) is { } range && !(range == WebhookAddressRanges.Loopback && options.AllowLoopback) ? range : null;

    /// <summary>
    /// Judges <paramref name="url"/>: first what it says by itself, then, for a host name, every
    /// address the name resolves to now (one lookup, bounded by Webhooks:Timeout). Allowed carries
    /// those addresses: connect to them, never to what a second lookup might say.
    /// </summary>
    public async Task<WebhookTargetVerdict> JudgeAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new WebhookTargetVerdict.Refused("not an absolute URL", "Give an absolute URL such as https://example.com/hooks/cxrox.");
        }
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return new WebhookTargetVerdict.Refused("not https", $"The URL must be https; it is {uri.Scheme}.");
        }
        var (address, name) = HostOf(uri);
        if (JudgeUrl(uri, address, name) is { } refusal)
        {
            return refusal;
        }
        if (address is not null)
        {
            return new WebhookTargetVerdict.Allowed(uri, [address]);
        }
        var addresses = await ResolveAsync(name, cancellationToken);
        if (addresses.Length == 0)
        {
            return new WebhookTargetVerdict.Unresolved(uri);
        }
        foreach (var resolved in addresses)
        {
            if (Refusal(resolved) is { } range)
            {
                return new WebhookTargetVerdict.Refused(range, $"{name} resolves to {WithArticle(range)}; {WhatIsAllowed}");
            }
            // http and any port were allowed for a loopback name: it must not lead anywhere else.
            if (IsLoopbackName(name) && WebhookAddressRanges.ForbiddenRange(resolved) != WebhookAddressRanges.Loopback)
            {
                return new WebhookTargetVerdict.Refused("loopback name resolving elsewhere", $"{name} resolves to an address that is not loopback; {WhatIsAllowed}");
            }
        }
        return new WebhookTargetVerdict.Allowed(uri, addresses);
    }

    private string WhatIsAllowed => options.AllowLoopback
        ? "a webhook goes to a public address, or to this machine."
        : "a webhook goes to a public address.";

    /// <summary>What an http or https URL says by itself: user info, host, scheme and port.</summary>
    private WebhookTargetVerdict.Refused? JudgeUrl(Uri uri, IPAddress? address, string name)
    {
        // HttpClient sends no user info, and a password in a URL ends up in logs; the signature is the credential.
        if (uri.UserInfo.Length > 0)
        {
            return new("user info in URL", "Leave user name and password out of the URL; verify the CxRox-Signature header instead.");
        }
        bool loopback;
        if (address is not null)
        {
            if (Refusal(address) is { } range)
            {
                return new(range, $"{name} is {WithArticle(range)}; {WhatIsAllowed}");
            }
            loopback = WebhookAddressRanges.ForbiddenRange(address) == WebhookAddressRanges.Loopback;
        }
        else if (IsLoopbackName(name))
        {
            if (!options.AllowLoopback)
            {
                return new("loopback host name", $"{name} is this machine; {WhatIsAllowed}");
            }
            loopback = true;
        }
        else if (InternalDomains.FirstOrDefault(domain => name.EndsWith("." + domain, StringComparison.Ordinal) || name == domain) is { } domain)
        {
            return new("internal host name", $"{name} is a name for use inside a network (.{domain}); {WhatIsAllowed}");
        }
        else if (!name.Contains('.', StringComparison.Ordinal))
        {
            // A resolver completes it with its search domains: a name of the local network.
            return new("single-label host name", $"{name} is a name of the local network; give a fully qualified name, such as hooks.example.com.");
        }
        else
        {
            loopback = false;
        }
        // Plain http would let anyone on the way read every summary.
        if (uri.Scheme != Uri.UriSchemeHttps && !loopback)
        {
            return new("plain http", $"The URL must be https; it is {uri.Scheme}{(options.AllowLoopback ? " (allowed only to this machine)" : "")}.");
        }
        // Any other port could be a mail server's, a database's or a cache's.
        var otherPorts = options.AllowedPorts ?? [];
        if (!loopback && uri.Port != HttpsPort && !otherPorts.Contains(uri.Port))
        {
            var ports = otherPorts.Count == 0 ? $"{HttpsPort}" : $"{HttpsPort} or {string.Join(", ", otherPorts)}";
            return new($"port {uri.Port}", $"A webhook goes to port {ports}, not to port {uri.Port}.");
        }
        return null;
    }

    /// <summary>
    /// The URL's host: an IP address however it was spelled (the platform's parser reads decimal,
    /// octal, hexadecimal and short IPv4 forms, and IPv6 in brackets), with its canonical text; or
    /// else a host name in lower case, in its ASCII form, without a trailing dot.
    /// </summary>
    private static (IPAddress? Address, string Name) HostOf(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            return (literal, uri.Host);
        }
        var name = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        // Some spellings reach the parser only in their ASCII form, e.g. with ideographic full stops.
        return IPAddress.TryParse(name, out var spelled) ? (spelled, name) : (null, name);
    }

    private static string WithArticle(string range) =>
        (range.StartsWith("unspecified", StringComparison.Ordinal) || range.StartsWith("IETF", StringComparison.Ordinal)
            || range.StartsWith("IPv4", StringComparison.Ordinal) || range.StartsWith("address", StringComparison.Ordinal) ? "an " : "a ") + range;

    private static bool IsLoopbackName(string name) =>
        name == LoopbackName || name.EndsWith("." + LoopbackName, StringComparison.Ordinal);

    /// <summary>The name's addresses now; none when it does not resolve, or not in time.</summary>
    private async Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        try
        {
            return await resolve(name, limit.Token);
        }
        catch (Exception e) when (e is SocketException or ArgumentException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }
}
