using System.Globalization;
using CxRox.Api.Scores;
using CxRox.Engine.Evaluation;

namespace CxRox.Api.Summaries;

/// <summary>The words both renderings use, so that the Markdown and the HTML page say the same thing the same way.</summary>
public static class SummaryWording
{
    public const string NoTouchpoint = "(no touchpoint)";

    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>"October 2026", "Q4 2026" or "Week 43 of 2026".</summary>
    public static string PeriodName(ScorePeriodDocument period) => period.Unit switch
    {
        "month" => period.Start.ToString("MMMM yyyy", English),
        "quarter" => $"Q{((period.Start.Month - 1) / 3) + 1} {period.Start.Year}",
        _ => string.Create(English, $"Week {ISOWeek.GetWeekOfYear(period.Start.ToDateTime(TimeOnly.MinValue))} of {ISOWeek.GetYear(period.Start.ToDateTime(TimeOnly.MinValue))}"),
    };

    /// <summary>"1 to 31 October 2026", "29 September to 5 October 2026", with "(to date)" for a partial one.</summary>
    public static string PeriodDays(ScorePeriodDocument period)
    {
        var (start, end) = (period.Start, period.End);
        var first = start.Year != end.Year ? start.ToString("d MMMM yyyy", English)
            : start.Month != end.Month ? start.ToString("d MMMM", English)
            : start.Day.ToString(English);
        return $"{first} to {end.ToString("d MMMM yyyy", English)}{(period.Partial ? " (to date)" : "")}";
    }

    /// <summary>"1 month", "3 weeks".</summary>
    public static string Periods(string unit, int count) => string.Create(English, $"{count} {unit}{(count == 1 ? "" : "s")}");

    public static string Count(long count) => count.ToString("N0", English);

    public static string Score(double? score) => DisplayText.Value(score, DisplayText.Score);

    public static string ScoreChange(double? change) => DisplayText.Change(change, DisplayText.Score) ?? "";

    public static string Touchpoint(string? touchpoint) => touchpoint ?? NoTouchpoint;

    public static string Severity(Engine.Model.FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>"New", "Continuing for 3 months", "Resolved after 2 months".</summary>
    public static string State(TrackedFinding finding, string unit) => finding.State switch
    {
        FindingState.New => "New",
        FindingState.Continuing => $"Continuing for {Periods(unit, finding.PeriodsInARow)}",
        _ => $"Resolved after {Periods(unit, finding.PeriodsInARow)}",
    };

    public static string Missing(MissingReason reason) => reason switch
    {
        MissingReason.NoData => "no data in the period",
        MissingReason.BelowMinSample => "withheld (fewer answers than its minimum sample)",
        MissingReason.DependsOnMissing => "depends on a value that is missing",
        _ => "undefined (such as a division by zero)",
    };

    /// <summary>The opening sentences: where the index stands and how it moved, the return, and how much needs attention.</summary>
    public static string Headline(SummaryDocument summary)
    {
        var rox = summary.Rox;
        // By the text, not the number: a change that rounds to nothing is "unchanged".
        var movement = (rox.ChangeText, summary.ComparedWith) switch
        {
            (_, null) => ", with no scores of the period before to compare with",
            (null, _) => "",
            (['+', .. var up], { } before) => $", up {up} on {PeriodName(before)}",
            (['-', .. var down], { } before) => $", down {down} on {PeriodName(before)}",
            (_, { } before) => $", unchanged on {PeriodName(before)}",
        };
        var roxReturn = summary.Return is { } r ? $"; {r.Name} {r.ValueText}{(r.ChangeText is null ? "" : $" ({r.ChangeText})")}" : "";
        var red = summary.Red.Length switch { 0 => "No metric is red", 1 => "1 metric is red", var n => $"{n} metrics are red" };
        var findings = summary.Findings.GroupBy(f => f.State).ToDictionary(g => g.Key, g => g.Count());
        var news = findings.GetValueOrDefault(FindingState.New);
        var continuing = findings.GetValueOrDefault(FindingState.Continuing);
        var resolved = findings.GetValueOrDefault(FindingState.Resolved);
        return $"{rox.Name} {rox.ValueText}{movement}{roxReturn}. {red}; "
            + $"{news} new finding{(news == 1 ? "" : "s")}, {continuing} continuing, {resolved} resolved.";
    }
}
