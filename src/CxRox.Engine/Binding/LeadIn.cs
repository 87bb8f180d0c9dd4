using CxRox.Engine.Model;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// How many periods before the first one asked for must be evaluated so that every period asked
/// for comes out as it would from the start of the data. Formulas are evaluated period by period
/// and read one another's stored values, so history adds up along a chain: with m1 = prev(x) and
/// m2 = prev(m1), m2 needs x two periods back although no expression reads further than one.
/// <para>
/// The graph has a node for each metric's value (and score), each metric's status, each pillar
/// score, and one for the rules (the facts they assert and the statuses they set); an edge per
/// read, weighted by how many periods back it reads. A node's reach is its longest weighted path
/// to the data (data metrics reach 0). Nodes in a circle through a history read (a running total:
/// m = coalesce(prev(m), 0) + x) depend on every earlier period, so their reach, and every
/// reach, is capped at <see cref="ExpressionLimits.MaxPeriodOffset"/>, the furthest one
/// expression may read: periods further back are evaluated as having no data.
/// </para>
/// </summary>
internal static class LeadIn
{
    public const int MaxPeriods = ExpressionLimits.MaxPeriodOffset;

    public static int Periods(Scorecard scorecard, IReadOnlyDictionary<ExpressionSource, BindingResult> bindings) =>
        new ReadGraph(scorecard, bindings).Reach();

    private sealed class ReadGraph
    {
        private readonly Dictionary<string, int> _metricIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _pillarIndex = new(StringComparer.Ordinal);
        private readonly List<(int Target, int Offset)>[] _edges;
        private readonly int _metrics;
        private readonly int _rules;

        public ReadGraph(Scorecard scorecard, IReadOnlyDictionary<ExpressionSource, BindingResult> bindings)
        {
            _metrics = scorecard.Metrics.Length;
            for (var i = 0; i < _metrics; i++)
            {
                _metricIndex.TryAdd(scorecard.Metrics[i].Id, i);
            }
            for (var p = 0; p < scorecard.Pillars.Length; p++)
            {
                _pillarIndex.TryAdd(scorecard.Pillars[p].Id, p);
            }
            _rules = (2 * _metrics) + scorecard.Pillars.Length;
            // One more node: everything a result reports, which reads every other node.
            _edges = [.. Enumerable.Range(0, _rules + 2).Select(_ => new List<(int, int)>())];
            var results = _rules + 1;

            var statusesSetByRules = scorecard.Rules.SelectMany(r => r.Then).OfType<SetStatusAction>().Select(a => a.Metric).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < _metrics; i++)
            {
                var metric = scorecard.Metrics[i];
                if (metric.Source is FormulaSource formula)
                {
                    AddReads(i, formula.Expression, bindings);
                }
                // A status comes from the value's thresholds, unless a rule sets it.
                _edges[_metrics + i].Add((i, 0));
                if (statusesSetByRules.Contains(metric.Id))
                {
                    _edges[_metrics + i].Add((_rules, 0));
                }
                if (_pillarIndex.TryGetValue(metric.Pillar, out var pillar))
                {
                    _edges[(2 * _metrics) + pillar].Add((i, 0));
                }
            }
            // Which rules fire, and so which facts and statuses there are, may depend on any condition.
            foreach (var rule in scorecard.Rules)
            {
                AddReads(_rules, rule.When, bindings);
            }
            foreach (var source in bindings.Keys)
            {
                AddReads(results, source, bindings);
            }
            for (var node = 0; node <= _rules; node++)
            {
                _edges[results].Add((node, 0));
            }
        }

        private void AddReads(int node, ExpressionSource source, IReadOnlyDictionary<ExpressionSource, BindingResult> bindings)
        {
            if (!bindings.TryGetValue(source, out var binding) || binding.Expression is null)
            {
                return;
            }
            foreach (var read in BoundTree.Reads(binding.Expression))
            {
                var target = read.Target switch
                {
                    ReadTarget.MetricValue or ReadTarget.MetricScore => _metricIndex.GetValueOrDefault(read.Id, -1),
                    ReadTarget.MetricStatus => _metricIndex.TryGetValue(read.Id, out var metric) ? _metrics + metric : -1,
                    ReadTarget.PillarScore => _pillarIndex.TryGetValue(read.Id, out var pillar) ? (2 * _metrics) + pillar : -1,
                    _ => _rules,
                };
                if (target >= 0)
                {
                    _edges[node].Add((target, read.PeriodOffset));
                }
            }
        }

        /// <summary>
        /// The reach of the results node. Strongly connected components (Tarjan) come out with
        /// every component they read already done; a component with a history read inside it
        /// is a circle through time and reaches the cap, one without shares one reach.
        /// </summary>
        public int Reach()
        {
            var count = _edges.Length;
            var reach = new int[count];
            var component = new int[count];
            var index = new int[count];
            var low = new int[count];
            var onStack = new bool[count];
            var stack = new Stack<int>();
            Array.Fill(index, -1);
            Array.Fill(component, -1);
            var next = 0;
            var components = 0;
            for (var node = 0; node < count; node++)
            {
                if (index[node] < 0)
                {
                    Connect(node);
                }
            }
            return reach[count - 1];

            void Connect(int node)
            {
                index[node] = low[node] = next++;
                stack.Push(node);
                onStack[node] = true;
                foreach (var (target, _) in _edges[node])
                {
                    if (index[target] < 0)
                    {
                        Connect(target);
                        low[node] = Math.Min(low[node], low[target]);
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }
                }
                if (low[node] != index[node])
                {
                    return;
                }
                var members = new List<int>();
                int member;
                do
                {
                    member = stack.Pop();
                    onStack[member] = false;
                    component[member] = components;
                    members.Add(member);
                }
                while (member != node);

                var value = 0;
                foreach (var from in members)
                {
                    foreach (var (target, offset) in _edges[from])
                    {
                        if (component[target] != components)
                        {
                            value = Math.Max(value, Math.Min(MaxPeriods, offset + reach[target]));
                        }
                        else if (offset > 0)
                        {
                            // A circle through an earlier period: every earlier period counts.
                            value = MaxPeriods;
                        }
                    }
                }
                foreach (var m in members)
                {
                    reach[m] = value;
                }
                components++;
            }
        }
    }
}
