using System.Text.Json;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Webhooks;

/// <summary>
/// The organization's webhook, an integration setting of its editors: set (the signing secret
/// shown once), read without the secret, turned off, tested with a ping, and its delivery history.
/// </summary>
public static class WebhooksApi
{
    public const int MaxListed = 200;

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{org}/webhook")
            .WithTags("Webhooks")
            .RequireKey(Policies.Editor)
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPut("", PutAsync)
            .WithName("PutWebhook")
            .WithSummary("Sets the webhook's URL and events and turns it on: 201 with the signing secret when it is created; 200 otherwise, with a new secret only when 'rotateSecret' is true. 422 naming 'url' when it is not https on port 443 or its host is, or resolves to, an address that is not public.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("", GetAsync)
            .WithName("GetWebhook")
            .WithSummary("The webhook's URL, events and whether it is on, never its secret; 404 when none was set.");

        group.MapDelete("", DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Turns the webhook off: nothing more is delivered, attempts still due fail. It is kept, with its secret and history; a PUT turns it on again.");

        group.MapPost("/test", TestAsync)
            .WithName("TestWebhook")
            .WithSummary("Sends a ping event now, once (no retries), and answers with the delivery as recorded: succeeded, or failed with the receiver's status code or a short reason (nothing of its answer's body); 409 when the webhook is off.")
            .ProducesProblems(StatusCodes.Status409Conflict);

        group.MapGet("/deliveries", ListDeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The newest deliveries first, at most 'limit' (default 50, at most 200): event, subject, status, attempts, the last status code and error.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Created<SetWebhookResponse>, Ok<SetWebhookResponse>, ProblemHttpResult>> PutAsync(
        PutWebhookRequest request, RequestOrganization organization, WebhookTargetPolicy targets, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        // A name that does not resolve yet is let through: every attempt judges it again.
        if (!errors.ContainsKey("url") && await targets.JudgeAsync(request.Url!, cancellationToken) is WebhookTargetVerdict.Refused refused)
        {
            errors["url"] = [refused.Detail];
        }
        if (errors.Count > 0)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The webhook is not valid",
                Detail = string.Join(" ", errors.Values.SelectMany(messages => messages)),
            };
            problem.Extensions["errors"] = errors;
            return TypedResults.Problem(problem);
        }
        var newSecret = WebhookSignature.NewSecret();
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var (webhook, created) = await WebhooksStore.SetAsync(transaction, request.Url!, request.EventsOrAll, newSecret, request.RotateSecret, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var response = new SetWebhookResponse(
            webhook.Url, webhook.Enabled, webhook.Events, webhook.CreatedAt, webhook.UpdatedAt, webhook.Secret == newSecret ? newSecret : null);
        return created
            ? TypedResults.Created($"/v1/organizations/{organization.Current.Slug}/webhook", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        return await WebhooksStore.FindAsync(transaction, cancellationToken) is { } webhook
            ? TypedResults.Ok(WebhookResponse.From(webhook))
            : NoWebhook(organization);
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> DeleteAsync(RequestOrganization organization, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var webhook = await WebhooksStore.DisableAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return webhook is null ? NoWebhook(organization) : TypedResults.Ok(WebhookResponse.From(webhook));
    }

    private static async Task<Results<Ok<WebhookDeliveryResponse>, ProblemHttpResult>> TestAsync(
        RequestOrganization organization, WebhookSender sender, CancellationToken cancellationToken)
    {
        WebhookDelivery? delivery;
        await using (var transaction = await organization.BeginTransactionAsync(cancellationToken))
        {
            var ping = JsonSerializer.Serialize(new { @event = WebhookEvents.Ping, organization = organization.Current.Slug, sentAt = DateTimeOffset.UtcNow });
            delivery = await WebhookDeliveries.RecordAsync(transaction, WebhookEvents.Ping, organization.Current.Slug, ping, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (delivery is null)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Conflict",
                Detail = $"Organization '{organization.Current.Slug}' has no webhook turned on; PUT one first.",
            });
        }
        var attempted = await sender.AttemptAsync(organization.Current.Id, delivery.Id, retryIn: null, cancellationToken);
        return TypedResults.Ok(WebhookDeliveryResponse.From(attempted ?? delivery));
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryResponse>>, ProblemHttpResult>> ListDeliveriesAsync(
        RequestOrganization organization, CancellationToken cancellationToken, int limit = 50)
    {
        if (ListLimit.Refusal(limit, MaxListed) is { } refusal)
        {
            return refusal;
        }
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        var deliveries = await WebhookDeliveriesStore.ListAsync(transaction, limit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WebhookDeliveryResponse>>([.. deliveries.Select(WebhookDeliveryResponse.From)]);
    }

    private static ProblemHttpResult NoWebhook(RequestOrganization organization) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound, Title = "Not Found", Detail = $"Organization '{organization.Current.Slug}' has no webhook; PUT one to set it.",
    });
}
