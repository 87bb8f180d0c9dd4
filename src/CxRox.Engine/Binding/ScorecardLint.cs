using System.Collections.Immutable;
using CxRox.Engine.Model;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Binding;

/// <summary>
/// The lint tier (SC100-SC105): what the format allows but a consultant most likely did not mean.
/// Only warnings, so a PUT is never refused for them; they come back with validate and PUT. Run
/// on a scorecard without errors, when every expression is bound, so no warning stands on a guess.
/// </summary>
internal static partial class ScorecardLint
{
    public static void Check(BoundScorecard bound, ImmutableArray<ExpressionSource> expressions, SourceNode root, DiagnosticBag diagnostics)
    {
        var scorecard = bound.Scorecard;
        var places = new DocumentPlaces(root);
        CheckFacts(scorecard, bound, expressions, places, diagnostics);
        CheckUnscoredStatus(scorecard, bound, expressions, places, diagnostics);
        CheckSurveyTargets(scorecard, places, diagnostics);
        CheckPctChangeComparisons(expressions, diagnostics);
        CheckCurrencies(scorecard, places, diagnostics);
    }

    /// <summary>SC100 and SC101: facts asserted for nothing, and rules that only read what they assert themselves.</summary>
    private static void CheckFacts(
        Scorecard scorecard, BoundScorecard bound, ImmutableArray<ExpressionSource> expressions, DocumentPlaces places, DiagnosticBag diagnostics)
    {
        var read = expressions.SelectMany(e => bound.Reads(e).Facts).ToHashSet(StringComparer.Ordinal);
        var asserters = scorecard.Rules
            .SelectMany(rule => rule.Then.OfType<AssertAction>().Select(action => (Rule: rule, Action: action)))
            .ToLookup(a => a.Action.Fact, StringComparer.Ordinal);
        foreach (var fact in scorecard.AssertedFacts.Where(f => !read.Contains(f)))
        {
            var (rule, action) = asserters[fact].First();
            diagnostics.Report(ScorecardDiagnostics.FactNeverRead, places.At(action.Location, "assert"),
                $"Rule '{rule.Id}' asserts fact '{fact}', but no rule condition or message reads fact.{fact}, so asserting it changes nothing. "
                + $"Read it in another rule (\"when\": \"fact.{fact} and ...\"), or remove the assert.");
        }

        foreach (var rule in scorecard.Rules)
        {
            var reads = bound.Reads(rule.When);
            var readsOnlyFacts = reads.CurrentMetrics.IsEmpty && reads.HistoryMetrics.IsEmpty
                && reads.CurrentPillars.IsEmpty && reads.HistoryPillars.IsEmpty && !reads.Facts.IsEmpty;
            if (readsOnlyFacts && reads.Facts.All(f => asserters[f].All(a => a.Rule.Id == rule.Id)))
            {
                var facts = string.Join(", ", reads.Facts.Select(f => $"fact.{f}"));
                diagnostics.Report(ScorecardDiagnostics.RuleReadsOnlyItsOwnFact, rule.When.Pointer, rule.When.Start,
                    $"Rule '{rule.Id}' reads only {facts}, which no rule but itself asserts: its condition depends on nothing but its own action, "
                    + "so it does the same every period whatever the metrics say. Make the condition read a metric.");
            }
        }
    }

    /// <summary>SC102: a status or score asked of a metric that has none (no floor, target and thresholds).</summary>
    private static void CheckUnscoredStatus(
        Scorecard scorecard, BoundScorecard bound, ImmutableArray<ExpressionSource> expressions, DocumentPlaces places, DiagnosticBag diagnostics)
    {
        var unscored = scorecard.Metrics.Where(m => m.Scoring is null).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        if (unscored.Count == 0)
        {
            return;
        }

        var statusSetByRule = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in scorecard.Rules)
        {
            foreach (var action in rule.Then.OfType<SetStatusAction>().Where(a => unscored.Contains(a.Metric)))
            {
                statusSetByRule.Add(action.Metric);
                diagnostics.Report(ScorecardDiagnostics.UnscoredMetricStatus, places.At(action.Location, "metric"),
                    $"Rule '{rule.Id}' sets the status of metric '{action.Metric}', which is not scored (no floor, target and thresholds), "
                    + "so it has no status of its own for the rule to override. Score the metric, or report a finding instead.");
            }
        }

        foreach (var source in expressions)
        {
            // History functions copy their reads into every period they look at; one warning each.
            var reported = new HashSet<(ReadTarget, string)>();
            foreach (var read in BoundTree.Reads(bound.Expression(source)))
            {
                var asksScore = read.Target == ReadTarget.MetricScore;
                var asksStatus = read.Target == ReadTarget.MetricStatus && !statusSetByRule.Contains(read.Id);
                if ((asksScore || asksStatus) && unscored.Contains(read.Id) && reported.Add((read.Target, read.Id)))
                {
                    var function = asksScore ? "score" : "status";
                    ScorecardBinder.ReportInExpression(diagnostics, source, ScorecardDiagnostics.UnscoredMetricStatus.Code, DiagnosticSeverity.Warning,
                        $"Metric '{read.Id}' is not scored (no floor, target and thresholds), so {function}({read.Id}) is always missing. "
                        + $"Score the metric, or read its value ({read.Id}) instead.",
                        read.Span);
                }
            }
        }
    }

    /// <summary>Finds the document place of a property inside a model element, for warnings about a single value.</summary>
    private sealed class DocumentPlaces(SourceNode root)
    {
        /// <summary>The property <paramref name="name"/> of the object at <paramref name="location"/>, or that object when it is not written there (as with a value a definition supplies).</summary>
        public SourceLocation At(SourceLocation location, string name) =>
            Find(location.Pointer) is SourceObject owner && owner.Find(name) is { } property
                ? new SourceLocation(property.Pointer, property.Value.Start)
                : location;

        /// <summary>The element at <paramref name="pointer"/>, or the document when it is not there.</summary>
        public SourceLocation Of(string pointer) =>
            Find(pointer) is { } node ? new SourceLocation(node.Pointer, node.Start) : new SourceLocation("", root.Start);

        private SourceNode? Find(string pointer)
        {
            var node = root;
            foreach (var token in pointer.Split('/').Skip(1))
            {
                var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node switch
                {
                    SourceObject o => o.Find(name)?.Value,
                    SourceArray a when int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Items.Length => a.Items[i],
                    _ => null,
                };
                if (node is null)
                {
                    return null;
                }
            }

            return node;
        }
    }
}
