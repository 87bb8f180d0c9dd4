using System.Globalization;
using System.Text;
using System.Text.Json;
using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>
/// A large synthetic scorecard, deterministic for a seed: 120 source metrics (NPS and CSAT surveys,
/// observations; two thirds scored), 80 formulas (50 over sources, 30 chained over earlier formulas;
/// some with prev, delta, pct_change, avg_over and trend) and 100 rules in 20 groups of five that chain
/// through facts and statuses: rule 0 of a group asserts a fact (and reads the previous group's second
/// fact), rule 1 turns a metric red on that fact, rule 2 reads that status and asserts the second fact,
/// rules 3 and 4 read the facts. Every rule raises a finding with message holes or sets a status.
/// </summary>
public sealed class GeneratedScorecard
{
    public const int SourceCount = 120;
    public const int FormulaCount = 80;
    public const int GroupCount = 20;
    public const int RulesPerGroup = 5;
    private const int OverSources = 50;
    private const int Months = 6;

    private static readonly string[] PillarIds = ["cx", "ex", "outcomes", "investment"];
    private static readonly int[] PillarWeights = [35, 20, 35, 10];

    private readonly Random _random;
    private readonly List<SourceMetric> _sources = [];
    private readonly List<FormulaMetric> _formulas = [];

    public GeneratedScorecard(int seed = 20240601)
    {
        _random = new Random(seed);
        for (var i = 0; i < SourceCount; i++)
        {
            _sources.Add(NewSource(i));
        }
        for (var k = 0; k < FormulaCount; k++)
        {
            _formulas.Add(NewFormula(k));
        }
        Json = Write();
    }

    public string Json { get; }

    public const int RuleCount = GroupCount * RulesPerGroup;

    public int MetricCount => _sources.Count + _formulas.Count;

    /// <summary><paramref name="count"/> months of inputs (at most six), oldest first: every source has a value.</summary>
    public PeriodInputs[] Inputs(CompiledScorecard scorecard, int count)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Months);
        var periods = new PeriodInputs[count];
        for (var p = 0; p < count; p++)
        {
            var inputs = scorecard.CreateInputs();
            foreach (var source in _sources)
            {
                inputs.Set(source.Id, source.Values[Months - count + p], source.Kind == SourceKind.Observation ? 1 : 40);
            }
            periods[p] = inputs;
        }
        return periods;
    }

    private enum SourceKind
    {
        Observation,
        Nps,
        Csat,
    }

    private sealed record SourceMetric(string Id, int Pillar, SourceKind Kind, bool Scored, bool Lower, double[] Values);

    private sealed record FormulaMetric(string Id, int Pillar, string Formula, bool Scored);

    private static string Id(char prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:000}");

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private int Between(int min, int max) => _random.Next(min, max + 1);

    private SourceMetric NewSource(int i)
    {
        var kind = (i % 8) switch
        {
            0 => SourceKind.Nps,
            4 => SourceKind.Csat,
            _ => SourceKind.Observation,
        };
        var pillar = kind switch
        {
            SourceKind.Nps => 0,
            SourceKind.Csat => 1,
            _ => i % PillarIds.Length,
        };
        var (low, high) = kind switch
        {
            SourceKind.Nps => (10, 55),
            SourceKind.Csat => (60, 92),
            _ => (20, 90),
        };
        double value = Between(low, high);
        var drift = Between(-4, 4);
        var values = new double[Months];
        for (var p = 0; p < Months; p++)
        {
            values[p] = value;
            value += drift + Between(-2, 2);
        }
        return new SourceMetric(Id('s', i), pillar, kind, Scored: i % 3 != 2, Lower: kind == SourceKind.Observation && i % 5 == 1, values);
    }

    private string AnySource() => _sources[_random.Next(_sources.Count)].Id;

    private string EarlierFormula(int k) => _formulas[_random.Next(k)].Id;

    private FormulaMetric NewFormula(int k)
    {
        string a = AnySource(), b = AnySource(), c = AnySource();
        var (formula, scored) = k < OverSources
            ? (k % 10) switch
            {
                0 => ($"({a} + {b}) / 2", true),
                1 => ($"{a} * 0.6 + {b} * 0.4", true),
                2 => ($"max({a}, {b}) - min({c}, 10)", true),
                3 => ($"coalesce(delta({a}), 0)", false),
                4 => ($"avg_over({a}, 3)", true),
                5 => ($"trend({a}, 3)", false),
                6 => ($"if({a} > {b}, {a} - {b}, {b} - {a})", true),
                7 => ($"pct_change({a})", false),
                8 => ($"clamp({a} / ({b} + 1) * 50, 0, 100)", true),
                _ => ($"round(abs({a} - prev({b})), 1)", true),
            }
            : (k % 5) switch
            {
                0 => ($"{EarlierFormula(k)} * 0.5 + {a} * 0.5", true),
                1 => ($"clamp({EarlierFormula(k)} + coalesce(delta({EarlierFormula(k)}), 0), 0, 100)", true),
                2 => ($"avg_over({EarlierFormula(k)}, 2) - {c} / 10", true),
                3 => ($"max({EarlierFormula(k)}, {EarlierFormula(k)}) + 1", true),
                _ => ($"coalesce({EarlierFormula(k)}, {a}) + trend({b}, 3)", true),
            };
        return new FormulaMetric(Id('f', k), k % PillarIds.Length, formula, scored);
    }

    private string AnyScored()
    {
        while (true)
        {
            var i = _random.Next(MetricCount);
            if (i < _sources.Count ? _sources[i].Scored : _formulas[i - _sources.Count].Scored)
            {
                return i < _sources.Count ? _sources[i].Id : _formulas[i - _sources.Count].Id;
            }
        }
    }

    private string AnyFormula() => _formulas[_random.Next(_formulas.Count)].Id;

    private string Write()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("id", "generated-200");
            w.WriteString("organization", "bench");
            w.WriteString("name", "Generated: 200 metrics, 100 rules");
            w.WriteString("period", "month");
            w.WriteString("timezone", "Europe/Warsaw");
            w.WriteStartArray("pillars");
            for (var p = 0; p < PillarIds.Length; p++)
            {
                w.WriteStartObject();
                w.WriteString("id", PillarIds[p]);
                w.WriteString("name", $"Pillar {PillarIds[p]}");
                w.WriteNumber("weight", PillarWeights[p]);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("metrics");
            foreach (var source in _sources)
            {
                WriteSource(w, source);
            }
            foreach (var formula in _formulas)
            {
                w.WriteStartObject();
                w.WriteString("id", formula.Id);
                w.WriteString("name", $"Formula {formula.Id}");
                w.WriteString("pillar", PillarIds[formula.Pillar]);
                w.WriteString("unit", "index");
                w.WriteString("direction", "higher");
                w.WriteString("formula", formula.Formula);
                if (formula.Scored)
                {
                    WriteScoring(w, 0, 100, 70, 40);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("rules");
            for (var g = 0; g < GroupCount; g++)
            {
                WriteGroup(w, g);
            }
            w.WriteEndArray();

            w.WriteStartObject("rox");
            w.WriteStartObject("return");
            w.WriteString("formula", $"({_formulas[0].Id} + {_formulas[1].Id}) / ({_sources[1].Id} + 1)");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void WriteSource(Utf8JsonWriter w, SourceMetric source)
    {
        w.WriteStartObject();
        w.WriteString("id", source.Id);
        w.WriteString("name", $"Source {source.Id}");
        w.WriteString("pillar", PillarIds[source.Pillar]);
        w.WriteString("unit", source.Kind == SourceKind.Csat ? "percent" : source.Kind == SourceKind.Nps ? "points" : "count");
        w.WriteString("direction", source.Lower ? "lower" : "higher");
        if (source.Kind == SourceKind.Observation)
        {
            w.WriteStartObject("observation");
            w.WriteString("key", $"bench.{source.Id}");
            w.WriteString("aggregate", source.Id[^1] % 2 == 0 ? "sum" : "avg");
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartObject("survey");
            w.WriteString("survey", "pulse");
            w.WriteString("question", source.Id);
            w.WriteString("aggregate", source.Kind == SourceKind.Nps ? "nps" : "csat");
            w.WriteStartObject("scale");
            w.WriteNumber("min", source.Kind == SourceKind.Nps ? 0 : 1);
            w.WriteNumber("max", source.Kind == SourceKind.Nps ? 10 : 5);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        if (source.Scored)
        {
            switch (source.Kind)
            {
                case SourceKind.Nps:
                    WriteScoring(w, -20, 60, 40, 10);
                    break;
                case SourceKind.Csat:
                    WriteScoring(w, 50, 95, 85, 70);
                    break;
                default:
                    if (source.Lower)
                    {
                        WriteScoring(w, 100, 0, 30, 60);
                    }
                    else
                    {
                        WriteScoring(w, 0, 100, 70, 40);
                    }
                    break;
            }
            w.WriteNumber("weight", Between(1, 3));
        }
        w.WriteEndObject();
    }

    private static void WriteScoring(Utf8JsonWriter w, double floor, double target, double green, double amber)
    {
        w.WriteNumber("floor", floor);
        w.WriteNumber("target", target);
        w.WriteStartObject("thresholds");
        w.WriteNumber("green", green);
        w.WriteNumber("amber", amber);
        w.WriteEndObject();
    }

    private void WriteGroup(Utf8JsonWriter w, int g)
    {
        var factA = $"g{g}_a";
        var factB = $"g{g}_b";
        var (s1, s2, s3) = (AnySource(), AnySource(), AnySource());
        var (f1, f2, f3) = (AnyFormula(), AnyFormula(), AnyFormula());
        var marked = AnyScored();
        var pillar = PillarIds[g % PillarIds.Length];
        double t1 = Between(30, 70), t2 = Between(30, 80), t3 = Between(20, 80), t4 = Between(20, 60), t5 = Between(30, 80);
        var previous = g == 0 ? "" : $" or fact.g{g - 1}_b";

        WriteRule(w, g, 0, 50, $"{s1} > {Num(t1)} and ({f1} < {Num(t2)}{previous})",
            Assert(factA),
            Finding("warning", $"Group {g}: {{{s1}}} is above {Num(t1)} while {f1} is {{round({f1}, 1)}}.", "Look into it."));
        WriteRule(w, g, 1, 40, $"fact.{factA} and status({marked}) != red",
            SetStatus(marked, "red", $"Group {g} is running hot."));
        WriteRule(w, g, 2, 30, $"status({marked}) == red and ({f2} >= {Num(t3)} or {s2} <= {Num(t4)})",
            Assert(factB),
            Finding("critical", $"{marked} is {{status({marked})}} at {{round({marked}, 2)}}; {f2} is {{{f2}}} and {s2} {{{s2}}}.", null));
        WriteRule(w, g, 3, 20, $"fact.{factB} or ({s3} < {Num(t5)} and delta({s3}) < 0)",
            Finding("info", $"{s3} moved {{round(delta({s3}), 1)}} to {{{s3}}}.", null));
        WriteRule(w, g, 4, 10, $"fact.{factA} and not fact.{factB} and (pillar.{pillar} < 60 or trend({f3}, 3) > 0)",
            Finding("warning", $"Pillar {pillar} is at {{round(pillar.{pillar}, 1)}}, {f3} trends {{round(trend({f3}, 3), 2)}}.", "Review the group."));
    }

    private static void WriteRule(Utf8JsonWriter w, int group, int index, int priority, string when, params Action<Utf8JsonWriter>[] actions)
    {
        w.WriteStartObject();
        w.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"g{group:00}_r{index}"));
        w.WriteString("name", $"Group {group} rule {index}");
        w.WriteNumber("priority", priority);
        w.WriteString("when", when);
        w.WriteStartArray("then");
        foreach (var action in actions)
        {
            w.WriteStartObject();
            action(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Action<Utf8JsonWriter> Assert(string fact) => w => w.WriteString("assert", fact);

    private static Action<Utf8JsonWriter> SetStatus(string metric, string status, string reason) => w =>
    {
        w.WriteStartObject("setStatus");
        w.WriteString("metric", metric);
        w.WriteString("status", status);
        w.WriteString("reason", reason);
        w.WriteEndObject();
    };

    private static Action<Utf8JsonWriter> Finding(string severity, string message, string? action) => w =>
    {
        w.WriteStartObject("finding");
        w.WriteString("severity", severity);
        w.WriteString("message", message);
        if (action is not null)
        {
            w.WriteString("action", action);
        }
        w.WriteEndObject();
    };
}
