using System.Text.Json;
using System.Text.Json.Serialization;
using CxRox.Engine.Validation;

namespace CxRox.Api.Service;

/// <summary>
/// Reads every string of every JSON request body, refusing what <see cref="StorableText"/>
/// refuses, so no DTO needs its own check. The serializer reports the field (JSON pointer, line,
/// column) through the exception handler as a 400. Without this, "\u0000" is decoded to a NUL
/// that reaches PostgreSQL, and an escaped lone surrogate ("\ud800") fails inside the reader
/// with an InvalidOperationException that the serializer words as "could not be converted".
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? value;
        try
        {
            value = reader.GetString();
        }
        catch (InvalidOperationException e) when (reader.TokenType == JsonTokenType.String)
        {
            throw new JsonException("the string " + StorableText.EscapedLoneSurrogate, e);
        }
        if (value is not null && StorableText.Find(value) is { } bad)
        {
            throw new JsonException($"the string {bad.Reason}");
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
