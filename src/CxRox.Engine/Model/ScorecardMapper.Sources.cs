using System.Globalization;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

internal sealed partial class ScorecardMapper
{
    private const int MaxScaleSpan = 100;

    private static readonly string[] SurveyProperties = ["survey", "question", "aggregate", "scale", "promoters", "detractors", "satisfied", "topBoxes"];

    private static readonly Dictionary<string, SurveyAggregate> SurveyAggregates = new(StringComparer.Ordinal)
    {
        ["nps"] = SurveyAggregate.Nps,
        ["csat"] = SurveyAggregate.Csat,
        ["ces"] = SurveyAggregate.Ces,
        ["mean"] = SurveyAggregate.Mean,
        ["top_box"] = SurveyAggregate.TopBox,
        ["count"] = SurveyAggregate.Count,
    };

    private static readonly Dictionary<string, ObservationAggregate> ObservationAggregates = new(StringComparer.Ordinal)
    {
        ["sum"] = ObservationAggregate.Sum,
        ["avg"] = ObservationAggregate.Avg,
        ["last"] = ObservationAggregate.Last,
        ["min"] = ObservationAggregate.Min,
        ["max"] = ObservationAggregate.Max,
        ["count"] = ObservationAggregate.Count,
    };

    // Survey fields inside an observation are a common slip when a metric's source is changed.
    private static readonly string[] SurveyOnlyFields = ["survey", "question", "scale", "promoters", "detractors", "satisfied", "topBoxes"];

    private SurveySource? MapSurvey(SourceObject node, string metric)
    {
        var reader = new ObjectReader(node, diagnostics, $"the survey source of {metric}", SurveyProperties,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["key"] = "only observation sources have a key.",
                ["minSample"] = "it is a property of the metric: put \"minSample\" next to \"survey\".",
                ["min"] = "write the scale as \"scale\": { \"min\": ..., \"max\": ... }.",
                ["max"] = "write the scale as \"scale\": { \"min\": ..., \"max\": ... }.",
            });
        var survey = reader.String("survey", required: true, "the id of the survey the answers come from");
        var question = reader.String("question", required: true, "the id of the question within that survey");
        var aggregate = reader.Choice("aggregate", required: true, SurveyAggregates);
        var scale = MapScale(reader);
        var promoters = Band(reader, "promoters", scale);
        var detractors = Band(reader, "detractors", scale);
        var satisfied = Band(reader, "satisfied", scale);
        var topBoxes = reader.Integer("topBoxes", required: false, 1, MaxScaleSpan);
        if (aggregate is null || scale is null)
        {
            return null;
        }

        var bandFields = new[] { "promoters", "detractors", "satisfied", "topBoxes" };
        var applicable = aggregate switch
        {
            SurveyAggregate.Nps => new[] { "promoters", "detractors" },
            SurveyAggregate.Csat or SurveyAggregate.TopBox => ["satisfied", "topBoxes"],
            _ => [],
        };
        var aggregateName = SurveyAggregates.First(a => a.Value == aggregate).Key;
        var valid = true;
        foreach (var field in bandFields.Except(applicable).Where(reader.Has))
        {
            var property = node.Find(field)!;
            var usedBy = field is "promoters" or "detractors" ? "'nps'" : "'csat' and 'top_box'";
            diagnostics.Report(ScorecardDiagnostics.FieldNotForAggregate, property.Pointer, property.NameStart,
                $"'{field}' does not apply to aggregate '{aggregateName}' of {metric}; only {usedBy} use it.");
            valid = false;
        }

        return aggregate switch
        {
            SurveyAggregate.Nps => NpsBands(reader, scale, promoters, detractors) is var (p, d) && valid
                ? new SurveySource(survey ?? "", question ?? "", aggregate.Value, scale, p, d, null)
                : null,
            SurveyAggregate.Csat or SurveyAggregate.TopBox => SatisfiedBand(reader, aggregateName, scale, satisfied, topBoxes) is { } s && valid
                ? new SurveySource(survey ?? "", question ?? "", aggregate.Value, scale, null, null, s)
                : null,
            _ => valid ? new SurveySource(survey ?? "", question ?? "", aggregate.Value, scale, null, null, null) : null,
        };
    }

    private AnswerBand? MapScale(ObjectReader reader)
    {
        if (reader.Object("scale", required: true, "the answer scale, e.g. { \"min\": 0, \"max\": 10 }") is not { } node)
        {
            return null;
        }

        var scale = new ObjectReader(node, diagnostics, $"the scale of {reader.Subject}", ["min", "max"]);
        var min = scale.Integer("min", required: true, -1000, 1000, "the lowest answer");
        var max = scale.Integer("max", required: true, -1000, 1000, "the highest answer");
        if (min is null || max is null)
        {
            return null;
        }

        if (min >= max)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidScale, node,
                $"The scale of {reader.Subject} runs from {min} to {max}; its min must be below its max (e.g. 0-10 for NPS, 1-5 for CSAT, 1-7 for CES).");
            return null;
        }

        if (max - min > MaxScaleSpan)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidScale, node,
                $"The scale of {reader.Subject} runs from {min} to {max}, {max - min + 1} possible answers; a survey scale has at most {MaxScaleSpan + 1}.");
            return null;
        }

        return new AnswerBand(min.Value, max.Value);
    }

    /// <summary>An answer band { from, to }, checked against the scale.</summary>
    private AnswerBand? Band(ObjectReader reader, string name, AnswerBand? scale)
    {
        if (reader.Object(name, required: false, "an answer band { \"from\": ..., \"to\": ... }") is not { } node)
        {
            return null;
        }

        var band = new ObjectReader(node, diagnostics, $"'{name}' of {reader.Subject}", ["from", "to"]);
        var from = band.Integer("from", required: true, -1000, 1000, "the lowest answer in the band");
        var to = band.Integer("to", required: true, -1000, 1000, "the highest answer in the band");
        if (from is null || to is null)
        {
            return null;
        }

        if (from > to)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidBand, node, $"The band '{name}' of {reader.Subject} runs from {from} to {to}; write it from the lower answer to the higher.");
            return null;
        }

        if (scale is not null && (from < scale.From || to > scale.To))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidBand, node,
                $"The band '{name}' ({from}-{to}) of {reader.Subject} falls outside its scale ({scale.From}-{scale.To}).");
            return null;
        }

        return new AnswerBand(from.Value, to.Value);
    }

    private (AnswerBand Promoters, AnswerBand Detractors)? NpsBands(ObjectReader reader, AnswerBand scale, AnswerBand? promoters, AnswerBand? detractors)
    {
        bool hasPromoters = reader.Has("promoters"), hasDetractors = reader.Has("detractors");
        if (!hasPromoters && !hasDetractors)
        {
            if (scale is { From: 0, To: 10 })
            {
                // The standard definition: promoters answer 9-10, detractors 0-6, passives only count in the total.
                return (new AnswerBand(9, 10), new AnswerBand(0, 6));
            }

            diagnostics.Report(ScorecardDiagnostics.BandsRequired, reader.Node,
                $"NPS on a {scale.From}-{scale.To} scale has no standard bands; state them in {reader.Subject}, e.g. \"promoters\": {{ \"from\": {scale.To}, \"to\": {scale.To} }}, \"detractors\": {{ \"from\": {scale.From}, \"to\": {scale.From + ((scale.To - scale.From) / 2)} }}.");
            return null;
        }

        if (hasPromoters != hasDetractors)
        {
            diagnostics.Report(ScorecardDiagnostics.BandsRequired, reader.Node,
                $"{ObjectReader.Capitalize(reader.Subject)} states '{(hasPromoters ? "promoters" : "detractors")}' but not '{(hasPromoters ? "detractors" : "promoters")}'; NPS needs both bands.");
            return null;
        }

        if (promoters is null || detractors is null)
        {
            return null;
        }

        if (detractors.To >= promoters.From)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidBand, reader.Node.Find("detractors")!.Value,
                $"The NPS bands of {reader.Subject} overlap or are reversed: detractors ({detractors.From}-{detractors.To}) must all be below promoters ({promoters.From}-{promoters.To}).");
            return null;
        }

        return (promoters, detractors);
    }

    private AnswerBand? SatisfiedBand(ObjectReader reader, string aggregateName, AnswerBand scale, AnswerBand? satisfied, int? topBoxes)
    {
        bool hasSatisfied = reader.Has("satisfied"), hasTopBoxes = reader.Has("topBoxes");
        if (hasSatisfied && hasTopBoxes)
        {
            var property = reader.Node.Find("topBoxes")!;
            diagnostics.Report(ScorecardDiagnostics.InvalidBand, property.Pointer, property.NameStart,
                $"{ObjectReader.Capitalize(reader.Subject)} gives both 'satisfied' and 'topBoxes'; keep one.");
            return null;
        }

        if (hasTopBoxes)
        {
            if (topBoxes is null)
            {
                return null;
            }

            var answers = scale.To - scale.From + 1;
            if (topBoxes >= answers)
            {
                diagnostics.Report(ScorecardDiagnostics.InvalidBand, reader.Node.Find("topBoxes")!.Value,
                    string.Create(CultureInfo.InvariantCulture, $"'topBoxes' of {reader.Subject} is {topBoxes}, but the {scale.From}-{scale.To} scale has only {answers} answers; every answer would count as satisfied."));
                return null;
            }

            return new AnswerBand(scale.To - topBoxes.Value + 1, scale.To);
        }

        if (hasSatisfied)
        {
            return satisfied;
        }

        if (aggregateName == "csat" && scale is { From: 1, To: 5 })
        {
            // The standard definition: the top two boxes (4 and 5) of a 1-5 scale.
            return new AnswerBand(4, 5);
        }

        diagnostics.Report(ScorecardDiagnostics.BandsRequired, reader.Node,
            $"Aggregate '{aggregateName}' on a {scale.From}-{scale.To} scale needs the answers that count as satisfied; add \"topBoxes\": 2 or \"satisfied\": {{ \"from\": {scale.To - 1}, \"to\": {scale.To} }} to {reader.Subject}.");
        return null;
    }

    private ObservationSource? MapObservation(SourceObject node, string metric)
    {
        var reader = new ObjectReader(node, diagnostics, $"the observation source of {metric}", ["key", "aggregate", .. SurveyOnlyFields],
            new Dictionary<string, string>(StringComparer.Ordinal) { ["minSample"] = "it is a property of the metric, and only of survey metrics." });
        foreach (var property in node.Properties.Where(p => SurveyOnlyFields.Contains(p.Name)))
        {
            diagnostics.Report(ScorecardDiagnostics.SurveyOnlyField, property.Pointer, property.NameStart,
                $"'{property.Name}' belongs to survey sources, but {metric} takes its values from an observation; remove it, or make the source a survey.");
        }

        var key = reader.StringNode("key", required: true, "the key observations are posted under, e.g. \"store.complaints\"");
        var aggregate = reader.Choice("aggregate", required: true, ObservationAggregates);
        if (key is not null && !Identifiers.IsObservationKey(key.Value))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidObservationKey, key,
                $"The observation key '{key.Value}' of {metric} must start with a lowercase letter and use lowercase letters, digits, '_', '.' and '-' (e.g. 'store.complaints').");
            return null;
        }

        return key is null || aggregate is null ? null : new ObservationSource(key.Value, aggregate.Value);
    }
}
