using System.Collections.Immutable;

namespace CxRox.Engine.Binding;

/// <summary>Structural helpers over bound trees: children, size, and moving reads back in time.</summary>
public static class BoundTree
{
    public static ImmutableArray<BoundExpression> Children(BoundExpression expression) => expression switch
    {
        BoundNumberConstant or BoundBooleanConstant or BoundStatusConstant or BoundRead or BoundError => [],
        BoundUnary unary => [unary.Operand],
        BoundBinary binary => [binary.Left, binary.Right],
        BoundConditional conditional => [conditional.Condition, conditional.WhenTrue, conditional.WhenFalse],
        BoundCall call => call.Arguments,
        BoundRound round => [round.Operand],
        BoundAverageOver average => average.Points,
        BoundTrend trend => trend.Points,
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Unknown bound node."),
    };

    /// <summary>Every read in the tree, depth first, in evaluation order.</summary>
    public static IEnumerable<BoundRead> Reads(BoundExpression expression)
    {
        var pending = new Stack<BoundExpression>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is BoundRead read)
            {
                yield return read;
                continue;
            }

            var children = Children(node);
            for (var i = children.Length - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    public static int NodeCount(BoundExpression expression)
    {
        var count = 0;
        var pending = new Stack<BoundExpression>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            count++;
            foreach (var child in Children(pending.Pop()))
            {
                pending.Push(child);
            }
        }

        return count;
    }

    public static int MaxPeriodOffset(BoundExpression expression) =>
        Reads(expression).Select(read => read.PeriodOffset).DefaultIfEmpty(0).Max();

    /// <summary>The same expression evaluated <paramref name="periods"/> periods earlier.</summary>
    public static BoundExpression Shift(BoundExpression expression, int periods)
    {
        if (periods == 0)
        {
            return expression;
        }

        return expression switch
        {
            BoundNumberConstant or BoundBooleanConstant or BoundStatusConstant or BoundError => expression,
            BoundRead read => read with { PeriodOffset = read.PeriodOffset + periods },
            BoundUnary unary => unary with { Operand = Shift(unary.Operand, periods) },
            BoundBinary binary => binary with { Left = Shift(binary.Left, periods), Right = Shift(binary.Right, periods) },
            BoundConditional conditional => conditional with
            {
                Condition = Shift(conditional.Condition, periods),
                WhenTrue = Shift(conditional.WhenTrue, periods),
                WhenFalse = Shift(conditional.WhenFalse, periods),
            },
            BoundCall call => call with { Arguments = ShiftAll(call.Arguments, periods) },
            BoundRound round => round with { Operand = Shift(round.Operand, periods) },
            BoundAverageOver average => average with { Points = ShiftAll(average.Points, periods) },
            BoundTrend trend => trend with { Points = ShiftAll(trend.Points, periods) },
            _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Unknown bound node."),
        };
    }

    private static ImmutableArray<BoundExpression> ShiftAll(ImmutableArray<BoundExpression> expressions, int periods) =>
        [.. expressions.Select(expression => Shift(expression, periods))];
}
