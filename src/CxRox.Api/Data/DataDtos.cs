namespace CxRox.Api.Data;

/// <summary>What an ingest stored: rows read, and of them new, changed and sent again unchanged; the time taken.</summary>
public sealed record IngestResponse(long Rows, long Inserted, long Updated, long Unchanged, double ElapsedMilliseconds);

/// <summary>One bad row: its number (CSV: the spreadsheet row, header = 1; NDJSON: the line; JSON array: the element from 1), the column at fault, why.</summary>
public sealed record RowErrorResponse(long Row, string? Column, string Reason)
{
    public static RowErrorResponse From(RowError error) => new(error.Row, error.Column, error.Reason);
}

/// <summary>The body of a 422 for a rejected batch (application/problem+json), documented for OpenAPI.</summary>
public sealed record RejectedBatchProblem(
    string Type, string Title, int Status, string Detail, long Rows, long ErrorCount, IReadOnlyList<RowErrorResponse> Errors);

/// <summary>What a histogram rebuild wrote.</summary>
public sealed record RebuildResponse(string TimeZone, long HistogramRows, double ElapsedMilliseconds);
