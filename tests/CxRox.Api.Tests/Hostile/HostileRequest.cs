using System.Net.Http.Headers;
using System.Text;

namespace CxRox.Api.Tests.Hostile;

/// <summary>
/// One request to send: an operation with valid values everywhere, then changed by one or more
/// mutations (each says what it did, so a failure names its input). Path and query values are
/// kept as URL text, already escaped, so that "%00" and broken UTF-8 reach the server as sent.
/// </summary>
public sealed class HostileRequest(HostileOperation operation, string? role)
{
    public HostileOperation Operation { get; } = operation;

    /// <summary>The role of the key sent (admin, editor, ingest, reader); null for none.</summary>
    public string? Role { get; set; } = role;

    /// <summary>A key sent instead of the role's (a broken one).</summary>
    public string? RawKey { get; set; }

    public Dictionary<string, string> PathValues { get; } = new(StringComparer.Ordinal);

    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>The body as bytes; null for none.</summary>
    public byte[]? Body { get; set; }

    public string? ContentType { get; set; }

    public string? Accept { get; set; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Mutations { get; } = [];

    public string Description => $"{Operation.Key} [{string.Join("; ", Mutations)}]";

    public string Url()
    {
        var path = Operation.Path;
        foreach (var (name, value) in PathValues)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return Query.Count == 0 ? path : path + "?" + string.Join("&", Query.Select(q => q.Key + "=" + q.Value));
    }

    public void SetQuery(string name, string value)
    {
        Query.RemoveAll(q => q.Key == name);
        Query.Add(new(name, value));
    }

    public void SetBody(string text) => Body = Encoding.UTF8.GetBytes(text);

    public HttpRequestMessage ToMessage(Func<string, string> keyFor)
    {
        // Uri keeps escapes it cannot decode ("%00", "%ED%A0%80") as written.
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method), new Uri(Url(), UriKind.Relative));
        if (RawKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + RawKey);
        }
        else if (Role is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keyFor(Role));
        }
        if (Accept is not null)
        {
            message.Headers.TryAddWithoutValidation("Accept", Accept);
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return message;
    }
}
