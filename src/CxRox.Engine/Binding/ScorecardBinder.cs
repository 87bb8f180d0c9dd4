using System.Collections.Immutable;
using CxRox.Engine.Model;
using CxRox.Engine.Syntax;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Binding;

/// <summary>
/// Binds every expression of a scorecard (formulas, rule conditions, message holes, the ROX
/// return) to the scorecard's layout and checks what only the whole scorecard shows: formulas
/// that depend on each other in a circle, reads a role may not make, and metrics nothing uses.
/// Expression errors become scorecard diagnostics at their exact place in the document.
/// </summary>
internal static class ScorecardBinder
{
    public static BoundScorecard Bind(
        Scorecard scorecard, ImmutableArray<ExpressionSource> expressions, IEnumerable<string> writtenMetricIds, DiagnosticBag diagnostics)
    {
        var layout = new ScorecardLayout(scorecard, writtenMetricIds);
        var bindings = new Dictionary<ExpressionSource, BindingResult>(ReferenceEqualityComparer.Instance);
        var parsed = expressions.Select(source => (Source: source, Parse: ExpressionParser.Parse(source.Text))).ToList();
        // Binding copies history functions' arguments; over budget, nothing is bound, so refusing
        // a runaway draft allocates no more than its syntax.
        var withinBudget = ScorecardBudget.Check(scorecard, [.. parsed.Where(p => p.Parse.Succeeded).Select(p => (p.Source, p.Parse.Root))], diagnostics);
        foreach (var (source, parse) in parsed)
        {
            if (parse.Succeeded && !withinBudget)
            {
                continue;
            }
            var result = parse.Succeeded
                ? ExpressionBinder.Bind(parse.Root, layout.Scope, ExpectedKind(source.Role))
                : ExpressionBinder.Unparsed(parse, layout.Scope);
            bindings[source] = result;
            foreach (var diagnostic in result.Diagnostics)
            {
                Report(diagnostics, source, diagnostic);
            }
            if (result.Succeeded)
            {
                CheckRoleReads(source, result.Reads, diagnostics);
            }
        }

        var formulaOrder = FormulaGraph.Order(scorecard, bindings, diagnostics);
        // While there are errors, a metric may only look unused because what reads it is broken.
        if (!diagnostics.HasErrors)
        {
            WarnUnusedMetrics(scorecard, bindings.Values, diagnostics);
        }
        return new BoundScorecard(scorecard, layout, bindings, formulaOrder, LeadIn.Periods(scorecard, bindings));
    }

    private static ValueKind? ExpectedKind(ExpressionRole role) => role switch
    {
        ExpressionRole.MetricFormula or ExpressionRole.RoxReturn => ValueKind.Number,
        ExpressionRole.RuleCondition => ValueKind.Boolean,
        ExpressionRole.MessageHole => null,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>
    /// Formulas and the ROX return are computed before pillars are rolled up and before rules run,
    /// so this period's pillar scores and the facts rules assert are not there yet for them.
    /// </summary>
    private static void CheckRoleReads(ExpressionSource source, ExpressionReads reads, DiagnosticBag diagnostics)
    {
        if (source.Role == ExpressionRole.MetricFormula && !reads.CurrentPillars.IsEmpty)
        {
            var pillar = reads.CurrentPillars[0];
            diagnostics.Report(ScorecardDiagnostics.PillarReadInFormula, source.Pointer, source.Start,
                $"This formula reads this period's score of pillar '{pillar}', which is computed from the metrics themselves. "
                + $"Read an earlier period instead, such as prev(pillar.{pillar}).");
        }
        if (source.Role is ExpressionRole.MetricFormula or ExpressionRole.RoxReturn && !reads.Facts.IsEmpty)
        {
            diagnostics.Report(ScorecardDiagnostics.FactReadOutsideRules, source.Pointer, source.Start,
                $"This formula reads fact '{reads.Facts[0]}', but facts are asserted by rules, which run after every formula. Only rule conditions and messages can read facts.");
        }
    }

    private static void WarnUnusedMetrics(Scorecard scorecard, IEnumerable<BindingResult> bindings, DiagnosticBag diagnostics)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reads in bindings.Select(b => b.Reads))
        {
            read.UnionWith(reads.CurrentMetrics);
            read.UnionWith(reads.HistoryMetrics);
        }
        var statusTargets = scorecard.Rules.SelectMany(r => r.Then).OfType<SetStatusAction>().Select(a => a.Metric).ToHashSet(StringComparer.Ordinal);
        var pillarWeights = scorecard.Pillars.ToDictionary(p => p.Id, p => p.Weight, StringComparer.Ordinal);
        foreach (var metric in scorecard.Metrics)
        {
            var contributes = metric.Scoring is { Weight: > 0 } && pillarWeights.GetValueOrDefault(metric.Pillar) > 0;
            if (!contributes && !read.Contains(metric.Id) && !statusTargets.Contains(metric.Id))
            {
                diagnostics.Report(ScorecardDiagnostics.UnusedMetric, metric.Location,
                    $"Metric '{metric.Id}' adds nothing: it carries no weight in a weighted pillar and no formula, rule or ROX return reads it. "
                    + "Give it a weight, use it, or remove it.");
            }
        }
    }

    private static void Report(DiagnosticBag diagnostics, ExpressionSource source, ExpressionDiagnostic diagnostic) =>
        ReportInExpression(diagnostics, source, diagnostic.Code, DiagnosticSeverity.Error, diagnostic.Message, diagnostic.Span);

    /// <summary>Reports a diagnostic about part of an expression, at that part's document position, with a caret excerpt.</summary>
    internal static void ReportInExpression(
        DiagnosticBag diagnostics, ExpressionSource source, string code, DiagnosticSeverity severity, string message, TextSpan span)
    {
        var start = Math.Clamp(span.Start, 0, source.Text.Length);
        diagnostics.Report(
            new ScorecardDiagnostic(code, severity, source.Pointer, 0, 0, message)
            {
                ExpressionColumn = start + 1,
                Excerpt = DiagnosticExcerpt.Render(source.Text, span),
            },
            source.PositionAt(start));
    }
}
