using CxRox.Engine.Model;
using CxRox.Engine.Time;

namespace CxRox.Api.Data;

/// <summary>The answers of one metric's question in one atom, segment pair and score, as summed by <see cref="SurveyAggregates"/>.</summary>
/// <param name="Metric">The metric's index in the list queried.</param>
/// <param name="Threshold">The question's minSample across the organization's versions (docs/anonymity.md).</param>
/// <param name="AtomStart">The first day of the atom: a run of local days crossing neither a Monday nor a month's first day.</param>
public readonly record struct SurveyAtom(int Metric, int Threshold, DateOnly AtomStart, string Touchpoint, string Channel, short Score, long Answers);

/// <summary>
/// Folds atoms into cells: per metric, period and segment (the total, and each touchpoint or
/// channel of a metric broken down by it), the answers on the metric's scale, those off it, and
/// whether some atom of the period holds answers but fewer than the threshold on the scale for
/// that segment (off-scale answers are people too, so such an atom is small even with none on
/// the scale). Values are computed as PostgreSQL's numeric computed them when this was SQL
/// (<see cref="NumericDivision"/>), so stored scores do not move by a bit.
/// </summary>
public static class SurveyCells
{
    public static IReadOnlyList<SurveyCell> Fold(IReadOnlyList<Metric> metrics, ScorecardPeriod period, IEnumerable<SurveyAtom> atoms)
    {
        var atomCells = new Dictionary<(int Metric, DateOnly Atom, string Dimension, string Segment), Counts>();
        foreach (var atom in atoms)
        {
            var metric = metrics[atom.Metric];
            var counts = Count((SurveySource)metric.Source, atom);
            Add(atomCells, (atom.Metric, atom.AtomStart, SegmentDimension.Total, ""), counts);
            if (metric.Tags.Touchpoint is not null)
            {
                Add(atomCells, (atom.Metric, atom.AtomStart, SegmentDimension.Touchpoint, atom.Touchpoint), counts);
            }
            if (metric.Tags.Channel is not null)
            {
                Add(atomCells, (atom.Metric, atom.AtomStart, SegmentDimension.Channel, atom.Channel), counts);
            }
        }

        var cells = new Dictionary<(int Metric, DateOnly Period, string Dimension, string Segment), Counts>();
        foreach (var ((metric, atomStart, dimension, segment), counts) in atomCells)
        {
            var key = (metric, PeriodCalendar.Start(period, atomStart), dimension, segment);
            var small = counts.Answers < counts.Threshold;
            cells[key] = cells.TryGetValue(key, out var sum)
                ? sum.Plus(counts) with { HasSmallAtom = sum.HasSmallAtom || small }
                : counts with { HasSmallAtom = small };
        }

        return [.. cells.Select(cell =>
        {
            var ((metric, periodStart, dimension, segment), counts) = cell;
            var source = (SurveySource)metrics[metric].Source;
            return new SurveyCell(metrics[metric].Id, periodStart, dimension, segment, Value(source.Aggregate, counts),
                counts.Answers, counts.Ignored, counts.Threshold, counts.HasSmallAtom);
        })];
    }

    // Band A is promoters (nps) or satisfied (csat, top_box); band B is detractors (nps).
    private static Counts Count(SurveySource source, SurveyAtom atom)
    {
        var onScale = Holds(source.Scale, atom.Score);
        return new Counts(
            Answers: onScale ? atom.Answers : 0,
            Ignored: onScale ? 0 : atom.Answers,
            ScoreSum: onScale ? checked(atom.Answers * atom.Score) : 0,
            BandA: Holds(source.Promoters ?? source.Satisfied, atom.Score) ? atom.Answers : 0,
            BandB: Holds(source.Detractors, atom.Score) ? atom.Answers : 0,
            Threshold: atom.Threshold,
            HasSmallAtom: false);
    }

    private static bool Holds(AnswerBand? band, int score) => band is { } b && score >= b.From && score <= b.To;

    private static void Add<TKey>(Dictionary<TKey, Counts> totals, TKey key, Counts counts) where TKey : notnull =>
        totals[key] = totals.TryGetValue(key, out var sum) ? sum.Plus(counts) : counts;

    /// <summary>Null when no answer is on the scale. CES and mean are both the mean answer.</summary>
    private static double? Value(SurveyAggregate aggregate, Counts counts) => counts.Answers == 0 ? null : aggregate switch
    {
        SurveyAggregate.Nps => NumericDivision.PercentToDouble(counts.BandA - counts.BandB, counts.Answers),
        SurveyAggregate.Csat or SurveyAggregate.TopBox => NumericDivision.PercentToDouble(counts.BandA, counts.Answers),
        SurveyAggregate.Count => counts.Answers,
        _ => (double)counts.ScoreSum / counts.Answers,
    };

    private readonly record struct Counts(long Answers, long Ignored, long ScoreSum, long BandA, long BandB, int Threshold, bool HasSmallAtom)
    {
        public Counts Plus(Counts other) => this with
        {
            Answers = checked(Answers + other.Answers),
            Ignored = checked(Ignored + other.Ignored),
            ScoreSum = checked(ScoreSum + other.ScoreSum),
            BandA = checked(BandA + other.BandA),
            BandB = checked(BandB + other.BandB),
        };
    }
}
