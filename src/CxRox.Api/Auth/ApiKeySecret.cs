using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace CxRox.Api.Auth;

/// <summary>
/// An API key as its holder sees it: <c>cxr_&lt;8-char prefix&gt;_&lt;40 random base62 chars&gt;</c>.
/// The prefix finds the stored key and may be shown; the whole key is only ever stored as its
/// SHA-256: with about 238 random bits, no slow password hash is needed.
/// </summary>
public sealed record ApiKeySecret(string Prefix, string Value)
{
    private const string Scheme = "cxr";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int PrefixLength = 8;
    public const int SecretLength = 40;

    public static ApiKeySecret Generate()
    {
        var prefix = RandomNumberGenerator.GetString(Base62, PrefixLength);
        var secret = RandomNumberGenerator.GetString(Base62, SecretLength);
        return new ApiKeySecret(prefix, $"{Scheme}_{prefix}_{secret}");
    }

    /// <summary>Reads a key as sent; false when it cannot be one of ours (no database look-up needed then).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ApiKeySecret? key)
    {
        key = null;
        var parts = value?.Split('_');
        if (parts is not [Scheme, { Length: PrefixLength } prefix, { Length: >= 32 and <= 128 } secret]
            || !prefix.All(IsBase62) || !secret.All(IsBase62))
        {
            return false;
        }
        key = new ApiKeySecret(prefix, value!);
        return true;
    }

    public byte[] Sha256() => SHA256.HashData(Encoding.UTF8.GetBytes(Value));

    /// <summary>Constant-time comparison with a stored hash.</summary>
    public bool Matches(byte[] storedSha256) => CryptographicOperations.FixedTimeEquals(Sha256(), storedSha256);

    // Never print the secret by accident (records print their properties).
    public override string ToString() => $"{Scheme}_{Prefix}_…";

    private static bool IsBase62(char c) => char.IsAsciiLetterOrDigit(c);
}
