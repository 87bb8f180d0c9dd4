using CxRox.Api.Auth;

namespace CxRox.Api.ApiKeys;

/// <param name="Name">What the key is for, e.g. "Power BI"; 1 to 200 characters.</param>
/// <param name="Role">editor, ingest or reader (an editor may issue ingest and reader keys).</param>
/// <param name="ExpiresAt">When the key stops working; optional, in the future and at most two years ahead. Without it the key works until revoked.</param>
public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The furthest expiry: a key that should live longer is a key nobody remembers to replace.</summary>
    public const int MaxLifetimeYears = 2;

    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200)
        {
            errors["name"] = ["Give a name of 1 to 200 characters."];
        }
        if (Role is null || !Roles.OfOrganization.Contains(Role))
        {
            errors["role"] = [$"An organization's key has one of the roles {string.Join(", ", Roles.OfOrganization)}."];
        }
        if (ExpiresAt is { } expiresAt && (expiresAt <= now || expiresAt > now.AddYears(MaxLifetimeYears)))
        {
            errors["expiresAt"] = [$"An expiry must be in the future and at most {MaxLifetimeYears} years ahead (before {now.AddYears(MaxLifetimeYears):yyyy-MM-dd'T'HH:mm:ss'Z'})."];
        }
        return errors;
    }
}

/// <param name="Name">What the key is for; 1 to 200 characters.</param>
public sealed record CreateAdminKeyRequest(string? Name);

/// <param name="ExpiresAt">When the key stops working; null when it works until revoked.</param>
public sealed record ApiKeyResponse(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt)
{
    public static ApiKeyResponse From(StoredApiKey key) => new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.RevokedAt, key.ExpiresAt);
}

/// <param name="Key">The whole key, to send as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;". Shown only in this answer.</param>
/// <param name="ExpiresAt">When the key stops working; null when it works until revoked.</param>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key)
{
    public static CreatedApiKeyResponse From(StoredApiKey key, ApiKeySecret secret) =>
        new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.ExpiresAt, secret.Value);
}
