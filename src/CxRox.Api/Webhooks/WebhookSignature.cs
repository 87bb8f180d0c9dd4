using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CxRox.Api.Webhooks;

/// <summary>
/// How a receiver knows a delivery is ours and recent, in the manner of Stripe's scheme:
/// <c>CxRox-Signature: v1=&lt;hex HMAC-SHA256&gt;</c> over <c>"&lt;CxRox-Timestamp&gt;.&lt;raw body&gt;"</c>, keyed with
/// the webhook's secret as its UTF-8 text (the whole <c>whsec_…</c> string), so that
/// <c>openssl dgst -sha256 -hmac "$secret"</c> checks it. Signing the timestamp with the body
/// lets a receiver refuse replays of an old delivery.
/// </summary>
public static class WebhookSignature
{
    public const string Scheme = "v1";
    private const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes, base64url, after a prefix that says what it is.</summary>
    public static string NewSecret() => SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The value of the CxRox-Signature header.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return $"{Scheme}={Convert.ToHexStringLower(hmac.GetHashAndReset())}";
    }
}
