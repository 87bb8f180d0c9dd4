using System.Collections.Frozen;
using System.Collections.Immutable;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

internal sealed partial class ScorecardMapper
{
    private static readonly string[] MetricProperties =
    [
        "id", "name", "description", "pillar", "unit", "direction", "survey", "observation", "formula",
        "floor", "target", "thresholds", "weight", "tags", "format", "minSample", "use",
    ];

    private static readonly string[] SourceProperties = ["survey", "observation", "formula"];

    private static readonly Dictionary<string, string> MisplacedInMetric = new(StringComparer.Ordinal)
    {
        ["scale"] = "a survey's scale goes inside its source: \"survey\": { ..., \"scale\": { \"min\": 0, \"max\": 10 } }.",
        ["question"] = "it goes inside the source: \"survey\": { \"survey\": ..., \"question\": ... }.",
        ["aggregate"] = "it goes inside the source: \"survey\": { ..., \"aggregate\": ... } or \"observation\": { ..., \"aggregate\": ... }.",
        ["promoters"] = "NPS bands go inside the source: \"survey\": { ..., \"promoters\": { \"from\": 9, \"to\": 10 } }.",
        ["detractors"] = "NPS bands go inside the source: \"survey\": { ..., \"detractors\": { \"from\": 0, \"to\": 6 } }.",
        ["satisfied"] = "it goes inside the source: \"survey\": { ..., \"satisfied\": { \"from\": 4, \"to\": 5 } }.",
        ["topBoxes"] = "it goes inside the source: \"survey\": { ..., \"topBoxes\": 2 }.",
        ["key"] = "it goes inside the source: \"observation\": { \"key\": ..., \"aggregate\": ... }.",
        ["source"] = "a metric names its source directly: \"survey\": { ... }, \"observation\": { ... } or \"formula\": \"...\".",
        ["expression"] = "a computed metric writes its expression as \"formula\": \"...\".",
        ["green"] = "thresholds go together: \"thresholds\": { \"green\": ..., \"amber\": ... }.",
        ["amber"] = "thresholds go together: \"thresholds\": { \"green\": ..., \"amber\": ... }.",
        ["journeyStage"] = "it goes inside \"tags\": { \"journeyStage\": ..., \"touchpoint\": ..., \"channel\": ... }.",
        ["touchpoint"] = "it goes inside \"tags\": { \"journeyStage\": ..., \"touchpoint\": ..., \"channel\": ... }.",
        ["channel"] = "it goes inside \"tags\": { \"journeyStage\": ..., \"touchpoint\": ..., \"channel\": ... }.",
        ["decimals"] = "it goes inside \"format\": { \"decimals\": ..., \"suffix\": ... }.",
        ["suffix"] = "it goes inside \"format\": { \"decimals\": ..., \"suffix\": ... }.",
        ["prefix"] = "it goes inside \"format\": { \"decimals\": ..., \"prefix\": ... }.",
        ["higherIsBetter"] = "write \"direction\": \"higher\" or \"direction\": \"lower\".",
    };

    private static readonly Dictionary<string, MetricDirection> Directions = new(StringComparer.Ordinal)
    {
        ["higher"] = MetricDirection.HigherIsBetter,
        ["lower"] = MetricDirection.LowerIsBetter,
    };

    private static readonly FrozenSet<string> Units =
        new[] { "points", "percent", "ratio", "count", "score", "index", "seconds", "minutes", "hours", "days" }.ToFrozenSet(StringComparer.Ordinal);

    private const string UnitExpectation = "points, percent, ratio, count, score, index, seconds, minutes, hours, days, or an ISO 4217 currency code such as EUR";

    private readonly Dictionary<string, Metric> metricsById = new(StringComparer.Ordinal);

    private ImmutableArray<Metric> MapMetrics(ObjectReader top)
    {
        var array = top.Array("metrics", required: true, "the metrics: [{ \"id\": ..., \"pillar\": ..., ... }]");
        if (array is null)
        {
            return [];
        }

        if (array.Items.IsEmpty)
        {
            diagnostics.Report(ScorecardDiagnostics.MissingProperty, array, "The scorecard lists no metrics; add at least one.");
        }

        var metrics = ImmutableArray.CreateBuilder<Metric>();
        foreach (var item in Limit(array, limits.MaxMetrics, "metrics"))
        {
            if (AsObject(item, "a metric") is { } node && MapMetricOrLibraryUse(node) is { } metric)
            {
                metrics.Add(metric);
                if (metric.Id.Length > 0)
                {
                    metricsById.TryAdd(metric.Id, metric);
                }
            }
        }

        return metrics.ToImmutable();
    }

    private Metric MapMetricOrLibraryUse(SourceObject node) =>
        ExpandLibraryUse(node, Subject("metric", node)) is { } expanded ? MapMetric(expanded) : UnresolvedLibraryMetric(node);

    /// <summary>
    /// A metric whose <c>use</c> names no library entry (already reported): its id and pillar are read
    /// so that formulas reading it and its pillar's weight are not reported as well.
    /// </summary>
    private Metric UnresolvedLibraryMetric(SourceObject node)
    {
        var reader = new ObjectReader(node, diagnostics, Subject("metric", node), MetricProperties, MisplacedInMetric);
        var id = Identifier(reader, "metric", metricsById.Keys);
        var pillar = PillarReference(reader);
        return new Metric(id ?? "", "", null, pillar?.Id ?? "", "", default,
            new FormulaSource(new ExpressionSource("", node.Pointer, node.Start, false, ExpressionRole.MetricFormula)),
            new MetricScoring(0, 0, 0, 0, 1), MetricTags.None, null, reader.Location);
    }

    private Metric MapMetric(SourceObject node)
    {
        var reader = new ObjectReader(node, diagnostics, Subject("metric", node), MetricProperties, MisplacedInMetric);
        var id = Identifier(reader, "metric", metricsById.Keys);
        var name = reader.String("name", required: true, "the metric's display name");
        var description = reader.String("description", required: false);
        var pillar = PillarReference(reader);
        var unit = Unit(reader, required: true);
        var direction = reader.Choice("direction", required: true, Directions);
        var source = MapSource(reader);
        var scoring = MapScoring(reader, direction);
        var tags = MapTags(reader);
        var format = Format(reader);
        var minSample = MinSample(reader, source, pillar);
        return new Metric(id ?? "", name ?? "", description, pillar?.Id ?? "", unit ?? "", direction ?? default,
            source ?? new FormulaSource(new ExpressionSource("", node.Pointer, node.Start, false, ExpressionRole.MetricFormula)),
            scoring, tags, format, reader.Location)
        {
            MinSample = minSample,
        };
    }

    private Pillar? PillarReference(ObjectReader reader)
    {
        var node = reader.StringNode("pillar", required: true, "the id of one of the scorecard's pillars");
        if (node is null)
        {
            return null;
        }

        if (pillarsById.TryGetValue(node.Value, out var pillar))
        {
            return pillar;
        }

        if (writtenIds.Contains(("pillar", node.Value)))
        {
            return null; // the pillar's own id was already reported
        }

        diagnostics.Report(ScorecardDiagnostics.UnknownPillar, node,
            $"{ObjectReader.Capitalize(reader.Subject)} names pillar '{node.Value}', which is not declared; declared pillars: {string.Join(", ", pillarsById.Keys)}.{Suggestions.DidYouMean(node.Value, pillarsById.Keys)}");
        return null;
    }

    private string? Unit(ObjectReader reader, bool required)
    {
        var node = reader.StringNode("unit", required, UnitExpectation);
        if (node is null)
        {
            return null;
        }

        var unit = node.Value;
        var isCurrency = unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);
        if (Units.Contains(unit) || isCurrency)
        {
            return unit;
        }

        var hint = unit.Length == 3 && unit.All(char.IsAsciiLetter)
            ? $" Currency codes are upper case: '{unit.ToUpperInvariant()}'."
            : Suggestions.DidYouMean(unit, Units);
        diagnostics.Report(ScorecardDiagnostics.InvalidUnit, node, $"The unit '{unit}' of {reader.Subject} is not one of {UnitExpectation}.{hint}");
        return null;
    }

    private MetricSource? MapSource(ObjectReader reader)
    {
        var present = SourceProperties.Where(reader.Has).ToList();
        if (present.Count == 0)
        {
            diagnostics.Report(ScorecardDiagnostics.MissingSource, reader.Node,
                $"{ObjectReader.Capitalize(reader.Subject)} has no source; give exactly one of \"survey\": {{ ... }}, \"observation\": {{ ... }} or \"formula\": \"...\".");
            return null;
        }

        foreach (var extra in present.Skip(1))
        {
            var property = reader.Node.Find(extra)!;
            diagnostics.Report(ScorecardDiagnostics.MultipleSources, property.Pointer, property.NameStart,
                $"{ObjectReader.Capitalize(reader.Subject)} already takes its values from '{present[0]}'; a metric has exactly one source, so remove '{extra}' (or make it a separate metric).");
        }

        return present[0] switch
        {
            "survey" => reader.Object("survey", required: true) is { } survey ? MapSurvey(survey, reader.Subject) : null,
            "observation" => reader.Object("observation", required: true) is { } observation ? MapObservation(observation, reader.Subject) : null,
            _ => Expression(reader, "formula", required: true, ExpressionRole.MetricFormula) is { } formula ? new FormulaSource(formula) : null,
        };
    }

    private MetricScoring? MapScoring(ObjectReader reader, MetricDirection? direction)
    {
        string[] parts = ["floor", "target", "thresholds"];
        var given = parts.Where(reader.Has).ToList();
        var floor = reader.Number("floor", required: false);
        var target = reader.Number("target", required: false);
        var thresholds = MapThresholds(reader);
        var weightNode = reader.Get("weight", required: false);
        var weight = Weight(reader, required: false);
        if (given.Count == 0)
        {
            if (weight > 0)
            {
                diagnostics.Report(ScorecardDiagnostics.WeightWithoutScoring, weightNode!,
                    $"{ObjectReader.Capitalize(reader.Subject)} has weight {Show(weight.Value)} but is not scored (no floor, target and thresholds); add them, or remove the weight.");
            }

            return null;
        }

        // A metric meant to be scored counts as scored even when its numbers are wrong, so that its
        // pillar is not also reported as having no scored metric; the model is discarded on errors anyway.
        var placeholder = new MetricScoring(floor ?? 0, target ?? 0, thresholds?.Green ?? 0, thresholds?.Amber ?? 0, weight ?? 1);
        if (given.Count < parts.Length)
        {
            var missing = parts.Except(given);
            diagnostics.Report(ScorecardDiagnostics.IncompleteScoring, reader.Node,
                $"{ObjectReader.Capitalize(reader.Subject)} has {string.Join(" and ", given)} but no {string.Join(" or ", missing)}; a scored metric needs floor (scores 0), target (scores 100) and thresholds, an unscored one none of them.");
            return placeholder;
        }

        if (floor is not null && target is not null && thresholds is not null && direction is not null)
        {
            CheckScoringOrder(reader, direction.Value, floor.Value, target.Value, thresholds.Value.Green, thresholds.Value.Amber);
        }

        return placeholder;
    }

    private void CheckScoringOrder(ObjectReader reader, MetricDirection direction, double floor, double target, double green, double amber)
    {
        var higher = direction == MetricDirection.HigherIsBetter;
        var targetNode = reader.Get("target", false)!;
        var valid = true;
        if (target == floor)
        {
            diagnostics.Report(ScorecardDiagnostics.TargetEqualsFloor, targetNode,
                $"The target of {reader.Subject} equals its floor ({Show(floor)}); the floor scores 0 and the target 100, so they must differ.");
            valid = false;
        }
        else if (higher != target > floor)
        {
            diagnostics.Report(ScorecardDiagnostics.TargetAgainstDirection, targetNode,
                $"{ObjectReader.Capitalize(reader.Subject)} is {(higher ? "higher" : "lower")}-is-better, so its target (scores 100) must be {(higher ? "above" : "below")} its floor (scores 0), but target is {Show(target)} and floor {Show(floor)}. Swap them, or set direction to '{(higher ? "lower" : "higher")}'.");
            valid = false;
        }

        var thresholdsNode = reader.Get("thresholds", false)!;
        if (higher ? green < amber : green > amber)
        {
            diagnostics.Report(ScorecardDiagnostics.ThresholdOrder, thresholdsNode,
                $"Thresholds are in the wrong order for a {(higher ? "higher" : "lower")}-is-better metric: green ({Show(green)}) must be at or {(higher ? "above" : "below")} amber ({Show(amber)}).");
            valid = false;
        }
        else if (valid)
        {
            var (low, high) = (Math.Min(floor, target), Math.Max(floor, target));
            foreach (var (label, value) in new[] { ("green", green), ("amber", amber) })
            {
                if (value < low || value > high)
                {
                    diagnostics.Report(ScorecardDiagnostics.ThresholdOutsideRange, thresholdsNode,
                        $"The {label} threshold of {reader.Subject} ({Show(value)}) lies outside the range from floor ({Show(floor)}) to target ({Show(target)}); thresholds are values of the metric, not scores. Check that this is intended.");
                }
            }
        }
    }

    private (double Green, double Amber)? MapThresholds(ObjectReader reader)
    {
        if (reader.Object("thresholds", required: false, "{ \"green\": ..., \"amber\": ... }") is not { } node)
        {
            return null;
        }

        var thresholds = new ObjectReader(node, diagnostics, $"the thresholds of {reader.Subject}", ["green", "amber"]);
        var green = thresholds.Number("green", required: true, "the value at which the status turns green");
        var amber = thresholds.Number("amber", required: true, "the value at which the status turns amber");
        return green is null || amber is null ? null : (green.Value, amber.Value);
    }

    private MetricTags MapTags(ObjectReader reader)
    {
        if (reader.Object("tags", required: false) is not { } node)
        {
            return MetricTags.None;
        }

        var tags = new ObjectReader(node, diagnostics, $"the tags of {reader.Subject}", ["journeyStage", "touchpoint", "channel"]);
        return new MetricTags(tags.String("journeyStage", false), tags.String("touchpoint", false), tags.String("channel", false));
    }

    private DisplayFormat? Format(ObjectReader reader)
    {
        if (reader.Object("format", required: false, "{ \"decimals\": 1, \"suffix\": \"%\" }") is not { } node)
        {
            return null;
        }

        var format = new ObjectReader(node, diagnostics, $"the format of {reader.Subject}", ["decimals", "prefix", "suffix", "multiplier"]);
        var decimals = format.Integer("decimals", required: false, 0, 6);
        var prefix = format.Get("prefix", false) is SourceString { Value: var p } ? p : format.String("prefix", false);
        var suffix = format.Get("suffix", false) is SourceString { Value: var s } ? s : format.String("suffix", false);
        var multiplier = format.Number("multiplier", required: false);
        if (multiplier <= 0)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidNumber, format.Get("multiplier", false)!,
                $"The multiplier of {reader.Subject} is {Show(multiplier.Value)}; it must be above 0 (e.g. 100 to show a ratio as a percentage).");
        }

        return new DisplayFormat(decimals ?? 0, prefix, suffix, multiplier ?? 1);
    }

    private int MinSample(ObjectReader reader, MetricSource? source, Pillar? pillar)
    {
        var isEmployee = pillar?.Kind == PillarKind.EmployeeExperience;
        var defaultValue = isEmployee ? Metric.EmployeeMinSample : 1;
        var node = reader.Get("minSample", required: false);
        if (node is null)
        {
            return defaultValue;
        }

        if (source is not null and not SurveySource)
        {
            diagnostics.Report(ScorecardDiagnostics.SurveyOnlyField, node,
                $"'minSample' applies to survey metrics only (the fewest answers a value is reported from); {reader.Subject} is not a survey metric, so remove it.");
            return defaultValue;
        }

        if (reader.Integer("minSample", required: false, int.MinValue, int.MaxValue) is not int value)
        {
            return defaultValue;
        }

        if (value < 1)
        {
            diagnostics.Report(ScorecardDiagnostics.MinSampleTooSmall, node,
                $"'minSample' of {reader.Subject} is {value}; it is the fewest answers a value is reported from, so at least 1{(isEmployee ? $" ({Metric.EmployeeMinSample} or more protects employees' anonymity)" : "")}.");
            return defaultValue;
        }

        if (isEmployee && value < Metric.EmployeeMinSample)
        {
            // An error, not a warning: a stored version's threshold protects the question's answers
            // in every version that reads it (docs/anonymity.md), so it may not go below that.
            diagnostics.Report(ScorecardDiagnostics.LowAnonymityThreshold, node,
                $"{ObjectReader.Capitalize(reader.Subject)} is in employee-experience pillar '{pillar!.Id}' but is reported from {value} answer{(value == 1 ? "" : "s")}; with fewer than {Metric.EmployeeMinSample}, individual employees may be recognised, so set 'minSample' to {Metric.EmployeeMinSample} or more.");
            return defaultValue;
        }

        return value;
    }

    /// <summary>Keeps an expression's text and position for the expression language to bind later.</summary>
    private ExpressionSource? Expression(ObjectReader reader, string name, bool required, ExpressionRole role)
    {
        var node = reader.StringNode(name, required, "an expression such as \"complaints / orders\"");
        if (node is null)
        {
            return null;
        }

        var expression = new ExpressionSource(node.Value, node.Pointer, node.ContentStart, node.HasEscapes, role) { Columns = node.Columns };
        Expressions.Add(expression);
        return expression;
    }
}
