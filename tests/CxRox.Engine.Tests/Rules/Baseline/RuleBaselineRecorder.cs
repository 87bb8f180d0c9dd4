using System.Collections.Immutable;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Tests.Rules.Baseline;

/// <summary>What the rules made of one period (1-based): its result, or the loop that stopped them.</summary>
/// <param name="HistoryRestarted">The first period evaluated after a loop: it has no earlier periods to read.</param>
internal sealed record PeriodOutcome(int Period, bool HistoryRestarted, EvaluationResult? Result, RuleLoopException? Loop);

/// <summary>
/// Evaluates a series of periods the way a recompute does (<see cref="CompiledScorecard.EvaluateSeries"/>)
/// and keeps every period's outcome. A loop ends a series with nothing returned, so the series is
/// run again up to the looping period to keep the periods before it, the loop is recorded, and the
/// evaluation goes on from the next period as a new series without history.
/// </summary>
internal static class RuleBaselineRecorder
{
    public static ImmutableArray<PeriodOutcome> Run(CompiledScorecard scorecard, IReadOnlyList<PeriodInputs> periods)
    {
        var outcomes = ImmutableArray.CreateBuilder<PeriodOutcome>(periods.Count);
        var start = 0;
        while (start < periods.Count)
        {
            ImmutableArray<EvaluationResult> results;
            RuleLoopException? loop = null;
            try
            {
                results = scorecard.EvaluateSeries(Slice(periods, start, periods.Count));
            }
            catch (RuleLoopException)
            {
                (results, loop) = UntilLoop(scorecard, periods, start);
            }
            for (var i = 0; i < results.Length; i++)
            {
                outcomes.Add(new PeriodOutcome(start + i + 1, start > 0 && i == 0, results[i], null));
            }
            if (loop is null)
            {
                break;
            }
            var looping = start + results.Length;
            outcomes.Add(new PeriodOutcome(looping + 1, start > 0 && results.Length == 0, null, loop));
            start = looping + 1;
        }
        return outcomes.ToImmutable();
    }

    /// <summary>The results of the periods from <paramref name="start"/> up to the first that loops, and that loop.</summary>
    private static (ImmutableArray<EvaluationResult> Results, RuleLoopException Loop) UntilLoop(
        CompiledScorecard scorecard, IReadOnlyList<PeriodInputs> periods, int start)
    {
        ImmutableArray<EvaluationResult> results = [];
        for (var end = start + 1; end <= periods.Count; end++)
        {
            try
            {
                results = scorecard.EvaluateSeries(Slice(periods, start, end));
            }
            catch (RuleLoopException loop)
            {
                return (results, loop);
            }
        }
        throw new InvalidOperationException("The series looped as a whole but none of its beginnings did.");
    }

    private static PeriodInputs[] Slice(IReadOnlyList<PeriodInputs> periods, int start, int end) =>
        [.. Enumerable.Range(start, end - start).Select(i => periods[i])];
}
