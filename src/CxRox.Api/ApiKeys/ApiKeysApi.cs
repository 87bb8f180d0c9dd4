using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxRox.Api.ApiKeys;

/// <summary>
/// API keys, managed by admins: an organization's keys under /v1/organizations/{org}/api-keys
/// and the platform's admin keys under /v1/admin-keys. Created (the secret shown once), listed
/// without secrets, revoked.
/// </summary>
public static class ApiKeysApi
{
    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/api-keys")
            .WithTags("API keys")
            .RequireKey(Policies.Admin)
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPost("", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates a key of the organization with a role (editor, ingest or reader); the key is in this answer only.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapGet("", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Lists the organization's keys, revoked ones included, without their secrets.");

        group.MapDelete("/{keyId:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes a key: it stops working at once.");

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
        return TypedResults.Created($"/v1/admin-keys/{key.Id}", new CreatedApiKeyResponse(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, secret.Value));
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

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, RequestOrganization organization, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var (key, secret) = await keys.CreateAsync(transaction, request.Role!, request.Name!.Trim(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created(
            $"/v1/organizations/{organization.Current.Slug}/api-keys/{key.Id}",
            new CreatedApiKeyResponse(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, secret.Value));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListAsync(
        RequestOrganization organization, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var list = await keys.ListAsync(transaction, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>([.. list.Select(ApiKeyResponse.From)]);
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeAsync(
        Guid keyId, RequestOrganization organization, ApiKeysStore keys, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var revoked = await keys.RevokeAsync(transaction, keyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return revoked is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"The organization has no key {keyId}.")
            : TypedResults.Ok(ApiKeyResponse.From(revoked));
    }
}
