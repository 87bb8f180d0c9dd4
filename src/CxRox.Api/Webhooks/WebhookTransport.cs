using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;

namespace CxRox.Api.Webhooks;

/// <summary>How one attempt went: the receiver's status, and our own short reason when it failed.</summary>
public sealed record WebhookAttemptOutcome(int? StatusCode, string? Error, bool MayRetry)
{
    /// <summary>
    /// Every failure to open the TCP connection, refused, unreachable or not answered in time,
    /// reads the same: a reason that told a closed port from a filtered one would make the webhook
    /// a port scanner.
    /// </summary>
    public const string ConnectionFailed = "connection failed";

    public static readonly WebhookAttemptOutcome TurnedOff = new(null, "The webhook was turned off, or no longer receives this event.", MayRetry: false);

    /// <summary>Not sent: the policy refuses the target (now). Trying again later would change nothing.</summary>
    public static WebhookAttemptOutcome Refused(string reason) => new(null, $"refused target: {reason}", MayRetry: false);
}

/// <summary>
/// The HTTP side of one attempt, over a client of its own: it connects only to the addresses the
/// policy allowed for this attempt (the URL's host name still goes in the Host header and in TLS's
/// server name), follows no redirect, uses no proxy (a proxy would connect to a target we never
/// judged), and keeps no connection for a later attempt, which must be judged again. Nothing of the
/// receiver's answer is read but its status code; what went wrong is said in a few words of ours.
/// </summary>
public static class WebhookTransport
{
    public const string UserAgent = "CxRox-Webhooks/1";

    public static async Task<WebhookAttemptOutcome> SendAsync(
        WebhookTargetVerdict.Allowed target, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connected = false;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var stream = await ConnectAsync(target.Addresses, context.DnsEndPoint.Port, token);
                connected = true;
                return stream;
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        request.Headers.UserAgent.ParseAdd(UserAgent);

        // One limit for the whole attempt (HttpClient.Timeout would not cover a slow connect the same way).
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookAttemptOutcome(status, null, MayRetry: true)
                : new WebhookAttemptOutcome(status, Answered(status), MayRetry: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttemptOutcome(null,
                connected ? $"timed out: no answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" : WebhookAttemptOutcome.ConnectionFailed,
                MayRetry: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var reason = !connected ? WebhookAttemptOutcome.ConnectionFailed
                : e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } ? "TLS handshake failed"
                : "no valid HTTP answer";
            return new WebhookAttemptOutcome(null, reason, MayRetry: true);
        }
    }

    // The status code and our own name for it: the receiver's reason phrase and body are its
    // words, and a target that should not have been reached could put anything in them.
    private static string Answered(int status)
    {
        var name = ReasonPhrases.GetReasonPhrase(status);
        var answered = name.Length > 0 ? $"receiver answered {status} {name}" : $"receiver answered {status}";
        return status is >= 300 and < 400 ? answered + " (redirects are not followed)" : answered;
    }

    /// <summary>A TCP connection to the first of <paramref name="addresses"/> that accepts one.</summary>
    private static async ValueTask<Stream> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
