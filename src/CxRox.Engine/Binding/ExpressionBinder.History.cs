using System.Collections.Immutable;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// prev, delta, pct_change, avg_over and trend. Their first argument is bound once and then
/// copied with every read moved back in time, so nested history simply adds offsets.
/// </summary>
public sealed partial class ExpressionBinder
{
    private BoundExpression BindHistory(CallSyntax call)
    {
        var name = call.Name;
        _historyDepth++;
        var value = BindExpression(call.Arguments[0]);
        _historyDepth--;

        var windowed = name is "avg_over" or "trend";
        var minimum = windowed ? 2 : 1;
        var periods = minimum == 1 ? 1 : 0;
        var example = windowed ? $"{name}(nps, 3)" : $"{name}(nps, 2)";
        var ok = call.Arguments.Count < 2
            || TryGetWholeConstant(call.Arguments[1], minimum, MaxHistoryPeriods, $"The number of periods in '{name}'", example, out periods);
        if (name == "prev")
        {
            ok &= value.Kind == ValueKind.Status || Check(value, call.Arguments[0], ValueKind.Number, "'prev'");
        }
        else
        {
            ok &= Check(value, call.Arguments[0], ValueKind.Number, $"'{name}'");
        }

        var copies = name switch
        {
            "prev" => 1,
            "delta" => 2,
            "pct_change" => 3,
            _ => periods,
        };
        var furthest = windowed ? periods - 1 : periods;
        if (!ok || !WithinHistoryLimits(call, value, copies, furthest))
        {
            return Error(call);
        }

        var span = call.Span;
        var earlier = BoundTree.Shift(value, periods);
        return name switch
        {
            "prev" => earlier with { Span = span },
            "delta" => new BoundBinary(BoundBinaryOperator.Subtract, value, earlier, ValueKind.Number, span),
            "pct_change" => new BoundBinary(BoundBinaryOperator.Divide,
                new BoundBinary(BoundBinaryOperator.Subtract, value, earlier, ValueKind.Number, span),
                new BoundCall(BoundFunction.Abs, [earlier], ValueKind.Number, span),
                ValueKind.Number, span),
            "avg_over" => new BoundAverageOver(Window(value, periods), span),
            "trend" => new BoundTrend(Window(value, periods), span),
            _ => throw new ArgumentOutOfRangeException(nameof(call), name, "Not a history function."),
        };
    }

    private static ImmutableArray<BoundExpression> Window(BoundExpression value, int periods) =>
        [.. Enumerable.Range(0, periods).Select(offset => BoundTree.Shift(value, offset))];

    /// <summary>Checks, before copying anything, that the expansion stays within the limits.</summary>
    private bool WithinHistoryLimits(CallSyntax call, BoundExpression value, int copies, int furthest)
    {
        var reach = BoundTree.MaxPeriodOffset(value) + furthest;
        if (reach > ExpressionLimits.MaxPeriodOffset)
        {
            Report(DiagnosticCatalogue.HistoryTooDeep,
                $"'{call.Name}' here reads {reach} periods back; formulas may read at most {ExpressionLimits.MaxPeriodOffset}.", call.Span);
            return false;
        }

        _expandedNodes += BoundTree.NodeCount(value) * copies;
        if (_expandedNodes > ExpressionLimits.MaxBoundNodes)
        {
            if (!_tooComplexReported)
            {
                _tooComplexReported = true;
                Report(DiagnosticCatalogue.TooComplex,
                    "The history functions in this formula, nested inside each other, need too much computation. Compute part of it as a separate metric.",
                    call.Span);
            }

            return false;
        }

        return true;
    }
}
