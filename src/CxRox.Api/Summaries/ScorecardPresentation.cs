using System.Collections.Immutable;
using CxRox.Engine.Model;

namespace CxRox.Api.Summaries;

/// <summary>
/// What a summary takes from the scorecard beyond the scores: its name, the rules' names, and
/// how its values are shown (score documents carry neither).
/// </summary>
public sealed record ScorecardPresentation(
    string ScorecardName,
    DisplayFormat? IndexFormat,
    DisplayFormat? ReturnFormat,
    ImmutableDictionary<string, DisplayFormat> MetricFormats,
    ImmutableDictionary<string, string> RuleNames)
{
    public static ScorecardPresentation From(Scorecard scorecard) => new(
        scorecard.Name,
        scorecard.Rox.Index.Format,
        scorecard.Rox.Return?.Format,
        scorecard.Metrics.Where(m => m.Format is not null).ToImmutableDictionary(m => m.Id, m => m.Format!),
        scorecard.Rules.ToImmutableDictionary(r => r.Id, r => r.Name));

    public DisplayFormat? FormatOf(string metricId) => MetricFormats.GetValueOrDefault(metricId);

    public string RuleName(string ruleId) => RuleNames.GetValueOrDefault(ruleId, ruleId);
}
