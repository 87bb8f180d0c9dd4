using System.Text.Encodings.Web;
using CxRox.Api.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Auth;

/// <summary>
/// Authenticates a request by its API key, sent as <c>Authorization: Bearer &lt;key&gt;</c> or
/// <c>X-Api-Key: &lt;key&gt;</c>. Every request looks the key up (no cache), so revocation is
/// immediate on every node. Challenges and refusals are problem+json.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeysStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var sent = SentKey();
        if (sent is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (!ApiKeySecret.TryParse(sent, out var key))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }
        if (await keys.AuthenticateAsync(key, Context.RequestAborted) is not { } authenticated)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }
        if (authenticated.Organization is { } organization)
        {
            Context.Features.Set(new KeyOrganization(organization));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(authenticated.Caller.ToPrincipal(SchemeName), SchemeName));
    }

    private string? SentKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        var header = Request.Headers[HeaderName].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await WriteProblemAsync(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Unauthorized",
            Detail = result.Failure?.Message
                ?? $"This route needs an API key, sent as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'.",
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
        return WriteProblemAsync(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden",
            Detail = $"A key with role '{role}' may not {Request.Method} {Request.Path}.",
        });
    }

    private Task WriteProblemAsync(ProblemDetails problem) =>
        problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }).AsTask();
}
