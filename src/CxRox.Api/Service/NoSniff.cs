namespace CxRox.Api.Service;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every response: a browser then treats a body only as
/// the type the service declares, so a tenant's text (a scorecard's names, a CSV export) is never
/// run as a script or page because it happens to look like one.
/// </summary>
public static class NoSniff
{
    /// <summary>First in the pipeline, and set when the response starts: the exception handler clears headers set before it.</summary>
    public static void UseNoSniff(this WebApplication app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
