using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// What of a scorecard document its compiled plan, formulas and rule network depend on: the
/// document without its top-level <c>organization</c>, <c>id</c> and <c>name</c>, which only
/// label it (nothing compiled reads them, and results take them from the document itself).
/// Organizations that start from one sample differ only there, so they share one compile.
/// </summary>
public static class EngineContent
{
    private static readonly string[] Labels = ["organization", "id", "name"];

    /// <summary>
    /// SHA-256 (hex) of the document's token stream without the labels, every other token kept in
    /// order (duplicates too); null when the document is not a JSON object that reads cleanly, so
    /// that it shares with nothing.
    /// </summary>
    public static string? Hash(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            var buffer = new ArrayBufferWriter<byte>(document.Length);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                if (!CopyWithoutLabels(Encoding.UTF8.GetBytes(document), writer))
                {
                    return null;
                }
            }
            return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool CopyWithoutLabels(byte[] utf8, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 1024 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        writer.WriteStartObject();
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && Labels.Contains(reader.GetString()))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            Copy(ref reader, writer);
        }
        return true;
    }

    private static void Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
            case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
            // Numbers as written: 1.0 and 1 stay apart, as the reader may tell them apart.
            case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
        }
    }
}
