using CxRox.Engine.Binding;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Time;

namespace CxRox.Api.Scores;

/// <summary>A period in the organization's time zone: first and last day, and whether it was still running (to date).</summary>
public sealed record ScorePeriod(DateOnly Start, DateOnly End, bool Partial)
{
    public DateOnly EndExclusive => End.AddDays(1);
}

/// <summary>Which periods a request means, in the organization's time zone (docs/domain.md, Periods).</summary>
public static class ScorePeriods
{
    /// <summary>The longest range one request may ask for (ten years of weeks).</summary>
    public const int MaxPeriods = 530;

    /// <summary>
    /// The periods holding the days from <paramref name="from"/> to <paramref name="to"/>, oldest
    /// first, at most <see cref="MaxPeriods"/> (null when there would be more). A period that has
    /// not ended by <paramref name="today"/> is partial.
    /// </summary>
    public static IReadOnlyList<ScorePeriod>? Range(ScorecardPeriod unit, DateOnly from, DateOnly to, DateOnly today)
    {
        var periods = new List<ScorePeriod>();
        for (var start = PeriodCalendar.Start(unit, from); start <= to; start = PeriodCalendar.Next(unit, start))
        {
            if (periods.Count == MaxPeriods)
            {
                return null;
            }
            var end = PeriodCalendar.End(unit, start);
            periods.Add(new ScorePeriod(start, end, end >= today));
        }
        return periods;
    }

    /// <summary>
    /// Why a range is longer than one run of <paramref name="compiled"/> may be
    /// (<see cref="CompiledScorecard.MaxRunPeriods"/>, from the engine's ScorecardBudget).
    /// </summary>
    public static string OverBudget(CompiledScorecard compiled, int asked) =>
        FormattableString.Invariant($"The range holds {asked:N0} periods, but one preview or recompute of this scorecard may cover at most {compiled.MaxRunPeriods:N0}: ")
        + FormattableString.Invariant($"each period evaluates {compiled.Bound.ExpressionNodes:N0} expression nodes and {compiled.Scorecard.Metrics.Length:N0} metrics, ")
        + FormattableString.Invariant($"and {compiled.LeadInPeriods:N0} earlier periods are evaluated first for the history functions ")
        + FormattableString.Invariant($"(the budget is {ScorecardBudget.MaxNodeEvaluationsPerRun:N0} node evaluations and {ScorecardBudget.MaxMetricPeriodsPerRun:N0} metric results a run). ")
        + "Ask for a shorter range, in several requests.";

    /// <summary>What a recompute covers unless told: the last complete period and the current, partial one.</summary>
    public static (DateOnly From, DateOnly To) DefaultRange(ScorecardPeriod unit, DateOnly today) =>
        (PeriodCalendar.Previous(unit, PeriodCalendar.Start(unit, today)), today);
}
