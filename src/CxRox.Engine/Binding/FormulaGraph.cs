using System.Collections.Immutable;
using CxRox.Engine.Model;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Binding;

/// <summary>
/// The formula metrics and the formula metrics each reads in the same period. Orders them so that
/// inputs come first, and reports every cycle once, naming it whole: a -> b -> c -> a.
/// Reads of earlier periods (prev, delta, trend...) are not edges: they cannot close a cycle.
/// </summary>
internal static class FormulaGraph
{
    private enum Mark
    {
        New,
        Visiting,
        Done,
    }

    public static ImmutableArray<int> Order(
        Scorecard scorecard, IReadOnlyDictionary<ExpressionSource, BindingResult> bindings, DiagnosticBag diagnostics)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scorecard.Metrics.Length; i++)
        {
            index.TryAdd(scorecard.Metrics[i].Id, i);
        }
        var inputs = new List<int>[scorecard.Metrics.Length];
        for (var i = 0; i < scorecard.Metrics.Length; i++)
        {
            inputs[i] = scorecard.Metrics[i].Source is FormulaSource formula && bindings.TryGetValue(formula.Expression, out var bound)
                ? [.. bound.Reads.CurrentMetrics.Where(index.ContainsKey).Select(id => index[id]).Where(j => scorecard.Metrics[j].Source is FormulaSource)]
                : [];
        }

        var marks = new Mark[scorecard.Metrics.Length];
        var order = ImmutableArray.CreateBuilder<int>();
        var path = new List<int>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scorecard.Metrics.Length; i++)
        {
            if (scorecard.Metrics[i].Source is FormulaSource)
            {
                Visit(i);
            }
        }
        return order.ToImmutable();

        void Visit(int metric)
        {
            if (marks[metric] == Mark.Done)
            {
                return;
            }
            if (marks[metric] == Mark.Visiting)
            {
                ReportCycle(path.GetRange(path.IndexOf(metric), path.Count - path.IndexOf(metric)));
                return;
            }
            marks[metric] = Mark.Visiting;
            path.Add(metric);
            foreach (var input in inputs[metric])
            {
                Visit(input);
            }
            path.RemoveAt(path.Count - 1);
            marks[metric] = Mark.Done;
            order.Add(metric);
        }

        void ReportCycle(List<int> cycle)
        {
            // Start the cycle at its first metric in the document, so the report is the same whatever the visiting order.
            var first = cycle.IndexOf(cycle.Min());
            var rotated = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
            var names = rotated.Select(m => scorecard.Metrics[m].Id).ToList();
            if (!reported.Add(string.Join(",", names.Order(StringComparer.Ordinal))))
            {
                return;
            }
            var metric = scorecard.Metrics[rotated[0]];
            var formula = ((FormulaSource)metric.Source).Expression;
            var text = string.Join(" -> ", names.Append(names[0]));
            diagnostics.Report(ScorecardDiagnostics.FormulaCycle, formula.Pointer, formula.Start,
                names.Count == 1
                    ? $"The formula of '{metric.Id}' reads '{metric.Id}' itself in the same period ({text}). Use prev({metric.Id}) for its previous value."
                    : $"These formulas depend on each other in a circle: {text}. Break the circle, or read an earlier period with prev().");
        }
    }
}
