using CxRox.Api.Storage;
using NpgsqlTypes;

namespace CxRox.Api.Data;

/// <summary>
/// Observations: numbers other systems produce, keyed by metric, local date and segment. Sending
/// a key again with another value replaces the value (counted as updated); with the same value
/// changes nothing (unchanged).
/// </summary>
public static class ObservationIngest
{
    private const int Metric = 0, Date = 1, Value = 2, Touchpoint = 3, Channel = 4, Source = 5;

    public static readonly IngestColumns Columns = new(
        ("metric", true), ("date", true), ("value", true), ("touchpoint", false), ("channel", false), ("source", false));

    private sealed record Row(string Metric, DateOnly Date, double Value, string Touchpoint, string Channel, string Source);

    public static async Task<(StagedBatch Batch, IngestCounts? Counts)> IngestAsync(
        OrganizationTransaction transaction, IAsyncEnumerable<RawRow> rows, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var staged = await IngestBatch.StageAsync(
            transaction, rows, Columns,
            """
            CREATE TEMP TABLE staging (
                row_no bigint NOT NULL, metric_key text NOT NULL, observed_on date NOT NULL, value double precision NOT NULL,
                touchpoint text NOT NULL, channel text NOT NULL, source text
            ) ON COMMIT DROP
            """,
            "COPY staging (row_no, metric_key, observed_on, value, touchpoint, channel, source) FROM STDIN (FORMAT BINARY)",
            parser => new Row(
                parser.Text(Metric, required: true), parser.LocalDate(Date, timeZone), parser.Number(Value),
                parser.Text(Touchpoint, required: false), parser.Text(Channel, required: false), parser.Text(Source, required: false)),
            async (importer, number, row, ct) =>
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(number, NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(row.Metric, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Date, NpgsqlDbType.Date, ct);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Double, ct);
                await importer.WriteAsync(row.Touchpoint, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Channel, NpgsqlDbType.Text, ct);
                if (row.Source.Length == 0)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(row.Source, NpgsqlDbType.Text, ct);
                }
            },
            cancellationToken);
        var batch = await IngestBatch.AddDuplicatesAsync(
            transaction, staged, "metric_key, observed_on, touchpoint, channel", "The same metric, date and segment", cancellationToken);
        if (!batch.IsValid)
        {
            return (batch, null);
        }

        // xmax = 0 tells a freshly inserted row from an updated one; rows whose values did not
        // change are not touched (the WHERE of DO UPDATE) and so are not returned.
        await using var merge = transaction.Command(
            $"""
            WITH merged AS (
                INSERT INTO observations AS o (org_id, metric_key, observed_on, touchpoint, channel, value, source)
                SELECT $1, metric_key, observed_on, touchpoint, channel, value, source FROM staging
                ON CONFLICT (org_id, metric_key, observed_on, touchpoint, channel) DO UPDATE
                    SET value = EXCLUDED.value, source = EXCLUDED.source, updated_at = now()
                    WHERE (o.value, o.source) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.source)
                RETURNING xmax = 0 AS inserted, o.observed_on
            ), {Recompute.ChangedDays.Cte("SELECT observed_on FROM merged")}
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
            """,
            transaction.OrganizationId);
        return (batch, await IngestCountsReader.ReadAsync(merge, batch.Rows, cancellationToken));
    }
}

internal static class IngestCountsReader
{
    public static async Task<IngestCounts> ReadAsync(Npgsql.NpgsqlCommand command, long rows, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var inserted = reader.GetInt64(0);
        var updated = reader.GetInt64(1);
        return new IngestCounts(inserted, updated, rows - inserted - updated);
    }
}
