using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Tests.Rules.Baseline;

/// <summary>
/// The rule results of a series as JSON: one item per line (a finding, an override, a trace
/// entry), in the order the engine produced them, since firing order is part of what is
/// recorded. Hand-written rather than serialized so that the property order, the spelling of
/// enums and the layout cannot move with serializer settings. Holds no floating-point numbers
/// of its own: values appear as the engine's invariant text in the trace and messages.
/// </summary>
internal static class RuleBaselineJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A whole series: { "scorecard": id, "periods": [...] }.</summary>
    public static string Document(string scorecard, IEnumerable<PeriodOutcome> outcomes)
    {
        var text = new StringBuilder();
        text.Append("{\n  \"scorecard\": ").Append(Line(w => w.WriteStringValue(scorecard))).Append(",\n  \"periods\": [\n");
        text.AppendJoin(",\n", outcomes.Select(o => Period(o, "    ")));
        return text.Append("\n  ]\n}\n").ToString();
    }

    /// <summary>One period as an indented JSON object, without a trailing newline.</summary>
    public static string Period(PeriodOutcome outcome, string indent)
    {
        var inner = indent + "  ";
        var fields = new List<string> { $"{inner}\"period\": {outcome.Period}" };
        if (outcome.HistoryRestarted)
        {
            fields.Add($"{inner}\"historyRestarted\": true");
        }
        if (outcome.Loop is { } loop)
        {
            fields.Add($"{inner}\"loop\": " + Line(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("ruleIds");
                foreach (var id in loop.RuleIds)
                {
                    w.WriteStringValue(id);
                }
                w.WriteEndArray();
                w.WriteNumber("firings", loop.Firings);
                w.WriteString("message", loop.Message);
                w.WriteEndObject();
            }));
        }
        else
        {
            var result = outcome.Result!;
            fields.Add($"{inner}\"statuses\": " + Line(w =>
            {
                w.WriteStartObject();
                foreach (var metric in result.Metrics)
                {
                    w.WriteString(metric.Id, Name(metric.Status));
                }
                w.WriteEndObject();
            }));
            fields.Add(Array(inner, "overrides", result.Metrics.Where(m => m.StatusOverride is not null).Select(m => Line(w =>
            {
                var o = m.StatusOverride!;
                w.WriteStartObject();
                w.WriteString("metric", m.Id);
                w.WriteString("ruleId", o.RuleId);
                w.WriteString("from", Name(o.From));
                w.WriteString("to", Name(o.To));
                w.WriteString("reason", o.Reason);
                w.WriteEndObject();
            }))));
            fields.Add($"{inner}\"facts\": " + Line(w =>
            {
                w.WriteStartArray();
                foreach (var fact in result.Trace.OfType<FactAsserted>())
                {
                    w.WriteStringValue(fact.Fact);
                }
                w.WriteEndArray();
            }));
            fields.Add(Array(inner, "findings", result.Findings.Select(f => Line(w =>
            {
                w.WriteStartObject();
                w.WriteString("ruleId", f.RuleId);
                w.WriteString("severity", Name(f.Severity));
                w.WriteString("message", f.Message);
                w.WriteString("action", f.Action);
                w.WriteEndObject();
            }))));
            fields.Add(Array(inner, "trace", result.Trace.Select(e => Line(w => Entry(w, e)))));
        }
        return $"{indent}{{\n{string.Join(",\n", fields)}\n{indent}}}";
    }

    /// <summary>First 16 hex digits of the SHA-256 of a period's JSON: enough to notice any change to it.</summary>
    public static string Hash(string periodJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(periodJson)))[..16];

    private static void Entry(Utf8JsonWriter w, TraceEntry entry)
    {
        w.WriteStartObject();
        switch (entry)
        {
            case RuleFired fired:
                Head(w, "ruleFired", entry);
                w.WriteNumber("priority", fired.Priority);
                w.WriteStartArray("read");
                foreach (var read in fired.Read)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(read.Name);
                    w.WriteStringValue(read.Value);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                break;
            case FactAsserted fact:
                Head(w, "factAsserted", entry);
                w.WriteString("fact", fact.Fact);
                break;
            case StatusSet set:
                Head(w, "statusSet", entry);
                w.WriteString("metric", set.Metric);
                w.WriteString("from", Name(set.From));
                w.WriteString("to", Name(set.To));
                w.WriteString("reason", set.Reason);
                break;
            case FindingRaised finding:
                Head(w, "findingRaised", entry);
                w.WriteString("severity", Name(finding.Severity));
                w.WriteString("message", finding.Message);
                break;
            default:
                throw new InvalidOperationException($"A trace entry the baseline does not know: {entry.GetType().Name}. Record it here.");
        }
        w.WriteEndObject();
    }

    private static void Head(Utf8JsonWriter w, string kind, TraceEntry entry)
    {
        w.WriteString("kind", kind);
        w.WriteNumber("step", entry.Step);
        w.WriteString("ruleId", entry.RuleId);
    }

    private static string Array(string indent, string name, IEnumerable<string> items)
    {
        var lines = items.ToList();
        return lines.Count == 0
            ? $"{indent}\"{name}\": []"
            : $"{indent}\"{name}\": [\n{string.Join(",\n", lines.Select(l => indent + "  " + l))}\n{indent}]";
    }

    private static string? Name(MetricStatus? status) => status?.ToString().ToLowerInvariant();

    private static string Name(FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    private static string Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
