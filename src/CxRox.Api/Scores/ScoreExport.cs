using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace CxRox.Api.Scores;

public enum ScoreExportFormat { Csv, Ndjson }

/// <summary>
/// Flat exports of a series for BI tools, one <see cref="ScoreRow"/> a line, written period by
/// period as the periods are read, so an export of any length holds one period in memory.
/// CSV is RFC 4180 (header row, CRLF, quotes only where needed), UTF-8 without a byte order
/// mark; numbers with '.' whatever the server's culture, empty cells for no value. NDJSON has
/// the same columns as keys, with null for no value.
/// </summary>
public static class ScoreExport
{
    public const string CsvMediaType = "text/csv";
    public const string NdjsonMediaType = "application/x-ndjson";

    public static string MediaType(ScoreExportFormat format) => format == ScoreExportFormat.Csv ? CsvMediaType : NdjsonMediaType;

    public static string ContentType(ScoreExportFormat format) =>
        format == ScoreExportFormat.Csv ? CsvMediaType + "; charset=utf-8" : NdjsonMediaType;

    public static string Extension(ScoreExportFormat format) => format == ScoreExportFormat.Csv ? "csv" : "ndjson";

    public static string FileName(ScoreExportFormat format, string scorecardId, int version) => $"{scorecardId}-v{version}-scores.{Extension(format)}";

    public static async Task WriteAsync(
        PipeWriter body, ScoreExportFormat format, string scorecardId, int version, IAsyncEnumerable<string> periods, CancellationToken cancellationToken)
    {
        var versionText = version.ToString(CultureInfo.InvariantCulture);
        if (format == ScoreExportFormat.Csv)
        {
            body.Write(Encoding.UTF8.GetBytes(string.Join(',', ScoreRow.Columns) + "\r\n"));
        }
        await using var json = new Utf8JsonWriter(body);
        var line = new StringBuilder();
        await foreach (var period in periods.WithCancellation(cancellationToken))
        {
            using var document = JsonDocument.Parse(period);
            foreach (var row in ScoreRow.Of(document.RootElement))
            {
                if (format == ScoreExportFormat.Csv)
                {
                    WriteCsv(body, line, row, scorecardId, versionText);
                }
                else
                {
                    WriteNdjson(body, json, row, scorecardId, version);
                }
            }
            await body.FlushAsync(cancellationToken);
        }
    }

    private static void WriteCsv(PipeWriter body, StringBuilder line, ScoreRow row, string scorecardId, string version)
    {
        line.Clear();
        string?[] cells = [row.PeriodStart, row.PeriodEnd, scorecardId, version, row.Pillar, row.Metric, row.Value, row.Score, row.Status, row.Target, row.Partial ? "true" : "false", row.Stale ? "true" : "false"];
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }
            AppendCsvCell(line, cells[i]);
        }
        line.Append("\r\n");
        body.Write(Encoding.UTF8.GetBytes(line.ToString()));
    }

    /// <summary>RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    private static void AppendCsvCell(StringBuilder line, string? cell)
    {
        if (cell is null)
        {
            return;
        }
        if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(cell);
            return;
        }
        line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static void WriteNdjson(PipeWriter body, Utf8JsonWriter json, ScoreRow row, string scorecardId, int version)
    {
        json.Reset(body);
        json.WriteStartObject();
        json.WriteString("period_start", row.PeriodStart);
        json.WriteString("period_end", row.PeriodEnd);
        json.WriteString("scorecard", scorecardId);
        json.WriteNumber("version", version);
        json.WriteString("pillar", row.Pillar);
        json.WriteString("metric", row.Metric);
        WriteNumber(json, "value", row.Value);
        WriteNumber(json, "score", row.Score);
        json.WriteString("status", row.Status);
        WriteNumber(json, "target", row.Target);
        json.WriteBoolean("partial", row.Partial);
        json.WriteBoolean("stale", row.Stale);
        json.WriteEndObject();
        json.Flush();
        body.Write("\n"u8);
    }

    // The number's stored text, unchanged.
    private static void WriteNumber(Utf8JsonWriter json, string name, string? number)
    {
        json.WritePropertyName(name);
        if (number is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(number, skipInputValidation: true);
        }
    }
}
