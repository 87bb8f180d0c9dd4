using CxRox.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CxRox.Api.OpenApi;

/// <summary>The OpenAPI document (Swashbuckle) at /swagger/v1/swagger.json and Swagger UI at /swagger.</summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string HeaderScheme = "ApiKey";

    public static void AddCxRoxOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CxRox",
                Version = "v1",
                // Markdown (Swagger UI renders it): in a code span <key> is shown, not taken for an HTML tag.
                Description = "ROX (Return on Experience) scorecards over REST. Every error is application/problem+json (RFC 9457). "
                    + "Send an API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`; the routes marked without security "
                    + "(`/`, `/schemas/…`, and `/health/live`, `/health/ready`) need none.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key as a bearer token: `Authorization: Bearer <key>`. In Authorize, paste the key alone "
                    + "(`cxr_…`, as created); Swagger UI adds `Bearer `.",
            });
            options.AddSecurityDefinition(HeaderScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key in its own header: `X-Api-Key: <key>`. In Authorize, paste the key alone (`cxr_…`, as created).",
            });
            options.OperationFilter<SecurityOperationFilter>();
            options.OperationFilter<RouteConventionsOperationFilter>();
            options.OperationFilter<ExamplesOperationFilter>();
            options.DocumentFilter<HealthDocumentFilter>();
            options.SupportNonNullableReferenceTypes();
        });
    }

    public static void UseCxRoxOpenApi(this WebApplication app)
    {
        // The server is the document's own origin, as a relative URL: right behind any proxy or
        // host name, where an absolute one built from the request might name an internal address.
        app.UseSwagger(swagger => swagger.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = request.PathBase.HasValue ? request.PathBase.Value : "/" }]));
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/swagger/v1/swagger.json", "CxRox v1");
            ui.RoutePrefix = "swagger";
        });
    }

    /// <summary>
    /// Operations that need a key name both ways of sending it, and which roles may call them;
    /// the others say explicitly that they need none (<c>security: []</c>).
    /// </summary>
    private sealed class SecurityOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Count == 0)
            {
                operation.Security = [];
                return;
            }
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] },
            ];
            var roles = policies.Where(p => p is not null).SelectMany(p => Policies.Admits[p!]).Distinct();
            operation.Description = $"Roles: {string.Join(", ", roles)}.";
        }
    }
}
