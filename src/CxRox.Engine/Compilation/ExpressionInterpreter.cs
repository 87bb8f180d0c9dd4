using CxRox.Engine.Binding;

namespace CxRox.Engine.Compilation;

/// <summary>
/// Walks a bound tree directly. Slower than the compiled delegate and meant as its reference:
/// differential tests check that both give the same results. Written independently of the
/// compiler except for the shared <see cref="RuntimeMath"/> arithmetic.
/// </summary>
public static class ExpressionInterpreter
{
    /// <summary>Evaluates a number- or status-typed expression.</summary>
    public static double EvaluateNumber(BoundExpression expression, EvaluationFrame frame)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(frame);
        return Number(expression, frame);
    }

    public static bool EvaluateCondition(BoundExpression expression, EvaluationFrame frame)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(frame);
        return Condition(expression, frame);
    }

    private static double Number(BoundExpression expression, EvaluationFrame frame) => expression switch
    {
        BoundNumberConstant number => number.Value,
        BoundStatusConstant status => StatusEncoding.ToValue(status.Status),
        BoundRead read => RuntimeMath.Finite(Read(read, frame)),
        BoundUnary { Operator: BoundUnaryOperator.Negate } unary => -Number(unary.Operand, frame),
        BoundBinary binary => Arithmetic(binary, frame),
        BoundConditional conditional => Condition(conditional.Condition, frame)
            ? Number(conditional.WhenTrue, frame)
            : Number(conditional.WhenFalse, frame),
        BoundCall call => Function(call, frame),
        BoundRound round => RuntimeMath.Round(Number(round.Operand, frame), round.Digits),
        BoundAverageOver average => Average(average, frame),
        BoundTrend trend => Trend(trend, frame),
        _ => throw new ArgumentException($"{expression.GetType().Name} does not give a number.", nameof(expression)),
    };

    private static bool Condition(BoundExpression expression, EvaluationFrame frame) => expression switch
    {
        BoundBooleanConstant boolean => boolean.Value,
        BoundRead { Target: ReadTarget.Fact } read => Read(read, frame) > 0.5,
        BoundUnary { Operator: BoundUnaryOperator.Not } unary => !Condition(unary.Operand, frame),
        BoundBinary binary => Comparison(binary, frame),
        BoundConditional conditional => Condition(conditional.Condition, frame)
            ? Condition(conditional.WhenTrue, frame)
            : Condition(conditional.WhenFalse, frame),
        BoundCall { Function: BoundFunction.Exists } call => !double.IsNaN(Number(call.Arguments[0], frame)),
        _ => throw new ArgumentException($"{expression.GetType().Name} does not give a condition.", nameof(expression)),
    };

    private static double Read(BoundRead read, EvaluationFrame frame) =>
        read.PeriodOffset < frame.PeriodCount
            ? frame.Values[(read.PeriodOffset * frame.SlotsPerPeriod) + read.Slot]
            : double.NaN;

    private static double Arithmetic(BoundBinary binary, EvaluationFrame frame)
    {
        var left = Number(binary.Left, frame);
        var right = Number(binary.Right, frame);
        return binary.Operator switch
        {
            BoundBinaryOperator.Add => RuntimeMath.Finite(left + right),
            BoundBinaryOperator.Subtract => RuntimeMath.Finite(left - right),
            BoundBinaryOperator.Multiply => RuntimeMath.Finite(left * right),
            BoundBinaryOperator.Divide => RuntimeMath.Divide(left, right),
            BoundBinaryOperator.Power => RuntimeMath.Power(left, right),
            _ => throw new ArgumentException($"{binary.Operator} does not give a number.", nameof(binary)),
        };
    }

    private static bool Comparison(BoundBinary binary, EvaluationFrame frame)
    {
        switch (binary.Operator)
        {
            case BoundBinaryOperator.And:
                return Condition(binary.Left, frame) && Condition(binary.Right, frame);
            case BoundBinaryOperator.Or:
                return Condition(binary.Left, frame) || Condition(binary.Right, frame);
            case BoundBinaryOperator.BooleanEqual:
                return Condition(binary.Left, frame) == Condition(binary.Right, frame);
            case BoundBinaryOperator.BooleanNotEqual:
                return Condition(binary.Left, frame) != Condition(binary.Right, frame);
        }

        var left = Number(binary.Left, frame);
        var right = Number(binary.Right, frame);
        if (double.IsNaN(left) || double.IsNaN(right))
        {
            return false;
        }

        return binary.Operator switch
        {
            BoundBinaryOperator.Less => left < right,
            BoundBinaryOperator.LessOrEqual => left <= right,
            BoundBinaryOperator.Greater => left > right,
            BoundBinaryOperator.GreaterOrEqual => left >= right,
            BoundBinaryOperator.Equal => left == right,
            BoundBinaryOperator.NotEqual => left != right,
            _ => throw new ArgumentException($"{binary.Operator} does not give a condition.", nameof(binary)),
        };
    }

    private static double Function(BoundCall call, EvaluationFrame frame)
    {
        var arguments = call.Arguments;
        switch (call.Function)
        {
            case BoundFunction.Min or BoundFunction.Max:
                var result = Number(arguments[0], frame);
                for (var i = 1; i < arguments.Length; i++)
                {
                    var next = Number(arguments[i], frame);
                    result = call.Function == BoundFunction.Min ? RuntimeMath.Min(result, next) : RuntimeMath.Max(result, next);
                }

                return result;
            case BoundFunction.Abs:
                return Math.Abs(Number(arguments[0], frame));
            case BoundFunction.Clamp:
                return RuntimeMath.Clamp(Number(arguments[0], frame), Number(arguments[1], frame), Number(arguments[2], frame));
            case BoundFunction.Coalesce:
                foreach (var argument in arguments)
                {
                    var value = Number(argument, frame);
                    if (!double.IsNaN(value))
                    {
                        return value;
                    }
                }

                return double.NaN;
            default:
                throw new ArgumentException($"{call.Function} does not give a number.", nameof(call));
        }
    }

    private static double Average(BoundAverageOver average, EvaluationFrame frame)
    {
        var (sum, count) = (0.0, 0.0);
        foreach (var point in average.Points)
        {
            var value = Number(point, frame);
            if (!double.IsNaN(value))
            {
                sum += value;
                count += 1;
            }
        }

        return RuntimeMath.Average(sum, count);
    }

    private static double Trend(BoundTrend trend, EvaluationFrame frame)
    {
        var (count, sumT, sumY, sumTT, sumTY) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (var i = 0; i < trend.Points.Length; i++)
        {
            var value = Number(trend.Points[i], frame);
            if (!double.IsNaN(value))
            {
                double t = -i;
                count += 1;
                sumT += t;
                sumY += value;
                sumTT += t * t;
                sumTY += t * value;
            }
        }

        return RuntimeMath.TrendSlope(count, sumT, sumY, sumTT, sumTY);
    }
}
