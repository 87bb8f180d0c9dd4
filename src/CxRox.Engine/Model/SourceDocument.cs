using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

/// <summary>Limits that keep a hostile document from exhausting the reader.</summary>
public sealed record ScorecardLimits
{
    public static ScorecardLimits Default { get; } = new();

    public int MaxDocumentBytes { get; init; } = 2 * 1024 * 1024;

    public int MaxDepth { get; init; } = 32;

    public int MaxStringLength { get; init; } = 10_000;

    public int MaxPillars { get; init; } = 50;

    public int MaxMetrics { get; init; } = 1_000;

    public int MaxRules { get; init; } = 1_000;

    public int MaxActionsPerRule { get; init; } = 50;

    /// <summary>
    /// What a submitted schedule must satisfy (it fires, not too often, its time zone spelled as
    /// in the tz database); null when a stored version is read again, which an older build may
    /// have accepted under looser rules and which must still read.
    /// </summary>
    public Scheduling.ScheduleRules? Schedules { get; init; }
}

/// <summary>
/// Reads JSON text into a <see cref="SourceNode"/> tree with a pointer, line and column on every value.
/// Strict JSON: no comments, no trailing commas.
/// </summary>
public static class SourceDocument
{
    private static readonly CompositeFormat TooDeep = CompositeFormat.Parse(
        "Objects and arrays are nested more than {0} levels deep here; a scorecard never needs that many.");

    /// <summary>Parses <paramref name="json"/>; on failure returns null and reports why.</summary>
    internal static SourceNode? Parse(string json, ScorecardLimits limits, DiagnosticBag diagnostics)
    {
        var start = new SourcePosition(1, 1);
        if (json.Length > limits.MaxDocumentBytes || Encoding.UTF8.GetByteCount(json) > limits.MaxDocumentBytes)
        {
            diagnostics.Report(ScorecardDiagnostics.DocumentTooLarge, "", start,
                string.Create(CultureInfo.InvariantCulture, $"The document is larger than {limits.MaxDocumentBytes / 1024} KiB; split it or remove unused content."));
            return null;
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidJson, "", start, "The document is empty; a scorecard is a JSON object ({ \"schemaVersion\": 1, ... }).");
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        var builder = new Builder(bytes, limits, diagnostics);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            // Our own check (limits.MaxDepth) reports first, with a clearer message.
            MaxDepth = limits.MaxDepth + 2,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        try
        {
            if (!reader.Read())
            {
                diagnostics.Report(ScorecardDiagnostics.InvalidJson, "", start, "The document is empty; a scorecard is a JSON object.");
                return null;
            }

            var root = builder.ReadValue(ref reader, "");
            if (root is null)
            {
                return null;
            }

            // Anything after the root value is an error; Read throws for it.
            reader.Read();
            return root;
        }
        catch (JsonException exception)
        {
            var position = builder.PositionOfReaderError(exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            diagnostics.Report(ScorecardDiagnostics.InvalidJson, "", position, "The document is not valid JSON: " + CleanReaderMessage(exception.Message));
            return null;
        }
    }

    private static string CleanReaderMessage(string message)
    {
        // The reader appends zero-based "LineNumber: n | BytePositionInLine: n."; our diagnostic carries 1-based positions.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).TrimEnd();
        if (text.Contains("trailing comma", StringComparison.Ordinal))
        {
            return text.Contains("JSON array", StringComparison.Ordinal)
                ? "there is a comma after the last item of a list; remove it."
                : "there is a comma after the last property of an object; remove it.";
        }

        return text.Replace(" Change the reader options.", "", StringComparison.Ordinal);
    }

    private sealed class Builder(byte[] bytes, ScorecardLimits limits, DiagnosticBag diagnostics)
    {
        // Tokens arrive in document order, so one forward-moving cursor turns byte offsets into
        // line/column in linear time even for a single-line document.
        private int byteCursor;
        private int charCursor;
        private int line = 1;
        private int lineStartChar;

        public SourceNode? ReadValue(ref Utf8JsonReader reader, string pointer)
        {
            var start = PositionAt(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    return CheckDepth(ref reader, pointer, start) ? ReadObject(ref reader, pointer, start) : null;
                case JsonTokenType.StartArray:
                    return CheckDepth(ref reader, pointer, start) ? ReadArray(ref reader, pointer, start) : null;
                case JsonTokenType.String:
                    return ReadString(ref reader, pointer, start);
                case JsonTokenType.Number:
                    return new SourceNumber(pointer, start, Encoding.UTF8.GetString(reader.ValueSpan));
                case JsonTokenType.True:
                    return new SourceBoolean(pointer, start, true);
                case JsonTokenType.False:
                    return new SourceBoolean(pointer, start, false);
                case JsonTokenType.Null:
                    return new SourceNull(pointer, start);
                default:
                    diagnostics.Report(ScorecardDiagnostics.InvalidJson, pointer, start, "The document is not valid JSON: unexpected " + reader.TokenType + ".");
                    return null;
            }
        }

        public SourcePosition PositionOfReaderError(long zeroBasedLine, long bytePositionInLine)
        {
            // The reader counts lines by '\n' and positions in bytes; find the byte offset and map it.
            var offset = 0;
            for (long l = 0; l < zeroBasedLine && offset < bytes.Length; offset++)
            {
                if (bytes[offset] == (byte)'\n')
                {
                    l++;
                }
            }

            byteCursor = charCursor = lineStartChar = 0;
            line = 1;
            return PositionAt(Math.Min(bytes.Length, offset + bytePositionInLine));
        }

        private bool CheckDepth(ref Utf8JsonReader reader, string pointer, SourcePosition start)
        {
            if (reader.CurrentDepth < limits.MaxDepth)
            {
                return true;
            }

            diagnostics.Report(ScorecardDiagnostics.NestingTooDeep, pointer, start, string.Format(CultureInfo.InvariantCulture, TooDeep, limits.MaxDepth));
            return false;
        }

        private SourceObject? ReadObject(ref Utf8JsonReader reader, string pointer, SourcePosition start)
        {
            var properties = ImmutableArray.CreateBuilder<SourceProperty>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = PositionAt(reader.TokenStartIndex);
                if (Decode(ref reader, pointer, nameStart, "property name") is not { } name)
                {
                    return null;
                }
                var propertyPointer = JsonPointer.Append(pointer, name);
                reader.Read();
                var value = ReadValue(ref reader, propertyPointer);
                if (value is null)
                {
                    return null;
                }

                if (!seen.Add(name))
                {
                    diagnostics.Report(ScorecardDiagnostics.DuplicateProperty, propertyPointer, nameStart,
                        $"'{name}' is written twice in this object; keep one (the first is used).");
                    continue;
                }

                properties.Add(new SourceProperty(name, propertyPointer, nameStart, value));
            }

            return new SourceObject(pointer, start, properties.ToImmutable());
        }

        private SourceArray? ReadArray(ref Utf8JsonReader reader, string pointer, SourcePosition start)
        {
            var items = ImmutableArray.CreateBuilder<SourceNode>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var item = ReadValue(ref reader, JsonPointer.Append(pointer, items.Count));
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
            }

            return new SourceArray(pointer, start, items.ToImmutable());
        }

        private SourceString? ReadString(ref Utf8JsonReader reader, string pointer, SourcePosition start)
        {
            if (Decode(ref reader, pointer, start, "string") is not { } value)
            {
                return null;
            }

            if (value.Length > limits.MaxStringLength)
            {
                diagnostics.Report(ScorecardDiagnostics.StringTooLong, pointer, start,
                    string.Create(CultureInfo.InvariantCulture, $"This string has {value.Length} characters; the limit is {limits.MaxStringLength}."));
            }

            if (!reader.ValueIsEscaped)
            {
                return new SourceString(pointer, start, value, false, []);
            }

            return new SourceString(pointer, start, value, true, MapColumns(Encoding.UTF8.GetString(reader.ValueSpan), start.Column + 1, value.Length));
        }

        /// <summary>
        /// The string or property name at the reader, or null when it cannot be stored (<see cref="StorableText"/>).
        /// The reader refuses to decode an escaped lone surrogate ("\ud800") with an InvalidOperationException,
        /// and decodes "\u0000" to a NUL; both are reported here with the value's pointer and position.
        /// </summary>
        private string? Decode(ref Utf8JsonReader reader, string pointer, SourcePosition start, string what)
        {
            string value;
            try
            {
                value = reader.GetString() ?? "";
            }
            catch (InvalidOperationException)
            {
                diagnostics.Report(ScorecardDiagnostics.UnstorableText, pointer, start,
                    $"This {what} {StorableText.EscapedLoneSurrogate}; write the character itself or its full pair.");
                return null;
            }
            if (StorableText.Find(value) is { } bad)
            {
                diagnostics.Report(ScorecardDiagnostics.UnstorableText, pointer, start, $"This {what} {bad.Reason}; remove it.");
                return null;
            }
            return value;
        }

        /// <summary>Document column of each decoded character of an escaped string, plus its end.</summary>
        private static ImmutableArray<int> MapColumns(string raw, int firstColumn, int decodedLength)
        {
            var columns = ImmutableArray.CreateBuilder<int>(decodedLength + 1);
            var i = 0;
            while (i < raw.Length && columns.Count < decodedLength)
            {
                columns.Add(firstColumn + i);
                i += raw[i] != '\\' ? 1 : raw[i + 1] == 'u' ? 6 : 2;
            }

            while (columns.Count < decodedLength)
            {
                columns.Add(firstColumn + raw.Length);
            }

            columns.Add(firstColumn + raw.Length);
            return columns.MoveToImmutable();
        }

        private SourcePosition PositionAt(long byteOffset)
        {
            if (byteOffset < byteCursor)
            {
                byteCursor = charCursor = lineStartChar = 0;
                line = 1;
            }

            while (byteCursor < byteOffset)
            {
                var b = bytes[byteCursor++];
                if (b == (byte)'\n')
                {
                    line++;
                    charCursor++;
                    lineStartChar = charCursor;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    // A lead byte starts one code point; four-byte sequences are two UTF-16 characters.
                    charCursor += b >= 0xF0 ? 2 : 1;
                }
            }

            return new SourcePosition(line, charCursor - lineStartChar + 1);
        }
    }
}
