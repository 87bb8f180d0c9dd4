using System.Collections.Immutable;

namespace CxRox.Engine.Rules;

/// <summary>
/// What one period's firings did, written by the rules' actions as they run: every firing (for
/// the loop report), and, when the period's result is reported, the <see cref="RuleEvent"/>s with
/// the values they saw. Reused period after period by one evaluation; not thread-safe.
/// </summary>
internal sealed class FiringLog
{
    private readonly List<int> _firings = [];
    private readonly List<RuleEvent> _events = [];
    private readonly List<double> _values = [];

    /// <summary>Whether events are kept: only for a period whose result is reported.</summary>
    public bool Recording { get; private set; }

    /// <summary>The step of the firing under way: 1 for the first rule that fired in the period.</summary>
    public int Step => _firings.Count;

    public void Start(bool record)
    {
        Recording = record;
        _firings.Clear();
        _events.Clear();
        _values.Clear();
    }

    public RuleEvent[] Events() => _events.Count == 0 ? [] : [.. _events];

    public double[] EventValues() => _values.Count == 0 ? [] : [.. _values];

    /// <summary>A rule fires: its step, and the values its condition reads as they are now.</summary>
    public void Fired(int rule, int[] reads, double[] values)
    {
        _firings.Add(rule);
        if (!Recording)
        {
            return;
        }
        _events.Add(new RuleEvent(RuleEventKind.Fired, Step, rule, -1, _values.Count, double.NaN));
        foreach (var read in reads)
        {
            _values.Add(values[read]);
        }
    }

    /// <summary>A finding is raised; its holes' values follow through <see cref="Hole"/>.</summary>
    public void Finding(int rule, int action) =>
        _events.Add(new RuleEvent(RuleEventKind.Finding, Step, rule, action, _values.Count, double.NaN));

    public void Hole(double value) => _values.Add(value);

    /// <returns>Whether the status changed (setting the status a metric already has changes nothing).</returns>
    public bool SetStatus(double[] values, int rule, int action, int slot, double status)
    {
        if (values[slot] == status)
        {
            return false;
        }
        if (Recording)
        {
            _events.Add(new RuleEvent(RuleEventKind.StatusSet, Step, rule, action, -1, values[slot]));
        }
        values[slot] = status;
        return true;
    }

    /// <returns>Whether the fact is new in the period.</returns>
    public bool Assert(double[] values, int rule, int action, int slot)
    {
        if (values[slot] == 1)
        {
            return false;
        }
        values[slot] = 1;
        if (Recording)
        {
            _events.Add(new RuleEvent(RuleEventKind.FactAsserted, Step, rule, action, -1, double.NaN));
        }
        return true;
    }

    /// <summary>The shortest sequence of firings that repeats at the end of the history: the loop.</summary>
    public ImmutableArray<string> LoopingRules(ImmutableArray<RulePlan> rules)
    {
        var n = _firings.Count;
        for (var period = 1; 2 * period <= n && period <= rules.Length; period++)
        {
            var repeats = true;
            for (var i = 0; i < period && repeats; i++)
            {
                repeats = _firings[n - 1 - i] == _firings[n - 1 - i - period];
            }
            if (repeats)
            {
                return [.. _firings.Skip(n - period).Select(r => rules[r].Id)];
            }
        }
        return [.. _firings.Skip(Math.Max(0, n - (2 * rules.Length))).Distinct().Select(r => rules[r].Id)];
    }
}
