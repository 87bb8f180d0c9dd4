using System.Collections.Immutable;
using System.Globalization;
using CxRox.Engine.Model;
using CxRox.Engine.Syntax;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Binding;

/// <summary>The lint checks about numbers and units: survey targets, pct_change thresholds, currency codes.</summary>
internal static partial class ScorecardLint
{
    /// <summary>
    /// SC103: the values a survey aggregate can take (docs/domain.md): NPS in points from -100 to
    /// 100, CSAT and top-box a share from 0 to 100, CES and the mean an answer on the scale.
    /// </summary>
    private static void CheckSurveyTargets(Scorecard scorecard, DocumentPlaces places, DiagnosticBag diagnostics)
    {
        foreach (var metric in scorecard.Metrics)
        {
            if (metric is not { Source: SurveySource survey, Scoring: { } scoring } || Range(survey) is not { } range)
            {
                continue;
            }

            foreach (var (name, value) in new[] { ("target", scoring.Target), ("floor", scoring.Floor) })
            {
                var place = places.At(metric.Location, name);
                if (value < range.Low || value > range.High)
                {
                    diagnostics.Report(ScorecardDiagnostics.TargetOutsideScale, place,
                        $"The {name} of metric '{metric.Id}' is {Show(value)}, but {range.Meaning}, so the metric can never reach it.");
                }
                else if (range.IsShare && value != 0 && Math.Abs(value) < 1)
                {
                    diagnostics.Report(ScorecardDiagnostics.TargetOutsideScale, place,
                        $"The {name} of metric '{metric.Id}' is {Show(value)}, but {range.Meaning} ({Show(value * 100)} means {Show(value * 100)} %), "
                        + $"so {Show(value)} is less than one percent. Did you mean {Show(value * 100)}?");
                }
            }
        }
    }

    private sealed record ValueRange(double Low, double High, bool IsShare, string Meaning);

    private static ValueRange? Range(SurveySource survey) => survey.Aggregate switch
    {
        SurveyAggregate.Nps => new(-100, 100, true, "an NPS is in points from -100 to 100"),
        SurveyAggregate.Csat => new(0, 100, true, "CSAT is the share of satisfied answers from 0 to 100"),
        SurveyAggregate.TopBox => new(0, 100, true, "a top-box score is the share of top answers from 0 to 100"),
        SurveyAggregate.Ces or SurveyAggregate.Mean => new(survey.Scale.From, survey.Scale.To, false,
            $"the mean answer lies on the survey's scale from {survey.Scale.From} to {survey.Scale.To}"),
        _ => null,
    };

    /// <summary>SC104: pct_change gives a fraction (0.05 for +5 %), so "pct_change(x) &gt; 5" asks for +500 %.</summary>
    private static void CheckPctChangeComparisons(ImmutableArray<ExpressionSource> expressions, DiagnosticBag diagnostics)
    {
        foreach (var source in expressions)
        {
            foreach (var (literal, value) in WholeNumbersComparedWithPctChange(ExpressionParser.Parse(source.Text).Root))
            {
                ScorecardBinder.ReportInExpression(diagnostics, source, ScorecardDiagnostics.PctChangeWholeNumber.Code, DiagnosticSeverity.Warning,
                    $"pct_change gives a fraction (0.05 is a change of 5 %), so comparing it with {Show(value)} asks for a change of {Show(value * 100)} %. "
                    + $"Write {Show(value)}% or {Show(value / 100)} if {Show(value)} % was meant.",
                    literal.Span);
            }
        }
    }

    private static IEnumerable<(ExpressionSyntax Literal, double Value)> WholeNumbersComparedWithPctChange(ExpressionSyntax root)
    {
        var pending = new Stack<ExpressionSyntax>([root]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case BinarySyntax binary:
                    if (IsComparison(binary.Operator) && WholeNumberAgainstPctChange(binary) is { } found)
                    {
                        yield return found;
                    }

                    pending.Push(binary.Left);
                    pending.Push(binary.Right);
                    break;
                case UnarySyntax unary:
                    pending.Push(unary.Operand);
                    break;
                case CallSyntax call:
                    foreach (var argument in call.Arguments)
                    {
                        pending.Push(argument);
                    }

                    break;
            }
        }
    }

    private static (ExpressionSyntax Literal, double Value)? WholeNumberAgainstPctChange(BinarySyntax comparison)
    {
        if (IsPctChange(comparison.Left) && WholeNumber(comparison.Right) is { } right)
        {
            return (comparison.Right, right);
        }

        return IsPctChange(comparison.Right) && WholeNumber(comparison.Left) is { } left ? (comparison.Left, left) : null;
    }

    private static bool IsComparison(BinaryOperator op) =>
        op is BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual
            or BinaryOperator.Equal or BinaryOperator.NotEqual;

    // pct_change(x), also as -pct_change(x) or abs(pct_change(x)).
    private static bool IsPctChange(ExpressionSyntax syntax) => syntax switch
    {
        CallSyntax { Name: "pct_change" } => true,
        CallSyntax { Name: "abs", Arguments: [var inner] } => IsPctChange(inner),
        UnarySyntax { Operator: UnaryOperator.Negate, Operand: var inner } => IsPctChange(inner),
        _ => false,
    };

    // A whole number of at least 1 written without '%': 5 or -10, not 0.05, 5% or 0.
    private static double? WholeNumber(ExpressionSyntax syntax) => syntax switch
    {
        NumberLiteralSyntax { IsPercent: false, Value: var value } when value >= 1 && value == Math.Floor(value) => value,
        UnarySyntax { Operator: UnaryOperator.Negate, Operand: var inner } => -WholeNumber(inner),
        _ => null,
    };

    /// <summary>SC105: three capital letters are read as a currency; one ISO 4217 does not know is most likely a slip.</summary>
    private static void CheckCurrencies(Scorecard scorecard, DocumentPlaces places, DiagnosticBag diagnostics)
    {
        var units = scorecard.Metrics.Select(m => (m.Unit, Subject: $"metric '{m.Id}'", Place: places.At(m.Location, "unit")));
        if (scorecard.Rox.Return is { } roxReturn)
        {
            units = units.Append((roxReturn.Unit, "the ROX return", places.At(places.Of("/rox/return"), "unit")));
        }

        foreach (var (unit, subject, place) in units)
        {
            if (CurrencyCodes.LooksLikeCurrency(unit) && !CurrencyCodes.Iso4217.Contains(unit))
            {
                var hint = CurrencyCodes.CommonMistakes.TryGetValue(unit, out var meant) ? $" Did you mean '{meant}'?" : "";
                diagnostics.Report(ScorecardDiagnostics.NotIsoCurrency, place,
                    $"The unit '{unit}' of {subject} reads as a currency code, but ISO 4217 has no currency '{unit}'.{hint} "
                    + "Write the ISO 4217 code of the currency the values are in, such as EUR or USD.");
            }
        }
    }

    private static string Show(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
