using CxRox.Api.ApiKeys;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.Recompute;

/// <param name="Dashboard">Where the dashboard is; the session's cookie is sent there only.</param>
/// <param name="ReadOnly">Whether the session may only look (no trigger, requeue or delete).</param>
public sealed record DashboardSessionResponse(string Dashboard, DateTimeOffset ExpiresAt, bool ReadOnly);

/// <summary>
/// Hangfire's dashboard at <see cref="Path"/>, for the platform's admins only: a request gets in
/// with an admin key (Authorization: Bearer, for tools) or with the cookie of a
/// <see cref="DashboardSession"/> that an admin key asked for (for a browser). No one else: not
/// anonymous requests, not an organization's keys, whatever their role. A session asked for with
/// readOnly=true only looks.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapPost("/v1/dashboard/session", OpenSession)
            .WithName("OpenDashboardSession")
            .WithSummary($"Opens a {DashboardSession.Lifetime.TotalMinutes:0}-minute session of the jobs dashboard at {Path} for a browser: a cookie for that path only. Admin keys only; readOnly=true for a session that only looks.")
            .WithTags("Jobs")
            .RequireKey(Policies.Admin);

        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new AdminsOnly()],
            IsReadOnlyFunc = context => AdminsOnly.IsReadOnly(context.GetHttpContext()),
            DashboardTitle = "CxRox jobs",
            AppPath = "/swagger",
            DisplayStorageConnectionString = false,
        });
    }

    private static async Task<Ok<DashboardSessionResponse>> OpenSession(
        HttpContext http, ApiKeysStore keys, CancellationToken cancellationToken, bool readOnly = false)
    {
        var caller = ApiCaller.From(http.User);
        // The key authenticated this request, so it is active; its hash signs the session.
        var hash = await keys.ActiveAdminSecretHashAsync(caller.KeyId, cancellationToken)
            ?? throw new InvalidOperationException("The admin key that authenticated this request is no longer active.");
        var session = new DashboardSession(caller.KeyId, DateTimeOffset.UtcNow.Add(DashboardSession.Lifetime), readOnly);
        http.Response.Cookies.Append(DashboardSession.CookieName, session.Sign(hash), new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = session.ExpiresAt,
        });
        return TypedResults.Ok(new DashboardSessionResponse(Path, session.ExpiresAt, readOnly));
    }

    private sealed class AdminsOnly : IDashboardAsyncAuthorizationFilter
    {
        private const string ReadOnlyItem = "cxrox.dashboard.read-only";

        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var key = await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (key.Succeeded)
            {
                http.Items[ReadOnlyItem] = false;
                return ApiCaller.From(key.Principal).IsAdmin;
            }
            var cookie = http.Request.Cookies[DashboardSession.CookieName];
            if (DashboardSession.Read(cookie) is not { } session)
            {
                return false;
            }
            var hash = await http.RequestServices.GetRequiredService<ApiKeysStore>().ActiveAdminSecretHashAsync(session.KeyId, http.RequestAborted);
            if (hash is null || !session.IsSignedBy(cookie!, hash, DateTimeOffset.UtcNow))
            {
                return false;
            }
            http.Items[ReadOnlyItem] = session.ReadOnly;
            return true;
        }

        public static bool IsReadOnly(HttpContext http) => http.Items[ReadOnlyItem] is not false;
    }
}
