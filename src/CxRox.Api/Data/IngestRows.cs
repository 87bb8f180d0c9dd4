using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CxRox.Api.Data;

/// <summary>The formats an ingest endpoint reads, by media type.</summary>
public enum IngestFormat
{
    Json,
    NdJson,
    Csv,
}

/// <summary>The columns of one kind of data: names as sent (camelCase; CSV headers may also use snake_case).</summary>
public sealed class IngestColumns(params (string Name, bool Required)[] columns)
{
    public int Count => columns.Length;

    public string Name(int index) => columns[index].Name;

    public bool IsRequired(int index) => columns[index].Required;

    /// <summary>The column's index; -1 when there is none. "answer_id", "Answer-Id" and "answerId" are the same column.</summary>
    public int Find(string name)
    {
        var normalized = Normalize(name);
        for (var i = 0; i < columns.Length; i++)
        {
            if (string.Equals(Normalize(columns[i].Name), normalized, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Normalize(string name) => name.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}

/// <summary>A problem with one row: its number, the column (when one is at fault) and why.</summary>
public sealed record RowError(long Row, string? Column, string Reason);

/// <summary>
/// One row as sent: its values by column index (null when absent or empty), and problems found
/// while reading it (unknown columns, values that are not scalars). Row numbers: for CSV the
/// spreadsheet row (the header is row 1), for NDJSON the line, for a JSON array the element (from 1).
/// </summary>
public sealed class RawRow(long number, string?[] values, List<RowError>? errors)
{
    public long Number { get; } = number;
    public string?[] Values { get; } = values;
    public IReadOnlyList<RowError> Errors => errors ?? [];

    /// <summary>The row could not be read at all (broken JSON, a bad header): its values are not checked.</summary>
    public bool Unreadable { get; init; }

    /// <summary>Whether a reading problem was already reported for the column (so "missing" is not added to it).</summary>
    public bool HasErrorIn(string column) => errors?.Exists(e => e.Column == column) == true;
}

/// <summary>
/// Reads rows from a request body one at a time, so that a file of millions of rows is never
/// held whole in memory. A body that cannot be read further (broken JSON, a bad CSV header) ends
/// with a row that carries the error.
/// </summary>
public static class IngestRows
{
    public static IngestFormat? FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => IngestFormat.Json,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" => IngestFormat.NdJson,
            "text/csv" => IngestFormat.Csv,
            _ => null,
        };
    }

    public static IAsyncEnumerable<RawRow> ReadAsync(Stream body, IngestFormat format, IngestColumns columns, CancellationToken cancellationToken) =>
        format switch
        {
            IngestFormat.Json => ReadJsonArrayAsync(body, columns, cancellationToken),
            IngestFormat.NdJson => ReadNdJsonAsync(body, columns, cancellationToken),
            _ => ReadCsvAsync(body, columns, cancellationToken),
        };

    private static async IAsyncEnumerable<RawRow> ReadJsonArrayAsync(Stream body, IngestColumns columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long number = 0;
        await using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            RawRow? broken = null;
            try
            {
                if (!await elements.MoveNextAsync())
                {
                    break;
                }
            }
            catch (JsonException e)
            {
                broken = new RawRow(number + 1, new string?[columns.Count], [new RowError(number + 1, null, $"The body is not a JSON array of objects: {e.Message}")]) { Unreadable = true };
            }
            if (broken is not null)
            {
                yield return broken;
                yield break;
            }
            number++;
            yield return FromJson(number, elements.Current, columns);
        }
    }

    private static async IAsyncEnumerable<RawRow> ReadNdJsonAsync(Stream body, IngestColumns columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = BodyReader(body);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonElement element = default;
            string? broken = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                broken = e.Message;
            }
            if (broken is not null)
            {
                yield return new RawRow(number, new string?[columns.Count], [new RowError(number, null, $"The line is not valid JSON: {broken}")]) { Unreadable = true };
                continue;
            }
            yield return FromJson(number, element, columns);
        }
    }

    private static RawRow FromJson(long number, JsonElement element, IngestColumns columns)
    {
        var values = new string?[columns.Count];
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new RawRow(number, values, [new RowError(number, null, $"A row must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.")]) { Unreadable = true };
        }
        List<RowError>? errors = null;
        foreach (var property in element.EnumerateObject())
        {
            if (!JsonRowText.TryName(property, out var name))
            {
                // A name that cannot be decoded cannot be matched to a column: the error alone refuses the row.
                (errors ??= []).Add(new RowError(number, null, JsonRowText.LoneSurrogate("A column name")));
                continue;
            }
            var index = columns.Find(name);
            if (index < 0)
            {
                (errors ??= []).Add(new RowError(number, name, "Unknown column."));
                continue;
            }
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String when JsonRowText.TryValue(property.Value, out var text):
                    values[index] = text;
                    break;
                case JsonValueKind.String:
                    (errors ??= []).Add(new RowError(number, columns.Name(index), JsonRowText.LoneSurrogate("The value")));
                    break;
                case JsonValueKind.Number:
                    values[index] = property.Value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    (errors ??= []).Add(new RowError(number, columns.Name(index), $"Must be a string or a number, not {property.Value.ValueKind.ToString().ToLowerInvariant()}."));
                    break;
            }
        }
        return new RawRow(number, values, errors);
    }

    private static async IAsyncEnumerable<RawRow> ReadCsvAsync(Stream body, IngestColumns columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = BodyReader(body);
        var parser = new CsvRecordReader(reader);
        if (!await parser.ReadAsync(cancellationToken))
        {
            yield break;
        }
        // Header: the index of each CSV field in our columns; unknown and missing columns reject the file.
        var header = parser.Fields.ToArray();
        var map = new int[header.Length];
        var headerErrors = new List<RowError>();
        for (var i = 0; i < header.Length; i++)
        {
            map[i] = columns.Find(header[i]);
            if (map[i] < 0)
            {
                headerErrors.Add(new RowError(1, header[i], "Unknown column."));
            }
            else if (Array.IndexOf(map, map[i], 0, i) >= 0)
            {
                headerErrors.Add(new RowError(1, header[i], "The column appears twice."));
            }
        }
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns.IsRequired(c) && Array.IndexOf(map, c) < 0)
            {
                headerErrors.Add(new RowError(1, columns.Name(c), "Missing column: the header row does not name it."));
            }
        }
        if (headerErrors.Count > 0)
        {
            yield return new RawRow(1, new string?[columns.Count], headerErrors) { Unreadable = true };
            yield break;
        }

        long number = 1;
        while (await parser.ReadAsync(cancellationToken))
        {
            number++;
            var record = parser.Fields;
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue; // a blank line
            }
            var values = new string?[columns.Count];
            List<RowError>? errors = null;
            if (record.Count != header.Length)
            {
                (errors ??= []).Add(new RowError(number, null, $"The row has {record.Count} fields; the header has {header.Length}."));
            }
            if (parser.Problem is { } problem)
            {
                (errors ??= []).Add(new RowError(number, null, problem));
            }
            for (var i = 0; i < Math.Min(record.Count, header.Length); i++)
            {
                values[map[i]] = record[i].Length == 0 ? null : record[i];
            }
            yield return new RawRow(number, values, errors);
        }
    }

    /// <summary>
    /// A text reader that leaves the body open: the caller owns it, and an idempotent request
    /// still reads its hash from it after the rows (disposing it there answered 500 after commit).
    /// </summary>
    private static StreamReader BodyReader(Stream body) =>
        new(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);

    internal static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
