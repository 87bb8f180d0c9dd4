using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CxRox.Api.Scorecards;

/// <summary>
/// The canonical form of a JSON document: no insignificant whitespace, object members in ordinal
/// order of their names, strings with one escaping, numbers as written. Two documents with the
/// same canonical form say the same thing, however they were laid out, so a PUT of the current
/// document reformatted stores no new version.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    /// <summary>SHA-256 (hex) of the canonical form's UTF-8 bytes.</summary>
    public static string Hash(string json)
    {
        using var document = JsonDocument.Parse(json, Reading);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true }))
        {
            Write(document.RootElement, writer);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                // Numbers, true, false and null as written: 1 and 1.0 stay different, as the engine may tell them apart.
                writer.WriteRawValue(Encoding.UTF8.GetBytes(element.GetRawText()), skipInputValidation: true);
                break;
        }
    }
}
