using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Data;

/// <summary>What an ingest did: rows new, rows whose values changed, rows sent again as they were.</summary>
public sealed record IngestCounts(long Inserted, long Updated, long Unchanged);

/// <summary>The outcome of reading and staging a batch: how many rows, and every bad row (up to the cap).</summary>
public sealed record StagedBatch(long Rows, IReadOnlyList<RowError> Errors, long ErrorCount)
{
    public bool IsValid => ErrorCount == 0;
}

/// <summary>
/// Reads a body row by row, checks each row and streams the good ones into a temporary staging
/// table with binary COPY, inside the organization's transaction. Valid rows keep flowing after a
/// bad one, so that the answer can list every bad row (duplicates included); the caller merges
/// only a batch without errors and otherwise rolls everything back. The staging table lasts until
/// the transaction ends, so a caller may read it more than once (the body itself is read once).
/// </summary>
public static class IngestBatch
{
    /// <summary>Bad rows listed in an answer; the count covers all of them.</summary>
    public const int MaxListedErrors = 100;

    public static async Task<StagedBatch> StageAsync<TRow>(
        OrganizationTransaction transaction,
        IAsyncEnumerable<RawRow> rows,
        IngestColumns columns,
        string stagingTableDefinition,
        string copyCommand,
        Func<RowParser, TRow> parse,
        Func<NpgsqlBinaryImporter, long, TRow, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        await using (var create = transaction.Command(stagingTableDefinition))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var errors = new List<RowError>();
        long errorCount = 0, count = 0;
        var rowErrors = new List<RowError>();
        await using (var importer = await transaction.BeginBinaryImportAsync(copyCommand, cancellationToken))
        {
            await foreach (var raw in rows.WithCancellation(cancellationToken))
            {
                count++;
                rowErrors.Clear();
                rowErrors.AddRange(raw.Errors);
                var parser = new RowParser(raw, columns, rowErrors);
                var row = parse(parser);
                if (rowErrors.Count == 0)
                {
                    await write(importer, raw.Number, row, cancellationToken);
                    continue;
                }
                errorCount += rowErrors.Count;
                errors.AddRange(rowErrors.Take(MaxListedErrors - errors.Count));
            }
            await importer.CompleteAsync(cancellationToken);
        }
        return new StagedBatch(count, errors, errorCount);
    }

    /// <summary>
    /// Adds to the batch every staged row whose key an earlier row of the batch already has (the
    /// staging table must have a row_no column and the key columns).
    /// </summary>
    public static async Task<StagedBatch> AddDuplicatesAsync(
        OrganizationTransaction transaction, StagedBatch batch, string duplicateKeyColumns, string duplicateReason, CancellationToken cancellationToken)
    {
        var errors = batch.Errors.ToList();
        var errorCount = batch.ErrorCount;
        // Two rows with the same key in one batch: which one should win is not ours to guess.
        await using (var duplicates = transaction.Command(
            $"""
            SELECT row_no, first_row FROM (
                SELECT row_no, min(row_no) OVER (PARTITION BY {duplicateKeyColumns}) AS first_row FROM staging
            ) d
            WHERE row_no <> first_row ORDER BY row_no
            """))
        await using (var reader = await duplicates.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                errorCount++;
                if (errors.Count < MaxListedErrors)
                {
                    errors.Add(new RowError(reader.GetInt64(0), null, $"{duplicateReason} as row {reader.GetInt64(1)}; a batch may hold each only once."));
                }
            }
        }
        return new StagedBatch(batch.Rows, [.. errors.OrderBy(e => e.Row)], errorCount);
    }
}
