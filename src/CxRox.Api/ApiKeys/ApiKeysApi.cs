using System.Security.Claims;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.ApiKeys;

/// <summary>
/// API keys: an organization's keys under /v1/organizations/{org}/api-keys, managed by admins
/// and, for its ingest and reader keys, by the organization's editors (<see cref="Roles.IssuableBy"/>);
/// the platform's admin keys under /v1/admin-keys. Created (the secret shown once, optionally
/// with an expiry), listed without secrets, revoked.
/// </summary>
public static class ApiKeysApi
{
    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/api-keys")
            .WithTags("API keys")
            .RequireKey(Policies.Editor)
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPost("", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates a key of the organization with a role (editor, ingest or reader; an editor may create ingest and reader keys) and an optional expiry; the key is in this answer only.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);

        group.MapGet("", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Lists the organization's keys, revoked ones included, without their secrets.");

        group.MapDelete("/{keyId:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes a key: it stops working at once. An editor may revoke the organization's ingest and reader keys.")
            .ProducesProblems(StatusCodes.Status403Forbidden);

        var admins = app.MapGroup("/v1/admin-keys").WithTags("API keys").RequireKey(Policies.Admin);

        admins.MapPost("", CreateAdminAsync)
            .WithName("CreateAdminKey")
            .WithSummary("Creates an admin key (the platform's: organizations and keys); the key is in this answer only.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        admins.MapGet("", async (ApiKeysStore keys, CancellationToken cancellationToken) =>
                TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>([.. (await keys.ListAdminsAsync(cancellationToken)).Select(ApiKeyResponse.From)]))
            .WithName("ListAdminKeys")
            .WithSummary("Lists the admin keys, revoked ones included, without their secrets.");

        admins.MapDelete("/{keyId:guid}", RevokeAdminAsync)
            .WithName("RevokeAdminKey")
            .WithSummary("Revokes an admin key at once; the last active one cannot be revoked (409).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAdminAsync(
        CreateAdminKeyRequest request, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Give a name of 1 to 200 characters."] });
        }
        var (key, secret) = await keys.CreateAdminAsync(request.Name.Trim(), cancellationToken);
        return TypedResults.Created($"/v1/admin-keys/{key.Id}", CreatedApiKeyResponse.From(key, secret));
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeAdminAsync(
        Guid keyId, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        var (revoked, wasLast) = await keys.RevokeAdminAsync(keyId, cancellationToken);
        return revoked is not null
            ? TypedResults.Ok(ApiKeyResponse.From(revoked))
            : wasLast
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                    detail: "This is the last active admin key; create another before revoking it.")
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no admin key {keyId}.");
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, RequestOrganization organization, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        var errors = request.Validate(DateTimeOffset.UtcNow);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (NotIssuable(ApiCaller.From(user), request.Role!, "create") is { } refusal)
        {
            return refusal;
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var (key, secret) = await keys.CreateAsync(transaction, request.Role!, request.Name!.Trim(), cancellationToken, request.ExpiresAt?.ToUniversalTime());
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/v1/organizations/{organization.Current.Slug}/api-keys/{key.Id}", CreatedApiKeyResponse.From(key, secret));
    }

    /// <summary>403 when the caller's role may not issue or revoke keys of <paramref name="role"/>.</summary>
    private static ProblemHttpResult? NotIssuable(ApiCaller caller, string role, string action) =>
        Roles.IssuableBy(caller.Role).Contains(role)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"A key with role '{caller.Role}' may not {action} {role} keys; it may {action} {string.Join(" and ", Roles.IssuableBy(caller.Role))} keys.");

    private static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListAsync(
        RequestOrganization organization, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var list = await keys.ListAsync(transaction, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>([.. list.Select(ApiKeyResponse.From)]);
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeAsync(
        Guid keyId, ClaimsPrincipal user, RequestOrganization organization, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        if (await keys.FindAsync(transaction, keyId, cancellationToken) is not { } found)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"The organization has no key {keyId}.");
        }
        if (NotIssuable(ApiCaller.From(user), found.Role, "revoke") is { } refusal)
        {
            return refusal;
        }
        var revoked = await keys.RevokeAsync(transaction, keyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ApiKeyResponse.From(revoked!));
    }
}
