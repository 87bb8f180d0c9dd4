using System.Linq.Expressions;
using System.Reflection;
using CxRox.Engine.Binding;
using CxRox.Engine.Syntax;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CxRox.Engine.Compilation;

/// <summary>
/// The one place that turns bound trees into System.Linq.Expressions and compiles them.
/// The generated code reads the frame's array by constant index, keeps intermediate values in
/// block locals, and neither boxes nor allocates. Compiling costs milliseconds per lambda, so a
/// scorecard should combine its expressions (<see cref="BuildBody"/>) and compile once, then
/// cache the delegate with the scorecard version.
/// </summary>
public static partial class ExpressionCompiler
{
    private static readonly PropertyInfo ValuesProperty = typeof(EvaluationFrame).GetProperty(nameof(EvaluationFrame.Values))!;
    private static readonly PropertyInfo SlotsPerPeriodProperty = typeof(EvaluationFrame).GetProperty(nameof(EvaluationFrame.SlotsPerPeriod))!;
    private static readonly PropertyInfo PeriodCountProperty = typeof(EvaluationFrame).GetProperty(nameof(EvaluationFrame.PeriodCount))!;
    private static readonly MethodInfo IsNaNMethod = typeof(double).GetMethod(nameof(double.IsNaN), [typeof(double)])!;
    private static readonly LinqExpression Missing = LinqExpression.Constant(double.NaN);

    /// <summary>Compiles a number- or status-typed expression (statuses as <see cref="StatusEncoding"/> values).</summary>
    public static Func<EvaluationFrame, double> CompileNumber(BoundExpression expression)
    {
        RequireKind(expression, ValueKind.Number, ValueKind.Status);
        var frame = LinqExpression.Parameter(typeof(EvaluationFrame), "frame");
        return LinqExpression.Lambda<Func<EvaluationFrame, double>>(BuildBody(expression, frame), frame).Compile();
    }

    public static Func<EvaluationFrame, bool> CompileCondition(BoundExpression expression)
    {
        RequireKind(expression, ValueKind.Boolean, ValueKind.Boolean);
        var frame = LinqExpression.Parameter(typeof(EvaluationFrame), "frame");
        return LinqExpression.Lambda<Func<EvaluationFrame, bool>>(BuildBody(expression, frame), frame).Compile();
    }

    /// <summary>
    /// The expression's body over <paramref name="frame"/>: typed <see cref="double"/> for numbers and
    /// statuses, <see cref="bool"/> for conditions. Use it to combine many expressions into one tree.
    /// </summary>
    public static LinqExpression BuildBody(BoundExpression expression, ParameterExpression frame)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Type != typeof(EvaluationFrame))
        {
            throw new ArgumentException("The parameter must be an EvaluationFrame.", nameof(frame));
        }

        return Build(expression, frame);
    }

    private static LinqExpression Build(BoundExpression expression, ParameterExpression frame) => expression switch
    {
        BoundNumberConstant number => LinqExpression.Constant(number.Value),
        BoundBooleanConstant boolean => LinqExpression.Constant(boolean.Value),
        BoundStatusConstant status => LinqExpression.Constant(StatusEncoding.ToValue(status.Status)),
        BoundRead read => BuildRead(read, frame),
        BoundUnary { Operator: BoundUnaryOperator.Negate } unary => LinqExpression.Negate(Build(unary.Operand, frame)),
        BoundUnary { Operator: BoundUnaryOperator.Not } unary => LinqExpression.Not(Build(unary.Operand, frame)),
        BoundBinary binary => BuildBinary(binary, frame),
        BoundConditional conditional => LinqExpression.Condition(
            Build(conditional.Condition, frame), Build(conditional.WhenTrue, frame), Build(conditional.WhenFalse, frame)),
        BoundCall call => BuildCall(call, frame),
        BoundRound round => Call(nameof(RuntimeMath.Round), Build(round.Operand, frame), LinqExpression.Constant(round.Digits)),
        BoundAverageOver average => BuildAverage(average, frame),
        BoundTrend trend => BuildTrend(trend, frame),
        BoundError => throw new ArgumentException("A tree with errors cannot be compiled.", nameof(expression)),
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Unknown bound node."),
    };

    private static LinqExpression BuildRead(BoundRead read, ParameterExpression frame)
    {
        var values = LinqExpression.Property(frame, ValuesProperty);
        LinqExpression value;
        if (read.PeriodOffset == 0)
        {
            value = LinqExpression.ArrayIndex(values, LinqExpression.Constant(read.Slot));
        }
        else
        {
            // Periods the caller did not load read as missing.
            var index = LinqExpression.Add(
                LinqExpression.Multiply(LinqExpression.Constant(read.PeriodOffset), LinqExpression.Property(frame, SlotsPerPeriodProperty)),
                LinqExpression.Constant(read.Slot));
            value = LinqExpression.Condition(
                LinqExpression.LessThan(LinqExpression.Constant(read.PeriodOffset), LinqExpression.Property(frame, PeriodCountProperty)),
                LinqExpression.ArrayIndex(values, index),
                Missing);
        }

        return read.Target == ReadTarget.Fact
            ? LinqExpression.GreaterThan(value, LinqExpression.Constant(0.5))
            : Call(nameof(RuntimeMath.Finite), value);
    }

    private static LinqExpression BuildBinary(BoundBinary binary, ParameterExpression frame)
    {
        var left = Build(binary.Left, frame);
        var right = Build(binary.Right, frame);
        return binary.Operator switch
        {
            BoundBinaryOperator.Add => Call(nameof(RuntimeMath.Finite), LinqExpression.Add(left, right)),
            BoundBinaryOperator.Subtract => Call(nameof(RuntimeMath.Finite), LinqExpression.Subtract(left, right)),
            BoundBinaryOperator.Multiply => Call(nameof(RuntimeMath.Finite), LinqExpression.Multiply(left, right)),
            BoundBinaryOperator.Divide => Call(nameof(RuntimeMath.Divide), left, right),
            BoundBinaryOperator.Power => Call(nameof(RuntimeMath.Power), left, right),
            // IEEE comparisons with NaN are false, which is the language's rule; all but != below.
            BoundBinaryOperator.Less => LinqExpression.LessThan(left, right),
            BoundBinaryOperator.LessOrEqual => LinqExpression.LessThanOrEqual(left, right),
            BoundBinaryOperator.Greater => LinqExpression.GreaterThan(left, right),
            BoundBinaryOperator.GreaterOrEqual => LinqExpression.GreaterThanOrEqual(left, right),
            BoundBinaryOperator.Equal or BoundBinaryOperator.BooleanEqual => LinqExpression.Equal(left, right),
            BoundBinaryOperator.NotEqual => BuildNotEqual(left, right),
            BoundBinaryOperator.BooleanNotEqual => LinqExpression.NotEqual(left, right),
            BoundBinaryOperator.And => LinqExpression.AndAlso(left, right),
            BoundBinaryOperator.Or => LinqExpression.OrElse(left, right),
            _ => throw new ArgumentOutOfRangeException(nameof(binary)),
        };
    }

    /// <summary>
    /// IEEE says NaN != x is true, but a comparison with missing must be false. For doubles,
    /// "a &lt; b or a &gt; b" is exactly "different and neither is NaN".
    /// </summary>
    private static BlockExpression BuildNotEqual(LinqExpression left, LinqExpression right)
    {
        var a = LinqExpression.Variable(typeof(double), "left");
        var b = LinqExpression.Variable(typeof(double), "right");
        return LinqExpression.Block(
            [a, b],
            LinqExpression.Assign(a, left),
            LinqExpression.Assign(b, right),
            LinqExpression.OrElse(LinqExpression.LessThan(a, b), LinqExpression.GreaterThan(a, b)));
    }

    private static LinqExpression BuildCall(BoundCall call, ParameterExpression frame)
    {
        var arguments = call.Arguments.Select(argument => Build(argument, frame)).ToList();
        return call.Function switch
        {
            BoundFunction.Min => arguments.Aggregate((a, b) => Call(nameof(RuntimeMath.Min), a, b)),
            BoundFunction.Max => arguments.Aggregate((a, b) => Call(nameof(RuntimeMath.Max), a, b)),
            BoundFunction.Abs => LinqExpression.Call(typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!, arguments[0]),
            BoundFunction.Clamp => Call(nameof(RuntimeMath.Clamp), arguments[0], arguments[1], arguments[2]),
            BoundFunction.Exists => LinqExpression.Not(LinqExpression.Call(IsNaNMethod, arguments[0])),
            BoundFunction.Coalesce => BuildCoalesce(arguments),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };
    }

    /// <summary>First present argument: <c>{ t = a; IsNaN(t) ? { t = b; ... } : t }</c>, each evaluated at most once.</summary>
    private static BlockExpression BuildCoalesce(List<LinqExpression> arguments)
    {
        var current = LinqExpression.Variable(typeof(double), "present");
        LinqExpression result = arguments[^1];
        for (var i = arguments.Count - 2; i >= 0; i--)
        {
            result = LinqExpression.Block(
                LinqExpression.Assign(current, arguments[i]),
                LinqExpression.Condition(LinqExpression.Call(IsNaNMethod, current), result, current));
        }

        return LinqExpression.Block([current], result);
    }

    private static MethodCallExpression Call(string method, params LinqExpression[] arguments) =>
        LinqExpression.Call(typeof(RuntimeMath).GetMethod(method)!, arguments);

    private static void RequireKind(BoundExpression expression, ValueKind kind, ValueKind alternative)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Kind != kind && expression.Kind != alternative)
        {
            throw new ArgumentException($"Expected {ValueKindText.Describe(kind)} expression but got {ValueKindText.Describe(expression.Kind)}.", nameof(expression));
        }
    }
}
