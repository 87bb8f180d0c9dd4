using System.IO.Pipelines;
using Microsoft.Net.Http.Headers;

namespace CxRox.Api.Scores;

/// <summary>
/// The body of a score read: stored JSON written as it is, or rows streamed while they are read.
/// Not FileContentHttpResult or PushStreamHttpResult: those evaluate If-None-Match and If-Match
/// themselves against an entity tag of their own, which these reads do not give them (with none,
/// "If-None-Match: *" would answer 304 and any If-Match 412); the routes check their tags before.
/// </summary>
public sealed class ScoresBody : IResult
{
    public const string JsonMediaType = "application/json; charset=utf-8";

    private readonly string _contentType;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly Func<PipeWriter, CancellationToken, Task>? _write;
    private readonly string? _fileName;

    private ScoresBody(string contentType, ReadOnlyMemory<byte> bytes, Func<PipeWriter, CancellationToken, Task>? write, string? fileName)
    {
        _contentType = contentType;
        _bytes = bytes;
        _write = write;
        _fileName = fileName;
    }

    /// <summary>JSON text as read from the database (UTF-8), with its length.</summary>
    public static ScoresBody Json(ReadOnlyMemory<byte> utf8) => new(JsonMediaType, utf8, null, null);

    /// <summary>A body written while it is produced; with a file name, offered as a download of that name.</summary>
    public static ScoresBody Streamed(string contentType, Func<PipeWriter, CancellationToken, Task> write, string? fileName = null) =>
        new(contentType, default, write, fileName);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = _contentType;
        if (_write is null)
        {
            response.ContentLength = _bytes.Length;
            await response.Body.WriteAsync(_bytes, httpContext.RequestAborted);
            return;
        }
        if (_fileName is not null)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(_fileName);
            response.Headers.ContentDisposition = disposition.ToString();
        }
        await _write(response.BodyWriter, httpContext.RequestAborted);
    }
}
