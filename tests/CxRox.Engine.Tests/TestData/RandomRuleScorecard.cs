using System.Globalization;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.TestData;

/// <summary>
/// A small random scorecard whose rules chain, deterministic for a seed: 3-6 scored metrics, perhaps
/// an unscored input and formulas (one of them reading last period's status, which rules may have
/// set), 1-4 facts and 4-12 rules. Conditions mix values, deltas, statuses (now and last period),
/// scores, pillars and facts; actions raise findings with message holes, set statuses and assert
/// facts, so rules activate each other through facts and statuses, turn false and true again, and
/// tie on priority. Every fact is asserted by some rule; about one scorecard in three gets rules
/// that hide a green status and restore it (a rule reading it fires twice), and one in eight a
/// pair of rules that undo each other's status when an input is high: a loop in some periods only.
/// </summary>
public sealed class RandomRuleScorecard
{
    private static readonly string[] Statuses = ["green", "amber", "red"];
    private static readonly string[] Severities = ["info", "warning", "critical"];
    private static readonly string[] Pillars = ["cx", "ex"];

    private readonly Random _random;
    private readonly List<string> _metrics = [];
    private readonly List<string> _scored = [];
    private readonly List<string> _facts = [];
    private readonly List<GeneratedRule> _rules = [];

    public RandomRuleScorecard(int seed)
    {
        _random = new Random(seed);
        var metrics = NewMetrics();
        var factCount = Between(1, 4);
        for (var f = 1; f <= factCount; f++)
        {
            _facts.Add(Text($"signal_{f}"));
        }
        var ruleCount = Between(4, 12);
        for (var r = 1; r <= ruleCount; r++)
        {
            _rules.Add(NewRule(Text($"r{r:00}")));
        }
        foreach (var fact in _facts.Where(f => !_rules.Any(r => r.Actions.Contains(Assert(f)))))
        {
            _rules[_random.Next(_rules.Count)].Actions.Add(Assert(fact));
        }
        if (_metrics.Contains("u1") && !_rules.Any(r => r.When.Contains("u1", StringComparison.Ordinal)))
        {
            var reader = _random.Next(_rules.Count);
            _rules[reader] = _rules[reader] with { When = Text($"({_rules[reader].When}) or u1 < {Between(200, 1000)}") };
        }
        if (_random.Next(3) == 0)
        {
            AddReactivation();
        }
        if (_random.Next(8) == 0)
        {
            AddLoop();
        }
        Json = Document(
            [Pillar("cx", Between(1, 3)), Pillar("ex", Between(1, 3))],
            [.. metrics],
            [.. _rules.Select(r => Rule(r.Id, r.When, "[" + string.Join(", ", r.Actions) + "]", r.Priority))]);
    }

    public string Json { get; }

    public int RuleCount => _rules.Count;

    private sealed record GeneratedRule(string Id, int Priority, string When, List<string> Actions);

    private int Between(int min, int max) => _random.Next(min, max + 1);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private List<string> NewMetrics()
    {
        var metrics = new List<string>();
        var sources = Between(3, 6);
        for (var i = 1; i <= sources; i++)
        {
            var id = Text($"m{i}");
            var pillar = Pillars[i % 2];
            metrics.Add(_random.Next(4) == 0
                ? Observed(id, pillar, 100, 0, 30, 60, Between(1, 3), "lower")
                : Observed(id, pillar, 0, 100, 70, 40, Between(1, 3)));
            _metrics.Add(id);
            _scored.Add(id);
        }
        if (_random.Next(2) == 0)
        {
            metrics.Add(Input("u1", "cx"));
            _metrics.Add("u1");
        }
        var formulas = Between(0, 2);
        for (var k = 1; k <= formulas; k++)
        {
            var (a, b) = (Pick(_scored), Pick(_scored));
            var formula = _random.Next(4) switch
            {
                0 => $"({a} + {b}) / 2",
                1 => $"{a} - coalesce(prev({b}), {b}) + 50",
                2 => $"if(prev(status({a})) == red, {b} - 20, {b})",
                _ => $"max({a}, {b})",
            };
            var id = Text($"f{k}");
            metrics.Add(Formula(id, Pillars[k % 2], formula, floor: 0, target: 100, green: 70, amber: 40));
            _metrics.Add(id);
            _scored.Add(id);
        }
        return metrics;
    }

    private GeneratedRule NewRule(string id)
    {
        var atoms = Enumerable.Range(0, Between(1, 3)).Select(_ => Atom()).ToList();
        var when = atoms.Count switch
        {
            1 => atoms[0],
            2 => $"{atoms[0]} {Join()} {atoms[1]}",
            _ => _random.Next(2) == 0 ? $"{atoms[0]} {Join()} ({atoms[1]} {Join()} {atoms[2]})" : $"{atoms[0]} {Join()} {atoms[1]} {Join()} {atoms[2]}",
        };
        var actions = Enumerable.Range(0, Between(1, 3)).Select(_ => Action(id)).ToList();
        var priority = _random.Next(5) < 2 ? 0 : Between(-2, 3);
        return new GeneratedRule(id, priority, when, actions);
    }

    private string Join() => _random.Next(10) < 7 ? "and" : "or";

    private string Atom() => _random.Next(12) switch
    {
        0 or 1 => Text($"{Pick(_metrics)} {Pick(["<", "<=", ">", ">="])} {Between(20, 80)}"),
        2 => $"delta({Pick(_metrics)}) {Pick(["<", ">"])} 0",
        3 or 4 or 5 => $"status({Pick(_scored)}) {Pick(["==", "!="])} {Pick(Statuses)}",
        6 => $"prev(status({Pick(_scored)})) == {Pick(Statuses)}",
        7 or 8 or 9 => (_random.Next(10) < 7 ? "" : "not ") + $"fact.{Pick(_facts)}",
        10 => Text($"pillar.{Pick(Pillars)} < {Between(30, 70)}"),
        _ => _random.Next(2) == 0 ? Text($"score({Pick(_scored)}) >= {Between(20, 80)}") : $"not exists({Pick(_metrics)})",
    };

    private string Action(string rule) => _random.Next(10) switch
    {
        < 5 => Finding(rule),
        < 8 => SetStatus(Pick(_scored), Pick(Statuses), $"{rule} judged it"),
        _ => Assert(Pick(_facts)),
    };

    private string Finding(string rule)
    {
        var holes = Enumerable.Range(0, Between(0, 2)).Select(_ => _random.Next(6) switch
        {
            0 => $"{{{Pick(_metrics)}}}",
            1 => $"{{status({Pick(_scored)})}}",
            2 => $"{{round(delta({Pick(_metrics)}), 1)}}",
            3 => $"{{fact.{Pick(_facts)}}}",
            4 => $"{{pillar.{Pick(Pillars)}}}",
            _ => Text($"{{{Pick(_metrics)} > {Between(20, 80)}}}"),
        });
        var message = $"{rule} found " + string.Join(" and ", holes.DefaultIfEmpty("something"));
        var action = _random.Next(3) == 0 ? """, "action": "Look into it" """ : "";
        return $$"""{ "finding": { "severity": "{{Pick(Severities)}}", "message": "{{message}}"{{action}} } }""";
    }

    private static string SetStatus(string metric, string status, string reason) =>
        $$"""{ "setStatus": { "metric": "{{metric}}", "status": "{{status}}", "reason": "{{reason}}" } }""";

    private static string Assert(string fact) => $$"""{ "assert": "{{fact}}" }""";

    /// <summary>
    /// A rule reporting a green status, one below it that hides the green and one below that which
    /// restores it: the report's condition turns false and true again, so it fires twice.
    /// </summary>
    private void AddReactivation()
    {
        var (metric, fact, priority) = (Pick(_scored), Pick(_facts), Between(-1, 2));
        _rules.Insert(_random.Next(_rules.Count + 1),
            new GeneratedRule("report_green", priority, $"status({metric}) == green", [Finding("report_green")]));
        _rules.Insert(_random.Next(_rules.Count + 1),
            new GeneratedRule("hide_green", priority - 1, $"status({metric}) == green and not fact.{fact}", [SetStatus(metric, "amber", "awaiting audit")]));
        _rules.Insert(_random.Next(_rules.Count + 1),
            new GeneratedRule("restore_green", priority - 2, $"status({metric}) == amber and not fact.{fact}", [Assert(fact), SetStatus(metric, "green", "audit passed")]));
    }

    /// <summary>Two rules that undo each other's status while an input is above a level: a loop in the periods where it is.</summary>
    private void AddLoop()
    {
        var (metric, input, level) = (Pick(_scored), Pick(_metrics), Between(40, 80));
        _rules.Insert(_random.Next(_rules.Count + 1),
            new GeneratedRule("soften", Between(-1, 1), Text($"status({metric}) == red and {input} > {level}"), [SetStatus(metric, "amber", "softened")]));
        _rules.Insert(_random.Next(_rules.Count + 1),
            new GeneratedRule("harden", Between(-1, 1), Text($"status({metric}) == amber and {input} > {level}"), [SetStatus(metric, "red", "hardened")]));
    }
}
