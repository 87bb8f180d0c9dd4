using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CxRox.Api.Auth;

/// <summary>
/// A short-lived session for the jobs dashboard, which a browser opens without sending an API
/// key: an admin key asks for it and gets a cookie naming the key, when the session ends and
/// whether it may change jobs, signed with the SHA-256 of the key's secret (which only the
/// database holds). Any node checks it against the key as stored now, so revoking the key, or
/// its expiry, ends its sessions at once; nothing is kept per session.
/// </summary>
public sealed record DashboardSession(Guid KeyId, DateTimeOffset ExpiresAt, bool ReadOnly)
{
    public const string CookieName = "cxrox-dashboard";

    /// <summary>How long a session lasts: an operator's look, not a workday.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The cookie's value: "&lt;key id&gt;.&lt;expiry, unix seconds&gt;.&lt;r or w&gt;.&lt;signature&gt;".</summary>
    public string Sign(byte[] keySecretSha256)
    {
        var claims = Claims();
        return claims + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(keySecretSha256, Encoding.ASCII.GetBytes(claims)));
    }

    /// <summary>The session a cookie value names, unchecked; null when it is not one.</summary>
    public static DashboardSession? Read(string? value)
    {
        var parts = value?.Split('.');
        return parts is [var key, var expires, var mode, _]
            && Guid.TryParseExact(key, "N", out var keyId)
            && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_799
            && mode is "r" or "w"
                ? new DashboardSession(keyId, DateTimeOffset.FromUnixTimeSeconds(seconds), mode == "r")
                : null;
    }

    /// <summary>Whether <paramref name="value"/> is this session, signed with the key's secret hash, and has not ended at <paramref name="now"/>.</summary>
    public bool IsSignedBy(string value, byte[] keySecretSha256, DateTimeOffset now) =>
        now < ExpiresAt && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(Sign(keySecretSha256)));

    private string Claims() =>
        string.Create(CultureInfo.InvariantCulture, $"{KeyId:N}.{ExpiresAt.ToUnixTimeSeconds()}.{(ReadOnly ? "r" : "w")}");
}
