using System.Collections.Immutable;
using System.Globalization;
using CxRox.Engine.Scheduling;
using CxRox.Engine.Time;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

/// <summary>
/// Maps the position-annotated JSON tree to the model, section by section in dependency order (pillars,
/// metrics, rules), reporting every problem on the way. The model it builds is only handed out when no
/// error was reported, so placeholders for missing values never escape.
/// </summary>
internal sealed partial class ScorecardMapper(DiagnosticBag diagnostics, ScorecardLimits limits)
{
    private static readonly string[] TopLevelProperties =
        ["$schema", "schemaVersion", "id", "organization", "name", "description", "period", "timezone", "pillars", "metrics", "rules", "rox", "schedule", "parameters"];

    private static readonly Dictionary<string, ScorecardPeriod> Periods = new(StringComparer.Ordinal)
    {
        ["week"] = ScorecardPeriod.Week,
        ["month"] = ScorecardPeriod.Month,
        ["quarter"] = ScorecardPeriod.Quarter,
    };

    private static readonly Dictionary<string, PillarKind> PillarKinds = new(StringComparer.Ordinal)
    {
        ["cx"] = PillarKind.CustomerExperience,
        ["ex"] = PillarKind.EmployeeExperience,
        ["outcomes"] = PillarKind.Outcomes,
        ["investment"] = PillarKind.Investment,
        ["other"] = PillarKind.Other,
    };

    private readonly Dictionary<string, Pillar> pillarsById = new(StringComparer.Ordinal);

    // Every id as written, valid or not, so that references to a rejected id are not reported twice.
    private readonly HashSet<(string Kind, string Id)> writtenIds = [];

    public List<ExpressionSource> Expressions { get; } = [];

    /// <summary>Every metric id as written, including those of metrics rejected for other errors.</summary>
    public IEnumerable<string> WrittenMetricIds => writtenIds.Where(w => w.Kind == "metric").Select(w => w.Id);

    public Scorecard? Map(SourceNode root)
    {
        if (root is not SourceObject rootObject)
        {
            diagnostics.Report(ScorecardDiagnostics.WrongType, root, $"A scorecard is a JSON object ({{ \"schemaVersion\": 1, ... }}), not {ObjectReader.Describe(root)}.");
            return null;
        }

        var top = new ObjectReader(rootObject, diagnostics, "the scorecard", TopLevelProperties);
        top.String("$schema", required: false);
        var version = top.Integer("schemaVersion", required: true, int.MinValue, int.MaxValue, "1");
        if (version is not null and not 1)
        {
            diagnostics.Report(ScorecardDiagnostics.UnsupportedSchemaVersion, top.Get("schemaVersion", false)!,
                $"This reader understands schemaVersion 1; the document says {version}.");
        }

        var id = Slug(top, "id", "the scorecard's id");
        var organization = Slug(top, "organization", "the organization's id");
        var name = top.String("name", required: true, "the scorecard's display name");
        var description = top.String("description", required: false);
        var period = top.Choice("period", required: true, Periods);
        var timeZoneNode = top.StringNode("timezone", required: true, "an IANA time zone such as Europe/Warsaw");
        var timeZone = timeZoneNode is null ? null : CheckTimeZone(timeZoneNode);

        var pillars = MapPillars(top);
        var metrics = MapMetrics(top);
        CheckWeights(top, pillars, metrics);
        var parameters = MapParameters(top, metrics);
        var (rules, facts) = MapRules(top, metrics);
        var rox = MapRox(top);
        var schedule = MapSchedule(top, timeZone);

        return new Scorecard(version ?? 1, id ?? "", organization ?? "", name ?? "", description, period ?? default,
            timeZone ?? "", pillars, metrics, rules, rox, schedule)
        {
            AssertedFacts = facts,
            Parameters = parameters,
        };
    }

    private string? Slug(ObjectReader reader, string name, string what)
    {
        var node = reader.StringNode(name, required: true, what);
        if (node is null)
        {
            return null;
        }

        if (!Identifiers.IsSlug(node.Value))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidId, node,
                $"'{name}' of {reader.Subject} is '{node.Value}'; use lowercase letters, digits, '-' and '_', starting with a letter or digit (at most {Identifiers.MaxLength} characters).");
        }

        return node.Value;
    }

    private string? CheckTimeZone(SourceString node)
    {
        if (limits.Schedules is null && IanaTimeZones.Spelling(node.Value) is { } spelling)
        {
            // A stored version read again keeps working under the spelling it was stored with.
            return spelling;
        }

        if (IanaTimeZones.Refusal(node.Value) is { } refusal)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidTimeZone, node, refusal);
            return null;
        }

        return node.Value;
    }

    private ImmutableArray<Pillar> MapPillars(ObjectReader top)
    {
        var array = top.Array("pillars", required: true, "the pillars: [{ \"id\": \"cx\", \"name\": ..., \"weight\": ... }]");
        if (array is null)
        {
            return [];
        }

        if (array.Items.IsEmpty)
        {
            diagnostics.Report(ScorecardDiagnostics.MissingProperty, array, "The scorecard lists no pillars; add at least one, e.g. { \"id\": \"cx\", \"name\": \"Customer experience\", \"weight\": 1 }.");
        }

        var pillars = ImmutableArray.CreateBuilder<Pillar>();
        foreach (var item in Limit(array, limits.MaxPillars, "pillars"))
        {
            if (AsObject(item, "a pillar") is not { } node)
            {
                continue;
            }

            var reader = new ObjectReader(node, diagnostics, Subject("pillar", node), ["id", "name", "description", "kind", "weight"]);
            var id = Identifier(reader, "pillar", pillarsById.Keys);
            var name = reader.String("name", required: true, "the pillar's display name");
            var description = reader.String("description", required: false);
            var kind = reader.Choice("kind", required: false, PillarKinds);
            if (kind is null && !reader.Has("kind") && id is not null)
            {
                if (PillarKinds.TryGetValue(id, out var implied))
                {
                    kind = implied;
                }
                else
                {
                    diagnostics.Report(ScorecardDiagnostics.MissingProperty, node,
                        $"Pillar '{id}' is missing 'kind' (one of {string.Join(", ", PillarKinds.Keys)}); it may only be left out when the id is itself a kind.");
                }
            }

            var weight = Weight(reader, required: true);
            var pillar = new Pillar(id ?? "", name ?? "", description, kind ?? PillarKind.Other, weight ?? 0, reader.Location);
            pillars.Add(pillar);
            if (id is not null)
            {
                pillarsById.TryAdd(id, pillar);
            }
        }

        return pillars.ToImmutable();
    }

    private double? Weight(ObjectReader reader, bool required)
    {
        var weight = reader.Number("weight", required, "a number from 0 up");
        if (weight < 0)
        {
            diagnostics.Report(ScorecardDiagnostics.NegativeWeight, reader.Get("weight", false)!,
                $"The weight of {reader.Subject} is {Show(weight.Value)}; weights are 0 or more (0 keeps it out of the score).");
            return null;
        }

        return weight;
    }

    private void CheckWeights(ObjectReader top, ImmutableArray<Pillar> pillars, ImmutableArray<Metric> metrics)
    {
        if (pillars.Length > 0 && pillars.All(p => p.Weight == 0) && top.Get("pillars", false) is { } array)
        {
            diagnostics.Report(ScorecardDiagnostics.PillarWeightsAllZero, array,
                "Every pillar has weight 0, so the ROX index would be undefined; give at least one pillar a positive weight.");
        }

        foreach (var pillar in pillars.Where(p => p.Weight > 0 && p.Id.Length > 0))
        {
            var scored = metrics.Where(m => m.Pillar == pillar.Id && m.Scoring is not null).ToList();
            if (scored.Count == 0)
            {
                diagnostics.Report(ScorecardDiagnostics.PillarWithoutScoredMetrics, pillar.Location,
                    $"Pillar '{pillar.Id}' has weight {Show(pillar.Weight)} but no scored metric (one with floor, target and thresholds); score a metric in it or set its weight to 0.");
            }
            else if (scored.All(m => m.Scoring!.Weight == 0))
            {
                diagnostics.Report(ScorecardDiagnostics.MetricWeightsAllZero, pillar.Location,
                    $"Every scored metric of pillar '{pillar.Id}' has weight 0 ({string.Join(", ", scored.Select(m => m.Id))}), so the pillar score would be undefined; give one a positive weight.");
            }
        }
    }

    private RoxDefinition MapRox(ObjectReader top)
    {
        if (top.Object("rox", required: false) is not { } node)
        {
            return RoxDefinition.Default;
        }

        var rox = new ObjectReader(node, diagnostics, "'rox'", ["index", "return"]);
        var index = RoxIndexDefinition.Default;
        if (rox.Object("index", required: false) is { } indexNode)
        {
            var reader = new ObjectReader(indexNode, diagnostics, "'rox.index'", ["name", "format"]);
            index = new RoxIndexDefinition(reader.String("name", required: false) ?? index.Name, Format(reader));
        }

        RoxReturnDefinition? returnDefinition = null;
        if (rox.Object("return", required: false) is { } returnNode)
        {
            var reader = new ObjectReader(returnNode, diagnostics, "'rox.return'", ["name", "unit", "formula", "format"]);
            var name = reader.String("name", required: false) ?? "ROX return";
            var unit = Unit(reader, required: false) ?? "ratio";
            var formula = Expression(reader, "formula", required: true, ExpressionRole.RoxReturn);
            var format = Format(reader);
            if (formula is not null)
            {
                returnDefinition = new RoxReturnDefinition(name, unit, formula, format);
            }
        }

        return new RoxDefinition(index, returnDefinition);
    }

    private ScheduleDefinition? MapSchedule(ObjectReader top, string? scorecardTimeZone)
    {
        if (top.Object("schedule", required: false) is not { } node)
        {
            return null;
        }

        var reader = new ObjectReader(node, diagnostics, "'schedule'", ["recompute", "summary", "timezone"]);
        var timeZoneNode = reader.StringNode("timezone", required: false, "an IANA time zone such as Europe/Warsaw");
        var timeZone = timeZoneNode is null ? scorecardTimeZone : CheckTimeZone(timeZoneNode);
        // A zone already reported as unknown: the crons are still checked, on UTC's clock.
        var zone = timeZone is null ? TimeZoneInfo.Utc : IanaTimeZones.Find(timeZone);
        var recompute = Cron(reader, "recompute", zone);
        var summary = Cron(reader, "summary", zone);
        return new ScheduleDefinition(recompute, summary, timeZone ?? "");
    }

    private CronExpression? Cron(ObjectReader reader, string name, TimeZoneInfo zone)
    {
        var node = reader.StringNode(name, required: false, "a cron expression such as \"0 6 * * MON\"");
        if (node is null)
        {
            return null;
        }

        var result = CronExpression.Parse(node.Value);
        foreach (var error in result.Errors)
        {
            diagnostics.Report(ScorecardDiagnostics.For(error), node,
                $"'{name}' of the schedule ('{node.Value}'): {error.Message}");
        }

        if (result.Expression is { } cron && limits.Schedules?.Check(cron, zone) is { } problem)
        {
            diagnostics.Report(ScorecardDiagnostics.For(problem), node,
                $"'{name}' of the schedule: {problem.Message}");
            return null;
        }

        return result.Expression;
    }

    /// <summary>The items of a list up to its limit; reports a list that is longer.</summary>
    private IEnumerable<SourceNode> Limit(SourceArray array, int max, string what)
    {
        if (array.Items.Length > max)
        {
            diagnostics.Report(ScorecardDiagnostics.TooManyItems, array,
                string.Create(CultureInfo.InvariantCulture, $"There are {array.Items.Length} {what}; a scorecard may have at most {max}. Only the first {max} were checked."));
            return array.Items.Take(max);
        }

        return array.Items;
    }

    private SourceObject? AsObject(SourceNode node, string what)
    {
        if (node is SourceObject result)
        {
            return result;
        }

        diagnostics.Report(ScorecardDiagnostics.WrongType, node, $"Each item here must be an object ({what}), not {ObjectReader.Describe(node)}.");
        return null;
    }

    /// <summary>Reads and checks the snake_case <c>id</c> of a pillar, metric or rule.</summary>
    private string? Identifier(ObjectReader reader, string kind, IEnumerable<string> taken, bool reservedAllowed = false)
    {
        var node = reader.StringNode("id", required: true, $"a snake_case id for the {kind}");
        if (node is null)
        {
            return null;
        }

        var id = node.Value;
        writtenIds.Add((kind, id));
        if (!Identifiers.IsSnakeCase(id))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidId, node,
                $"The {kind} id '{id}' must be snake_case: lowercase letters, digits and '_', starting with a letter, at most {Identifiers.MaxLength} characters (e.g. '{Identifiers.ToSnakeCase(id)}').");
            return null;
        }

        if (!reservedAllowed && Identifiers.ReservedWords.Contains(id))
        {
            diagnostics.Report(ScorecardDiagnostics.ReservedId, node,
                $"The {kind} id '{id}' is a reserved word of the expression language; choose another, e.g. '{id}_value'.");
            return null;
        }

        if (taken.Contains(id))
        {
            diagnostics.Report(ScorecardDiagnostics.DuplicateId, node, $"The {kind} id '{id}' is already used by another {kind}; ids must be unique.");
            return null;
        }

        return id;
    }

    /// <summary>"metric 'nps'" when the item has a usable id, else "metric #3" (1-based).</summary>
    private static string Subject(string kind, SourceObject item) =>
        item.Find("id")?.Value is SourceString { Value: var id } && Identifiers.IsSnakeCase(id)
            ? $"{kind} '{id}'"
            : $"{kind} #{int.Parse(item.Pointer[(item.Pointer.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture) + 1}";

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
