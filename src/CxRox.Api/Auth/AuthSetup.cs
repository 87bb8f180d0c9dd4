using CxRox.Api.ApiKeys;
using CxRox.Api.Organizations;
using Microsoft.AspNetCore.Authentication;

namespace CxRox.Api.Auth;

public static class AuthSetup
{
    public static void AddCxRoxAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeysStore>();
        builder.Services.AddSingleton<OrganizationsStore>();
        builder.Services.AddScoped<RequestOrganization>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in Policies.Admits)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
        builder.Services.AddSingleton<KeyFiles>();
        builder.Services.AddHostedService<AdminKeyBootstrap>();
    }

    /// <summary>Authentication, then the organization check, then role authorization (after UseRouting).</summary>
    public static void UseCxRoxAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(OrganizationScope.ResolveAsync);
        app.UseAuthorization();
    }
}
