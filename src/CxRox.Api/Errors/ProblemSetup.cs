using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CxRox.Api.Errors;

/// <summary>Every error the service answers is RFC 9457 problem+json, whatever produced it.</summary>
public static class ProblemSetup
{
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;

    public static void AddCxRoxProblems(this WebApplicationBuilder builder)
    {
        var maxBody = builder.Configuration.GetValue("Api:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Describe);
        // After the framework's writer: writes what that one declines (an Accept without JSON).
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Without this, a body that does not bind is a bare 400 outside Development; we want the reason.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    }

    public static void UseCxRoxProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Empty error responses (unknown route, wrong method, ...) get a problem body.
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseStorableRequestText();
        var maxBody = app.Configuration.GetValue("Api:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        app.Use((context, next) => RejectOversizedBody(context, next, maxBody));
    }

    /// <summary>
    /// Kestrel enforces the limit while the body is read; this answers at once from the declared
    /// length, and also where Kestrel is not the server (the test server).
    /// </summary>
    private static Task RejectOversizedBody(HttpContext context, RequestDelegate next, long defaultLimit)
    {
        var endpointLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = endpointLimit is null ? defaultLimit : endpointLimit.MaxRequestBodySize;
        if (limit is not null && context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException(
                $"The request body has {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.",
                StatusCodes.Status413PayloadTooLarge);
        }
        return next(context);
    }

    private static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Instance ??= request.Path;
        // The framework gives a type to the common statuses only (not 428, 413, 414, 431, ...); RFC 9457's default says "see the status".
        problem.Type ??= "about:blank";
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => $"Nothing is found at {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => AllowedMethods(context.HttpContext) is { Length: > 0 } allowed
                ? $"{request.Path} does not accept {request.Method}; it accepts {allowed}."
                : $"{request.Path} does not accept {request.Method}.",
            StatusCodes.Status415UnsupportedMediaType => AcceptedContentTypes(context.HttpContext) is { Length: > 0 } accepted
                ? $"{request.Method} {request.Path} does not read '{request.ContentType}'; send {accepted}."
                : $"{request.Method} {request.Path} does not read '{request.ContentType}'.",
            _ => null,
        };
    }

    private static string AcceptedContentTypes(HttpContext context) =>
        string.Join(" or ", context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes).Distinct() ?? []);

    private static string AllowedMethods(HttpContext context) => context.Response.Headers.Allow.ToString();
}
