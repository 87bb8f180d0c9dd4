using System.Collections.Immutable;
using System.Globalization;
using CxRox.Api.Data;
using CxRox.Api.Scores;
using CxRox.Engine.Model;

namespace CxRox.Api.Summaries;

/// <summary>
/// Builds the summary of one complete period from its scores and the periods before it. No I/O,
/// so that what a summary says can be tested on a history written by hand.
/// </summary>
public static class SummaryBuilder
{
    /// <summary>Periods before the summarised one that a summary reads: for changes, streaks of findings and sparklines.</summary>
    public const int HistoryPeriods = 12;

    /// <summary>Points of a sparkline, the summarised period included.</summary>
    public const int TrendPeriods = 12;

    /// <summary>Improvements and deteriorations listed, each.</summary>
    public const int Movers = 3;

    /// <param name="current">The period to summarise; it must be complete and of a stored version.</param>
    /// <param name="history">Up to <see cref="HistoryPeriods"/> earlier periods of the same version, oldest first.</param>
    /// <param name="counts">Answers and observations in the period.</param>
    public static SummaryDocument Build(ScoreDocument current, IReadOnlyList<ScoreDocument> history, DataCounts counts, ScorecardPresentation presentation)
    {
        if (current.Period.Partial)
        {
            throw new ArgumentException(
                $"The {current.Period.Unit} from {current.Period.Start:yyyy-MM-dd} has not ended; only complete periods get a summary.", nameof(current));
        }
        var version = current.Version ?? throw new ArgumentException("A draft's scores get no summary; only a stored version's do.", nameof(current));

        var run = ConsecutiveRun(current, history);
        var previous = run.Count > 1 ? run[1] : null;
        var before = previous?.Metrics.ToDictionary(m => m.Id) ?? [];
        var moves = Moves(current, before, presentation).ToList();

        return new SummaryDocument(
            current.Scorecard,
            presentation.ScorecardName,
            version,
            current.ContentHash,
            current.Period,
            previous?.Period,
            current.ComputedAt,
            Indicator(current.Rox.Name, current.Rox.Index, previous?.Rox.Index, presentation.IndexFormat ?? DisplayText.Score),
            current.Rox.Return is { } roxReturn
                ? Indicator(roxReturn.Name, roxReturn.Value, previous?.Rox.Return?.Value, presentation.ReturnFormat)
                : null,
            [.. current.Pillars.Select(p =>
            {
                var earlier = previous?.Pillars.FirstOrDefault(x => x.Id == p.Id)?.Score;
                return new PillarChange(p.Id, p.Name, p.Kind, p.Weight, p.Score, earlier, Difference(p.Score, earlier));
            })],
            [.. moves.Where(m => m.ScoreChange > 0).OrderByDescending(m => m.ScoreChange).Take(Movers)],
            [.. moves.Where(m => m.ScoreChange < 0).OrderBy(m => m.ScoreChange).Take(Movers)],
            [.. current.Metrics.Where(m => m.Status == MetricStatus.Red).Select(m => Red(m, before.GetValueOrDefault(m.Id), presentation))],
            SummaryFindings.Track(run, presentation),
            Heatmap(current.Metrics),
            Coverage(current, counts),
            Trend(run));
    }

    /// <summary>
    /// The summarised period and the ones just before it, newest first, as far back as they follow
    /// each other without a gap: a period that was never computed ends every comparison and streak.
    /// </summary>
    private static List<ScoreDocument> ConsecutiveRun(ScoreDocument current, IReadOnlyList<ScoreDocument> history)
    {
        var earlier = history.Where(h => h.Period.Start < current.Period.Start).OrderByDescending(h => h.Period.Start).ToList();
        var run = new List<ScoreDocument> { current };
        foreach (var document in earlier)
        {
            if (run.Count > HistoryPeriods || document.Period.End.AddDays(1) != run[^1].Period.Start)
            {
                break;
            }
            run.Add(document);
        }
        return run;
    }

    private static IndicatorChange Indicator(string name, double? value, double? previous, DisplayFormat? format)
    {
        var change = Difference(value, previous);
        return new IndicatorChange(name, value, previous, change, DisplayText.Value(value, format), DisplayText.Change(change, format));
    }

    /// <summary>
    /// value - previous to twelve significant digits: what the subtraction means, without the
    /// binary noise (60.02 - 59.7 is 0.32, not 0.3200000000000003) in the JSON.
    /// </summary>
    private static double? Difference(double? value, double? previous) =>
        value - previous is { } difference ? double.Parse(difference.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;

    /// <summary>Score changes of scored metrics present in both periods, in the scorecard's order; a change that shows as 0.0 is no move.</summary>
    private static IEnumerable<MetricMove> Moves(ScoreDocument current, Dictionary<string, MetricDocument> before, ScorecardPresentation presentation)
    {
        foreach (var metric in current.Metrics)
        {
            if (metric is { Score: { } score, Value: { } value }
                && before.GetValueOrDefault(metric.Id) is { Score: { } scoreBefore, Value: { } valueBefore }
                && Math.Round(score - scoreBefore, 1) != 0)
            {
                var format = presentation.FormatOf(metric.Id);
                yield return new MetricMove(
                    metric.Id, metric.Name, metric.Pillar, valueBefore, value, scoreBefore, score, Difference(score, scoreBefore)!.Value,
                    DisplayText.Value(valueBefore, format), DisplayText.Value(value, format));
            }
        }
    }

    private static RedMetric Red(MetricDocument metric, MetricDocument? before, ScorecardPresentation presentation)
    {
        var format = presentation.FormatOf(metric.Id);
        var change = Difference(metric.Value, before?.Value);
        return new RedMetric(
            metric.Id, metric.Name, metric.Pillar, metric.Tags.Touchpoint, metric.Value, metric.Target, change, metric.Score,
            DisplayText.Value(metric.Value, format),
            metric.Target is null ? null : DisplayText.Value(metric.Target, format),
            DisplayText.Change(change, format),
            metric.StatusOverride is { } set ? new StatusSetByRule(set.RuleId, presentation.RuleName(set.RuleId), set.From, set.Reason) : null);
    }

    /// <summary>
    /// Metrics with a status go under it (a status a rule set counts, even on a missing value);
    /// scored metrics without one are missing. Unscored inputs have no status to show.
    /// </summary>
    private static ImmutableArray<HeatmapRow> Heatmap(ImmutableArray<MetricDocument> metrics)
    {
        var rows = new List<(string? Touchpoint, List<MetricName>[] Cells)>();
        foreach (var metric in metrics)
        {
            int? column = metric.Status switch
            {
                MetricStatus.Green => 0,
                MetricStatus.Amber => 1,
                MetricStatus.Red => 2,
                _ => metric.Missing is not null && metric.Target is not null ? 3 : null,
            };
            if (column is not { } cell)
            {
                continue;
            }
            var touchpoint = metric.Tags.Touchpoint;
            var row = rows.FindIndex(r => r.Touchpoint == touchpoint);
            if (row < 0)
            {
                rows.Add((touchpoint, [[], [], [], []]));
                row = rows.Count - 1;
            }
            rows[row].Cells[cell].Add(new MetricName(metric.Id, metric.Name));
        }
        return [.. rows.OrderBy(r => r.Touchpoint is null).Select(r => new HeatmapRow(r.Touchpoint, [.. r.Cells[0]], [.. r.Cells[1]], [.. r.Cells[2]], [.. r.Cells[3]]))];
    }

    private static SummaryCoverage Coverage(ScoreDocument current, DataCounts counts)
    {
        var roxWeight = current.Rox.WeightPresent + current.Rox.WeightMissing;
        return new SummaryCoverage(
            current.Metrics.Length,
            current.Metrics.Count(m => m.Value is not null),
            [.. current.Metrics.Where(m => m.Missing is not null).Select(m => new MissingMetric(m.Id, m.Name, m.Pillar, m.Missing!.Value))],
            counts.Answers,
            counts.Observations,
            roxWeight > 0 ? current.Rox.WeightMissing / roxWeight : 0);
    }

    private static SummaryTrend Trend(List<ScoreDocument> run)
    {
        var periods = Enumerable.Reverse(run).TakeLast(TrendPeriods).ToList();
        var current = run[0];
        return new SummaryTrend(
            [.. periods.Select(p => p.Period)],
            [.. periods.Select(p => p.Rox.Index)],
            [.. current.Pillars.Select(pillar => new PillarSeries(
                pillar.Id, pillar.Name, [.. periods.Select(p => p.Pillars.FirstOrDefault(x => x.Id == pillar.Id)?.Score)]))]);
    }
}
