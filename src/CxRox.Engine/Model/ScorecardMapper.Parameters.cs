using System.Collections.Immutable;
using System.Globalization;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

/// <summary>
/// "parameters": named constants of the scorecard (a replacement cost, a margin) that formulas,
/// conditions and messages read by name, as they read metrics. A name is a metric's or a
/// parameter's, never both, so a formula never means two things.
/// </summary>
internal sealed partial class ScorecardMapper
{
    private ImmutableArray<ScorecardParameter> MapParameters(ObjectReader top, ImmutableArray<Metric> metrics)
    {
        if (top.Object("parameters", required: false, "{ \"replacement_cost_eur\": 6000 }") is not { } node)
        {
            return [];
        }

        var metricIds = writtenIds.Where(w => w.Kind == "metric").Select(w => w.Id).Concat(metrics.Select(m => m.Id)).ToHashSet(StringComparer.Ordinal);
        var parameters = ImmutableArray.CreateBuilder<ScorecardParameter>();
        foreach (var property in node.Properties)
        {
            var id = property.Name;
            var location = new SourceLocation(property.Pointer, property.NameStart);
            if (!Identifiers.IsSnakeCase(id))
            {
                diagnostics.Report(ScorecardDiagnostics.InvalidId, location,
                    $"The parameter name '{id}' must be snake_case: lowercase letters, digits and '_', starting with a letter, at most {Identifiers.MaxLength} characters (e.g. '{Identifiers.ToSnakeCase(id)}').");
                continue;
            }
            if (Identifiers.ReservedWords.Contains(id))
            {
                diagnostics.Report(ScorecardDiagnostics.ReservedId, location,
                    $"The parameter name '{id}' is a reserved word of the expression language; choose another, e.g. '{id}_value'.");
                continue;
            }
            if (metricIds.Contains(id))
            {
                diagnostics.Report(ScorecardDiagnostics.ParameterNamesMetric, location,
                    $"The parameter '{id}' has the id of a metric, so '{id}' in a formula would mean two things; rename the parameter (e.g. '{id}_parameter').");
                continue;
            }
            // A parameter with a wrong value still names something, so expressions reading it raise
            // nothing more; the error keeps the placeholder from leaving the reader.
            parameters.Add(new ScorecardParameter(id, Value(id, property.Value), location));
        }
        return parameters.ToImmutable();
    }

    private double Value(string id, SourceNode node)
    {
        if (node is not SourceNumber number)
        {
            diagnostics.Report(ScorecardDiagnostics.WrongType, node,
                $"The parameter '{id}' is {ObjectReader.Describe(node)}; a parameter is a number, e.g. \"{id}\": 6000.");
            return double.NaN;
        }
        var value = double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidNumber, number, $"The parameter '{id}' is too large ({number.Text}).");
            return double.NaN;
        }
        return value;
    }
}
