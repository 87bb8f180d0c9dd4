using System.Globalization;

namespace CxRox.Api.Data;

/// <summary>
/// A survey metric in one period and segment as counted, before withholding.
/// </summary>
/// <param name="Value">Null when no answer is on the metric's scale.</param>
/// <param name="Answers">Answers on the metric's scale.</param>
/// <param name="Ignored">Answers off the metric's scale.</param>
/// <param name="Threshold">The question's minSample across the organization's versions (docs/anonymity.md).</param>
/// <param name="HasSmallAtom">Some atom of the period holds answers, but fewer than the threshold on the scale.</param>
public sealed record SurveyCell(
    string Metric, DateOnly PeriodStart, string Dimension, string Segment, double? Value, long Answers, long Ignored, int Threshold, bool HasSmallAtom);

/// <summary>
/// Anonymity (docs/anonymity.md). A cell is published only when every atom of its period (the
/// runs of days crossing neither a Monday nor a month's first day) holds, for its segment, no
/// answer or at least the question's threshold of answers on the scale: then no difference of
/// published periods, of any length or version, isolates a smaller group. And when any segment
/// of a breakdown is withheld in a period, so is the rest of that breakdown there, so that it
/// cannot be recovered by subtracting the other segments from the total. A withheld cell
/// publishes neither its value nor how many answered.
/// </summary>
public static class Withholding
{
    public const string RevealsAnotherSegment = "Another segment of this breakdown is withheld; this one would reveal it.";

    public static string TooFewAnswers(int threshold) => string.Create(CultureInfo.InvariantCulture,
        $"Fewer than {threshold} answers (minSample) in this period or in a part of it that other periods could isolate.");

    public static IEnumerable<PeriodValue> Apply(IReadOnlyList<SurveyCell> cells)
    {
        var withheldBreakdowns = cells
            .Where(c => c.Dimension != SegmentDimension.Total && c.HasSmallAtom)
            .Select(c => (c.Metric, c.PeriodStart, c.Dimension))
            .ToHashSet();
        foreach (var cell in cells)
        {
            if (cell.HasSmallAtom)
            {
                yield return Withheld(cell, TooFewAnswers(cell.Threshold));
            }
            else if (withheldBreakdowns.Contains((cell.Metric, cell.PeriodStart, cell.Dimension)))
            {
                yield return Withheld(cell, RevealsAnotherSegment);
            }
            else
            {
                yield return new PeriodValue(cell.Metric, cell.PeriodStart, cell.Dimension, cell.Segment, cell.Value, cell.Answers, cell.Ignored, null);
            }
        }
    }

    private static PeriodValue Withheld(SurveyCell cell, string reason) =>
        new(cell.Metric, cell.PeriodStart, cell.Dimension, cell.Segment, null, null, null, reason);
}
