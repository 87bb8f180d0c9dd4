using System.Collections.Immutable;
using CxRox.Api.Scores;
using CxRox.Engine.Evaluation;

namespace CxRox.Api.Summaries;

/// <summary>
/// Findings against the periods before, so that a problem that persists is reported as such and
/// not as news every period. A finding is identified by the rule that raised it: its message
/// changes with the values it quotes.
/// </summary>
public static class SummaryFindings
{
    /// <param name="run">The summarised period and the consecutive ones before it, newest first.</param>
    public static ImmutableArray<TrackedFinding> Track(IReadOnlyList<ScoreDocument> run, ScorecardPresentation presentation)
    {
        var fired = run.Select(d => d.Findings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal)).ToList();

        // Periods in a row, from run[from] backwards, in which the rule fired.
        int Streak(string ruleId, int from)
        {
            var periods = 0;
            for (var i = from; i < fired.Count && fired[i].Contains(ruleId); i++)
            {
                periods++;
            }
            return periods;
        }

        TrackedFinding Tracked(Finding finding, FindingState state, int periods) => new(
            finding.RuleId, presentation.RuleName(finding.RuleId), finding.Severity, finding.Message, finding.Action, state, periods);

        // Most severe first; the order the rules fired in otherwise (OrderBy is stable).
        var current = run[0].Findings
            .OrderByDescending(f => f.Severity)
            .Select(f => Streak(f.RuleId, 0) is var periods && periods > 1
                ? Tracked(f, FindingState.Continuing, periods)
                : Tracked(f, FindingState.New, 1));
        var resolved = run.Count < 2
            ? []
            : run[1].Findings
                .Where(f => !fired[0].Contains(f.RuleId))
                .OrderByDescending(f => f.Severity)
                .Select(f => Tracked(f, FindingState.Resolved, Streak(f.RuleId, 1)));
        return [.. current.Concat(resolved)];
    }
}
