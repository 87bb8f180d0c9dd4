using CxRox.Engine.Compilation;
using CxRox.Engine.Model;

namespace CxRox.Engine.Scoring;

/// <summary>A metric value against its floor, target and thresholds (docs/domain.md, "Scores, status and the ROX index").</summary>
public static class MetricScorer
{
    /// <summary>
    /// 0 at the floor, 100 at the target, linear between and clamped outside. The one formula
    /// serves both directions: for lower-is-better the target lies below the floor.
    /// </summary>
    public static double Score(double value, MetricScoring scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        return double.IsNaN(value)
            ? double.NaN
            : Math.Clamp(100 * (value - scoring.Floor) / (scoring.Target - scoring.Floor), 0, 100);
    }

    /// <summary>Green at or beyond the green threshold, amber at or beyond amber, else red; encoded per <see cref="StatusEncoding"/>.</summary>
    public static double Status(double value, MetricScoring scoring, MetricDirection direction)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        if (double.IsNaN(value))
        {
            return StatusEncoding.Missing;
        }
        var higher = direction == MetricDirection.HigherIsBetter;
        if (higher ? value >= scoring.Green : value <= scoring.Green)
        {
            return StatusEncoding.Green;
        }
        return (higher ? value >= scoring.Amber : value <= scoring.Amber) ? StatusEncoding.Amber : StatusEncoding.Red;
    }
}
