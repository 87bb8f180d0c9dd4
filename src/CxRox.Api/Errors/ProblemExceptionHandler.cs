using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace CxRox.Api.Errors;

/// <summary>
/// Turns an exception into RFC 9457 problem details: a request the framework could not read
/// keeps its 4xx status and says what and where; one that PostgreSQL rolled back because it
/// collided with a concurrent transaction (a deadlock, a serialization failure) is a 503 to
/// retry; anything else is a 500 that carries the trace id and never the exception's text or stack.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nobody is there to read an answer
        }

        var problem = exception is BadHttpRequestException badRequest ? FromBadRequest(badRequest)
            : Collision(exception) is { } collision ? Collided(httpContext, collision)
            : Unexpected(httpContext, exception);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    // Marten and others wrap Npgsql's exception.
    private static PostgresException? Collision(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } collision)
            {
                return collision;
            }
        }
        return null;
    }

    private ProblemDetails Collided(HttpContext httpContext, PostgresException collision)
    {
        logger.LogWarning(collision, "{Method} {Path} collided with a concurrent transaction ({SqlState}) and was rolled back",
            httpContext.Request.Method, httpContext.Request.Path, collision.SqlState);
        httpContext.Response.Headers.RetryAfter = "1";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Concurrent change",
            Detail = "The request met a concurrent change of the same data, and the database rolled its transaction back. Send it again.",
        };
    }

    private ProblemDetails Unexpected(HttpContext httpContext, Exception exception)
    {
        logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        return new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Unexpected error",
            Detail = "The request failed on the server's side and was logged. Quote the traceId when you report it.",
        };
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        var problem = new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = ReasonPhrases.GetReasonPhrase(exception.StatusCode),
            Detail = exception.Message,
        };
        if (exception.InnerException is JsonException json)
        {
            var pointer = JsonPathToPointer(json.Path);
            var line = (json.LineNumber ?? 0) + 1;
            var column = (json.BytePositionInLine ?? 0) + 1;
            var reason = UnknownField(json.Message) is { } field
                ? $"'{field}' is not a field of this body (unknown fields are refused, not ignored)"
                : !json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) ? CoreMessage(json.Message)
                // The reader cannot decode an escaped lone surrogate in a property name ("\ud800").
                : json.InnerException is InvalidOperationException ? "a property name " + Engine.Validation.StorableText.EscapedLoneSurrogate
                : json.InnerException is FormatException ? "the value has the wrong type for this field, or is a number out of its range"
                : "the value has the wrong type for this field";
            problem.Title = "Malformed JSON";
            problem.Detail = $"The request body is not valid here: {reason} (at {pointer}, line {line}, column {column}).";
            problem.Extensions["pointer"] = pointer;
            problem.Extensions["line"] = line;
            problem.Extensions["column"] = column;
        }
        return problem;
    }

    // System.Text.Json names the .NET type too, which is no business of the client's.
    private static string? UnknownField(string message) =>
        message.StartsWith("The JSON property '", StringComparison.Ordinal) && message.IndexOf("' could not be mapped", StringComparison.Ordinal) is > 0 and var end
            ? message["The JSON property '".Length..end]
            : null;

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 1." which we report as fields.
    private static string CoreMessage(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }
        return (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
    }

    /// <summary>"$.metrics[0]['a/b']" becomes "/metrics/0/a~1b" (RFC 6901).</summary>
    public static string JsonPathToPointer(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }
        var pointer = new StringBuilder();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            string token;
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                token = path[(i + 1)..end];
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                token = path[(i + 2)..end];
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                token = path[(i + 1)..end];
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                token = path[i..];
                i = path.Length;
            }
            pointer.Append('/').Append(token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }
        return pointer.ToString();
    }
}
