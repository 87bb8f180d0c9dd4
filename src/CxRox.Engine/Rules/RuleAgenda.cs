using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Evaluation;

namespace CxRox.Engine.Rules;

/// <summary>
/// Forward chaining over one period's frame. A rule is activated when its condition becomes
/// true and fires once per activation (refraction); the agenda fires the pending activation with
/// the highest priority, then the earliest declaration. Firing may set statuses and assert facts,
/// and only the rules that read what changed are evaluated again. Runs to a fixpoint, or stops
/// at the firing limit naming the rules that kept each other going. What the firings did is
/// recorded as <see cref="RuleEvent"/>s with the values they saw, for the result to explain.
/// </summary>
internal sealed class RuleAgenda
{
    private readonly CompiledScorecard _scorecard;
    private readonly ScorecardPlan _plan;
    private readonly ScorecardLayout _layout;
    private readonly bool[] _conditionTrue;
    private readonly bool[] _pending;
    private readonly bool[] _dirty;
    private readonly List<int> _dirtyRules = [];
    private readonly List<int> _firings = [];
    private readonly List<RuleEvent> _events = [];
    private readonly List<double> _eventValues = [];
    private bool _recording;

    public RuleAgenda(CompiledScorecard scorecard)
    {
        _scorecard = scorecard;
        _plan = scorecard.Plan;
        _layout = scorecard.Bound.Layout;
        _conditionTrue = new bool[_plan.Rules.Length];
        _pending = new bool[_plan.Rules.Length];
        _dirty = new bool[_plan.Rules.Length];
    }

    public RuleEvent[] Events() => _events.Count == 0 ? [] : [.. _events];

    public double[] EventValues() => _eventValues.Count == 0 ? [] : [.. _eventValues];

    /// <param name="record">Keep what the firings did (for a period whose result is reported).</param>
    public void Run(EvaluationFrame frame, bool record)
    {
        _recording = record;
        _events.Clear();
        _eventValues.Clear();
        _firings.Clear();
        for (var f = 0; f < _layout.FactCount; f++)
        {
            frame.Values[_layout.Fact(f)] = 0;
        }

        var rules = _plan.Rules;
        for (var r = 0; r < rules.Length; r++)
        {
            _conditionTrue[r] = _scorecard.Conditions(frame, rules[r].LegacyCondition);
            _pending[r] = _conditionTrue[r];
        }

        var limit = _scorecard.MaxRuleFirings;
        for (var step = 1; NextActivation() is var rule and >= 0; step++)
        {
            if (step > limit)
            {
                throw new RuleLoopException(LoopingRules(), limit);
            }
            _pending[rule] = false;
            _firings.Add(rule);
            Fire(frame, rule, step);
            ReevaluateChanged(frame);
        }
    }

    private int NextActivation()
    {
        foreach (var rule in _plan.RulesByRank)
        {
            if (_pending[rule])
            {
                return rule;
            }
        }
        return -1;
    }

    private void Fire(EvaluationFrame frame, int ruleIndex, int step)
    {
        var rule = _plan.Rules[ruleIndex];
        var values = frame.Values;
        if (_recording)
        {
            _events.Add(new RuleEvent(RuleEventKind.Fired, step, ruleIndex, -1, _eventValues.Count, double.NaN));
            foreach (var read in rule.Reads)
            {
                _eventValues.Add(values[read.FrameIndex]);
            }
        }

        for (var a = 0; a < rule.Actions.Length; a++)
        {
            switch (rule.Actions[a])
            {
                case FindingPlan finding when _recording:
                    _events.Add(new RuleEvent(RuleEventKind.Finding, step, ruleIndex, a, _eventValues.Count, double.NaN));
                    RecordHoles(frame, finding);
                    break;
                case SetStatusPlan set:
                    SetStatus(values, set, step, ruleIndex, a);
                    break;
                case AssertPlan assert:
                    var slot = _layout.Fact(assert.Fact);
                    if (values[slot] != 1)
                    {
                        values[slot] = 1;
                        MarkDirty(_plan.RulesReadingFact[assert.Fact]);
                        if (_recording)
                        {
                            _events.Add(new RuleEvent(RuleEventKind.FactAsserted, step, ruleIndex, a, -1, double.NaN));
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>The values of a message's holes now; the text is put together when the result is read.</summary>
    private void RecordHoles(EvaluationFrame frame, FindingPlan finding)
    {
        foreach (var piece in finding.Message)
        {
            if (piece.Text is not null)
            {
                continue;
            }
            _eventValues.Add(piece.Kind == ValueKind.Boolean
                ? (_scorecard.Conditions(frame, piece.Index) ? 1 : 0)
                : _scorecard.Numbers(frame, piece.Index));
        }
    }

    private void SetStatus(double[] values, SetStatusPlan set, int step, int ruleIndex, int action)
    {
        var slot = _plan.Metrics[set.Metric].Slots.Status;
        var status = StatusEncoding.ToValue(set.Status);
        if (values[slot] == status)
        {
            return; // already so: nothing changes, nothing to re-evaluate
        }
        if (_recording)
        {
            _events.Add(new RuleEvent(RuleEventKind.StatusSet, step, ruleIndex, action, -1, values[slot]));
        }
        values[slot] = status;
        MarkDirty(_plan.RulesReadingMetric[set.Metric]);
    }

    private void MarkDirty(ImmutableArray<int> rules)
    {
        foreach (var rule in rules)
        {
            if (!_dirty[rule])
            {
                _dirty[rule] = true;
                _dirtyRules.Add(rule);
            }
        }
    }

    /// <summary>A rule whose condition turns true gets a new activation; one that turns false loses its pending one.</summary>
    private void ReevaluateChanged(EvaluationFrame frame)
    {
        foreach (var rule in _dirtyRules)
        {
            _dirty[rule] = false;
            var now = _scorecard.Conditions(frame, _plan.Rules[rule].LegacyCondition);
            if (now && !_conditionTrue[rule])
            {
                _pending[rule] = true;
            }
            else if (!now)
            {
                _pending[rule] = false;
            }
            _conditionTrue[rule] = now;
        }
        _dirtyRules.Clear();
    }

    /// <summary>The shortest sequence of firings that repeats at the end of the history: the loop.</summary>
    private ImmutableArray<string> LoopingRules()
    {
        var n = _firings.Count;
        for (var period = 1; 2 * period <= n && period <= _plan.Rules.Length; period++)
        {
            var repeats = true;
            for (var i = 0; i < period && repeats; i++)
            {
                repeats = _firings[n - 1 - i] == _firings[n - 1 - i - period];
            }
            if (repeats)
            {
                return [.. _firings.Skip(n - period).Select(r => _plan.Rules[r].Id)];
            }
        }
        return [.. _firings.Skip(Math.Max(0, n - (2 * _plan.Rules.Length))).Distinct().Select(r => _plan.Rules[r].Id)];
    }
}
