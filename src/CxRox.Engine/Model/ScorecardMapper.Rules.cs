using System.Collections.Immutable;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

internal sealed partial class ScorecardMapper
{
    private static readonly string[] ActionKinds = ["finding", "setStatus", "assert"];

    private static readonly Dictionary<string, FindingSeverity> Severities = new(StringComparer.Ordinal)
    {
        ["info"] = FindingSeverity.Info,
        ["warning"] = FindingSeverity.Warning,
        ["critical"] = FindingSeverity.Critical,
    };

    private static readonly Dictionary<string, MetricStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["green"] = MetricStatus.Green,
        ["amber"] = MetricStatus.Amber,
        ["red"] = MetricStatus.Red,
    };

    private (ImmutableArray<Rule> Rules, ImmutableArray<string> Facts) MapRules(ObjectReader top, ImmutableArray<Metric> metrics)
    {
        var array = top.Array("rules", required: false, "the rules: [{ \"id\": ..., \"when\": ..., \"then\": [...] }]");
        if (array is null)
        {
            return ([], []);
        }

        var rules = ImmutableArray.CreateBuilder<Rule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var facts = new List<string>();
        foreach (var item in Limit(array, limits.MaxRules, "rules"))
        {
            if (AsObject(item, "a rule") is not { } node)
            {
                continue;
            }

            var reader = new ObjectReader(node, diagnostics, Subject("rule", node), ["id", "name", "description", "priority", "when", "then"]);
            var id = Identifier(reader, "rule", ids, reservedAllowed: true);
            if (id is not null)
            {
                ids.Add(id);
            }

            var name = reader.String("name", required: true, "the rule's display name");
            var description = reader.String("description", required: false);
            var priority = reader.Integer("priority", required: false, -1_000_000, 1_000_000, "higher fires first; default 0");
            var when = Expression(reader, "when", required: true, ExpressionRole.RuleCondition);
            var actions = MapActions(reader, facts);
            if (when is not null && actions is not null)
            {
                rules.Add(new Rule(id ?? "", name ?? "", description, priority ?? 0, when, actions.Value, reader.Location));
            }
        }

        return (rules.ToImmutable(), [.. facts.Distinct(StringComparer.Ordinal)]);
    }

    private ImmutableArray<RuleAction>? MapActions(ObjectReader rule, List<string> facts)
    {
        var array = rule.Array("then", required: true, "a list of actions: finding, setStatus or assert");
        if (array is null)
        {
            return null;
        }

        if (array.Items.IsEmpty)
        {
            diagnostics.Report(ScorecardDiagnostics.NoActions, array,
                $"{ObjectReader.Capitalize(rule.Subject)} does nothing; add an action such as {{ \"finding\": {{ \"severity\": \"warning\", \"message\": \"...\" }} }}.");
            return null;
        }

        var actions = ImmutableArray.CreateBuilder<RuleAction>();
        var valid = true;
        foreach (var item in Limit(array, limits.MaxActionsPerRule, $"actions in {rule.Subject}"))
        {
            if (AsObject(item, "an action: { \"finding\": ... }, { \"setStatus\": ... } or { \"assert\": ... }") is not { } node)
            {
                valid = false;
                continue;
            }

            var subject = $"action #{int.Parse(item.Pointer[(item.Pointer.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1} of {rule.Subject}";
            var reader = new ObjectReader(node, diagnostics, subject, ActionKinds);
            var kinds = node.Properties.Where(p => ActionKinds.Contains(p.Name)).ToList();
            if (kinds.Count != 1)
            {
                if (kinds.Count > 1 || node.Properties.IsEmpty)
                {
                    var at = kinds.Count > 1 ? kinds[1].Value : node;
                    diagnostics.Report(ScorecardDiagnostics.InvalidAction, at,
                        $"Each action does one thing: {{ \"finding\": ... }}, {{ \"setStatus\": ... }} or {{ \"assert\": \"fact_id\" }}; {subject} has {(kinds.Count > 1 ? string.Join(" and ", kinds.Select(k => k.Name)) : "none")}. Split it into separate actions.");
                }

                valid = false;
                continue;
            }

            RuleAction? action = kinds[0].Name switch
            {
                "finding" => reader.Object("finding", true) is { } finding ? MapFinding(finding, subject) : null,
                "setStatus" => reader.Object("setStatus", true) is { } setStatus ? MapSetStatus(setStatus, subject) : null,
                _ => MapAssert(reader, facts),
            };
            if (action is null)
            {
                valid = false;
                continue;
            }

            actions.Add(action);
        }

        return valid ? actions.ToImmutable() : null;
    }

    private FindingAction? MapFinding(SourceObject node, string subject)
    {
        var reader = new ObjectReader(node, diagnostics, $"the finding of {subject}", ["severity", "message", "action"]);
        var severity = reader.Choice("severity", required: true, Severities);
        var messageNode = reader.StringNode("message", required: true, "what was found; {expression} holes show values");
        var message = messageNode is null ? null : MessageTemplateParser.Parse(messageNode, diagnostics, Expressions);
        var action = reader.String("action", required: false);
        return severity is null || message is null ? null : new FindingAction(severity.Value, message, action, reader.Location);
    }

    private SetStatusAction? MapSetStatus(SourceObject node, string subject)
    {
        var reader = new ObjectReader(node, diagnostics, $"the setStatus of {subject}", ["metric", "status", "reason"]);
        var metric = reader.StringNode("metric", required: true, "the id of the metric whose status is set");
        var status = reader.Choice("status", required: true, Statuses);
        var reason = reader.String("reason", required: true, "why the status is overridden; it is shown with the status");
        if (metric is not null && !metricsById.ContainsKey(metric.Value) && !writtenIds.Contains(("metric", metric.Value)))
        {
            diagnostics.Report(ScorecardDiagnostics.UnknownMetric, metric,
                $"{ObjectReader.Capitalize(reader.Subject)} names metric '{metric.Value}', which is not declared.{Suggestions.DidYouMean(metric.Value, metricsById.Keys)}");
            return null;
        }

        return metric is null || !metricsById.ContainsKey(metric.Value) || status is null || reason is null ? null : new SetStatusAction(metric.Value, status.Value, reason, reader.Location);
    }

    private AssertAction? MapAssert(ObjectReader reader, List<string> facts)
    {
        var fact = reader.StringNode("assert", required: true, "the id of the fact to assert");
        if (fact is null)
        {
            return null;
        }

        if (!Identifiers.IsSnakeCase(fact.Value))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidId, fact,
                $"The fact id '{fact.Value}' must be snake_case (e.g. '{Identifiers.ToSnakeCase(fact.Value)}'); rules read it as fact.<id>.");
            return null;
        }

        if (Identifiers.ReservedWords.Contains(fact.Value))
        {
            diagnostics.Report(ScorecardDiagnostics.ReservedId, fact, $"The fact id '{fact.Value}' is a reserved word of the expression language; choose another.");
            return null;
        }

        facts.Add(fact.Value);
        return new AssertAction(fact.Value, reader.Location);
    }
}
