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

/// <summary>One period of the range, in the organization's time zone: first and last day, and whether it has ended there.</summary>
public sealed record PeriodResponse(DateOnly Start, DateOnly End, bool Complete);

/// <summary>
/// A metric in a period, for the whole (dimension "total") or one touchpoint or channel: its value,
/// the answers on its scale or observations behind it (sample) and the survey answers off its scale
/// (ignored); value, sample and ignored all null, with the reason, when withheld.
/// </summary>
public sealed record PeriodValueResponse(string Metric, DateOnly PeriodStart, string Dimension, string Segment, double? Value, long? Sample, long? Ignored, string? Withheld)
{
    public static PeriodValueResponse From(PeriodValue value) =>
        new(value.Metric, value.PeriodStart, value.Dimension, value.Segment, value.Value, value.Sample, value.Ignored, value.Withheld);
}

/// <summary>
/// Survey and observation metrics of a scorecard version per period. A metric with no data in a
/// period has no value there (missing, not zero); formula metrics are the engine's to compute.
/// </summary>
public sealed record AggregatesResponse(
    string ScorecardId, int Version, string TimeZone, string Period, IReadOnlyList<PeriodResponse> Periods, IReadOnlyList<PeriodValueResponse> Values);

/// <summary>What a deletion removed, for local days from 'from' to 'to' (inclusive) and, if given, one respondent's answers only.</summary>
public sealed record DeleteResponse(DateOnly From, DateOnly To, string? Respondent, long Observations, long SurveyAnswers);
