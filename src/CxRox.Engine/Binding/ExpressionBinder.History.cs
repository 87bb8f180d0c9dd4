using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// The history functions (<see cref="LanguageFunctions.HistoryNames"/>). Their first argument is
/// bound once and then copied with every read moved back in time, so nested history simply adds
/// offsets; each function's <see cref="HistoryShape"/> says how.
/// </summary>
public sealed partial class ExpressionBinder
{
    internal BoundExpression BindHistory(CallSyntax call, HistoryShape shape)
    {
        var name = call.Name;
        _historyDepth++;
        var value = BindExpression(call.Arguments[0]);
        _historyDepth--;

        var periods = shape.DefaultPeriods ?? 0;
        var example = shape.Windowed ? $"{name}(nps, 3)" : $"{name}(nps, 2)";
        var ok = call.Arguments.Count < 2
            || TryGetWholeConstant(call.Arguments[1], shape.MinPeriods, MaxHistoryPeriods, $"The number of periods in '{name}'", example, out periods);
        ok &= (shape.ReadsStatuses && value.Kind == ValueKind.Status) || Check(value, call.Arguments[0], ValueKind.Number, $"'{name}'");

        if (!ok || !WithinHistoryLimits(call, value, shape.Copies(periods), shape.Reach(periods)))
        {
            return Error(call);
        }

        return shape.Lower(value, periods, call.Span);
    }

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
