using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

/// <summary>What reading a scorecard document produced.</summary>
/// <param name="Scorecard">The model; null when any error was found.</param>
/// <param name="Diagnostics">Every problem found, in document order.</param>
/// <param name="Expressions">Every expression in the document (formulas, rule conditions, message holes,
/// the ROX return), in document order, for the expression language to bind; present even with errors.</param>
public sealed record ScorecardReadResult(Scorecard? Scorecard, ImmutableArray<ScorecardDiagnostic> Diagnostics, ImmutableArray<ExpressionSource> Expressions)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The scorecard with its expressions bound: set exactly when <see cref="Scorecard"/> is.</summary>
    public BoundScorecard? Bound { get; init; }
}

/// <summary>Reads a scorecard document (schemaVersion 1) and checks it, reporting every problem at once.</summary>
public static class ScorecardReader
{
    public static ScorecardReadResult Read(string json, ScorecardLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= ScorecardLimits.Default;
        var diagnostics = new DiagnosticBag();
        var root = SourceDocument.Parse(json, limits, diagnostics);
        Scorecard? scorecard = null;
        BoundScorecard? bound = null;
        var expressions = ImmutableArray<ExpressionSource>.Empty;
        if (root is not null)
        {
            var mapper = new ScorecardMapper(diagnostics, limits);
            scorecard = mapper.Map(root);
            expressions = [.. mapper.Expressions.OrderBy(e => e.Start.Line).ThenBy(e => e.Start.Column)];
            // Bound even when the structure has errors, so that one pass reports everything.
            bound = scorecard is null ? null : ScorecardBinder.Bind(scorecard, expressions, mapper.WrittenMetricIds, diagnostics);
            if (bound is not null && !diagnostics.HasErrors)
            {
                ScorecardLint.Check(bound, expressions, root, diagnostics);
            }
        }

        var ordered = diagnostics.Items.OrderBy(d => d.Line).ThenBy(d => d.Column).ToImmutableArray();
        return diagnostics.HasErrors
            ? new ScorecardReadResult(null, ordered, expressions)
            : new ScorecardReadResult(scorecard, ordered, expressions) { Bound = bound };
    }
}
