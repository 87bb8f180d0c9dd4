using CxRox.Api.Auth;

namespace CxRox.Api.ApiKeys;

/// <param name="Name">What the key is for, e.g. "Power BI"; 1 to 200 characters.</param>
/// <param name="Role">editor, ingest or reader.</param>
public sealed record CreateApiKeyRequest(string? Name, string? Role)
{
    public Dictionary<string, string[]> Validate()
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
        return errors;
    }
}

/// <param name="Name">What the key is for; 1 to 200 characters.</param>
public sealed record CreateAdminKeyRequest(string? Name);

public sealed record ApiKeyResponse(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(StoredApiKey key) => new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.RevokedAt);
}

/// <param name="Key">The whole key, to send as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;". Shown only in this answer.</param>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string Key);
