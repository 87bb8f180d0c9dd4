using System.Globalization;
using System.Text.RegularExpressions;
using CxRox.Engine.Validation;

namespace CxRox.Api.Data;

/// <summary>
/// Reads the typed values of one raw row and records every problem with its column and reason,
/// so that a rejected batch lists all its bad rows at once.
/// </summary>
public sealed partial class RowParser(RawRow row, IngestColumns columns, List<RowError> errors)
{
    public const int MaxTextLength = 200;

    /// <summary>Values beyond this are taken for a unit or encoding mistake, not data.</summary>
    public const double MaxAbsoluteValue = 1e15;

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    public long Row => row.Number;

    public bool HasErrors { get; private set; }

    public void Fail(int column, string reason)
    {
        HasErrors = true;
        errors.Add(new RowError(row.Number, column < 0 ? null : columns.Name(column), reason));
    }

    /// <summary>The value as sent; null (and the row failed) when it holds text that cannot be stored.</summary>
    private string? Raw(int column, bool required)
    {
        var value = row.Values[column];
        if (value is null && required && !row.Unreadable && !row.HasErrorIn(columns.Name(column)))
        {
            Fail(column, "Missing: the column is required.");
        }
        if (value is not null && StorableText.Find(value) is { } bad)
        {
            Fail(column, $"The value {bad.Reason}.");
            return null;
        }
        return value;
    }

    /// <summary>Text of at most <see cref="MaxTextLength"/> characters; "" when absent and optional.</summary>
    public string Text(int column, bool required)
    {
        var value = Raw(column, required);
        if (value is null)
        {
            return "";
        }
        if (value.Length > MaxTextLength)
        {
            Fail(column, $"Longer than {MaxTextLength} characters ({value.Length}).");
        }
        else if (required && string.IsNullOrWhiteSpace(value))
        {
            Fail(column, "Missing: the value is blank.");
        }
        return value;
    }

    public double Number(int column)
    {
        var value = Raw(column, required: true);
        if (value is null)
        {
            return 0;
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            Fail(column, $"Not a number: '{IngestRows.Truncate(value)}'.");
            return 0;
        }
        if (Math.Abs(number) > MaxAbsoluteValue)
        {
            Fail(column, $"Out of range: {value} (at most {MaxAbsoluteValue:G} in magnitude).");
        }
        return number;
    }

    /// <summary>A whole-number score inside the scale (any of the declared scales of the question).</summary>
    public short Score(int column, IReadOnlyList<Engine.Model.AnswerBand>? scales, int undeclaredLimit)
    {
        var before = errors.Count;
        var number = Number(column);
        if (errors.Count > before || row.Values[column] is null)
        {
            return 0;
        }
        if (number != Math.Floor(number))
        {
            Fail(column, $"Not a whole number: {row.Values[column]}; the scale has whole numbers only.");
            return 0;
        }
        if (scales is { Count: > 0 })
        {
            if (!scales.Any(s => number >= s.From && number <= s.To))
            {
                Fail(column, $"Outside the scale: {number} is not in {string.Join(" or ", scales.Select(s => $"{s.From}..{s.To}").Distinct())}.");
                return 0;
            }
        }
        else if (Math.Abs(number) > undeclaredLimit)
        {
            Fail(column, $"Out of range: {number}; no scorecard declares this question, so scores must be within ±{undeclaredLimit}.");
            return 0;
        }
        return (short)number;
    }

    /// <summary>An RFC 3339 timestamp with an offset (Z or ±hh:mm), as UTC.</summary>
    public DateTime Timestamp(int column, DateTime earliest, DateTime latest)
    {
        var value = Raw(column, required: true);
        if (value is null)
        {
            return default;
        }
        if (!TryTimestamp(value, out var timestamp))
        {
            Fail(column, $"Not an RFC 3339 timestamp with an offset (e.g. 2026-03-01T09:30:00Z): '{IngestRows.Truncate(value)}'.");
            return default;
        }
        if (timestamp < earliest || timestamp > latest)
        {
            Fail(column, $"Implausible time: {value} is not between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}.");
        }
        return timestamp;
    }

    /// <summary>A date (yyyy-MM-dd), or a timestamp with an offset taken as its local date in the organization's time zone.</summary>
    public DateOnly LocalDate(int column, TimeZoneInfo timeZone)
    {
        var value = Raw(column, required: true);
        if (value is null)
        {
            return default;
        }
        DateOnly date;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
        {
            date = plain;
        }
        else if (TryTimestamp(value, out var timestamp))
        {
            date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(timestamp, timeZone));
        }
        else
        {
            Fail(column, $"Not a date (yyyy-MM-dd) or an RFC 3339 timestamp with an offset: '{IngestRows.Truncate(value)}'.");
            return default;
        }
        if (date < EarliestDate || date > LatestDate)
        {
            Fail(column, $"Implausible date: {value} is not between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.");
        }
        return date;
    }

    private static bool TryTimestamp(string value, out DateTime utc)
    {
        utc = default;
        if (!Rfc3339().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        utc = parsed.UtcDateTime;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
