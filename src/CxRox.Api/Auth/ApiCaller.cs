using System.Security.Claims;

namespace CxRox.Api.Auth;

/// <summary>Who sent a request, read from the claims the API key handler set.</summary>
public sealed record ApiCaller(Guid KeyId, string Role, Guid? OrganizationId)
{
    public const string OrganizationClaim = "cxrox:org";

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>Admin keys reach every organization; any other key only its own.</summary>
    public bool MayAccess(Guid organizationId) => IsAdmin || OrganizationId == organizationId;

    public static ApiCaller From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated; its route lacks RequireAuthorization.");
        var organization = user.FindFirstValue(OrganizationClaim);
        return new ApiCaller(Guid.Parse(id), user.FindFirstValue(ClaimTypes.Role)!, organization is null ? null : Guid.Parse(organization));
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, KeyId.ToString()), new(ClaimTypes.Role, Role)];
        if (OrganizationId is { } organization)
        {
            claims.Add(new Claim(OrganizationClaim, organization.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
