using System.Collections.Immutable;
using System.Text;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Evaluation;

namespace CxRox.Engine.Rules;

/// <summary>
/// Forward chaining over one period's frame. A rule is activated when its condition becomes
/// true and fires once per activation (refraction); the agenda fires the pending activation with
/// the highest priority, then the earliest declaration. Firing may set statuses and assert facts,
/// and only the rules that read what changed are evaluated again. Runs to a fixpoint, or stops
/// at the firing limit naming the rules that kept each other going.
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
    private readonly StatusOverride?[] _overrides;
    private readonly List<Finding> _findings = [];
    private readonly List<TraceEntry> _trace = [];
    private readonly StringBuilder _message = new();
    private bool _recording;

    public RuleAgenda(CompiledScorecard scorecard)
    {
        _scorecard = scorecard;
        _plan = scorecard.Plan;
        _layout = scorecard.Bound.Layout;
        _conditionTrue = new bool[_plan.Rules.Length];
        _pending = new bool[_plan.Rules.Length];
        _dirty = new bool[_plan.Rules.Length];
        _overrides = new StatusOverride?[_plan.Metrics.Length];
    }

    public StatusOverride? Override(int metric) => _overrides[metric];

    public ImmutableArray<Finding> Findings() => _findings.Count == 0 ? [] : [.. _findings];

    public ImmutableArray<TraceEntry> Trace() => _trace.Count == 0 ? [] : [.. _trace];

    /// <param name="record">Keep findings, overrides and the trace (for a period whose result is reported).</param>
    public void Run(EvaluationFrame frame, bool record)
    {
        _recording = record;
        _findings.Clear();
        _trace.Clear();
        _firings.Clear();
        Array.Clear(_overrides);
        for (var f = 0; f < _layout.FactCount; f++)
        {
            frame.Values[_layout.Fact(f)] = 0;
        }

        var rules = _plan.Rules;
        for (var r = 0; r < rules.Length; r++)
        {
            _conditionTrue[r] = _scorecard.Conditions(frame, rules[r].Condition);
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
            var read = ImmutableArray.CreateBuilder<TracedValue>(rule.Reads.Length);
            foreach (var r in rule.Reads)
            {
                read.Add(new TracedValue(r.Name, ValueText.Format(values[r.FrameIndex], r.Kind)));
            }
            _trace.Add(new RuleFired(step, rule.Id, _scorecard.Scorecard.Rules[ruleIndex].Priority, read.MoveToImmutable()));
        }

        foreach (var action in rule.Actions)
        {
            switch (action)
            {
                case FindingPlan finding when _recording:
                    var message = Format(frame, finding);
                    _findings.Add(new Finding(rule.Id, finding.Severity, message, finding.Action));
                    _trace.Add(new FindingRaised(step, rule.Id, finding.Severity, message));
                    break;
                case SetStatusPlan set:
                    SetStatus(values, rule.Id, set, step);
                    break;
                case AssertPlan assert:
                    var slot = _layout.Fact(assert.Fact);
                    if (values[slot] != 1)
                    {
                        values[slot] = 1;
                        MarkDirty(_plan.RulesReadingFact[assert.Fact]);
                        if (_recording)
                        {
                            _trace.Add(new FactAsserted(step, rule.Id, assert.FactId));
                        }
                    }
                    break;
            }
        }
    }

    private void SetStatus(double[] values, string ruleId, SetStatusPlan set, int step)
    {
        var slot = _plan.Metrics[set.Metric].Slots.Status;
        var status = StatusEncoding.ToValue(set.Status);
        if (values[slot] == status)
        {
            return; // already so: nothing changes, nothing to re-evaluate
        }
        var from = StatusEncoding.FromValue(values[slot]);
        values[slot] = status;
        MarkDirty(_plan.RulesReadingMetric[set.Metric]);
        if (_recording)
        {
            // The first override keeps the status the thresholds gave, so the result says where it started.
            _overrides[set.Metric] = new StatusOverride(ruleId, _overrides[set.Metric]?.From ?? from, set.Status, set.Reason);
            _trace.Add(new StatusSet(step, ruleId, _plan.Metrics[set.Metric].Id, from, set.Status, set.Reason));
        }
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
            var now = _scorecard.Conditions(frame, _plan.Rules[rule].Condition);
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

    private string Format(EvaluationFrame frame, FindingPlan finding)
    {
        _message.Clear();
        foreach (var piece in finding.Message)
        {
            if (piece.Text is not null)
            {
                _message.Append(piece.Text);
            }
            else if (piece.Kind == ValueKind.Boolean)
            {
                _message.Append(_scorecard.Conditions(frame, piece.Index) ? "true" : "false");
            }
            else
            {
                _message.Append(ValueText.Format(_scorecard.Numbers(frame, piece.Index), piece.Kind));
            }
        }
        return _message.ToString();
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
