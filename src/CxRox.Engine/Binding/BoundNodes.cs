using System.Collections.Immutable;
using CxRox.Engine.Syntax;
using CxRox.Engine.Model;

namespace CxRox.Engine.Binding;

public enum ReadTarget
{
    MetricValue,
    MetricScore,
    MetricStatus,
    PillarScore,
    /// <summary>A fact: the slot holds 1 when asserted.</summary>
    Fact,
}

public enum BoundUnaryOperator
{
    Negate,
    Not,
}

public enum BoundBinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    /// <summary>Numbers or statuses; false when either side is missing.</summary>
    Equal,
    /// <summary>Numbers or statuses; false when either side is missing (unlike IEEE NaN != x).</summary>
    NotEqual,
    BooleanEqual,
    BooleanNotEqual,
    And,
    Or,
}

public enum BoundFunction
{
    Min,
    Max,
    Abs,
    Clamp,
    Coalesce,
    Exists,
}

/// <summary>
/// A typed, resolved expression. History functions are already expanded: <c>prev(x, 2)</c> is
/// <c>x</c> with every read moved two periods back, so the passes below see only plain reads.
/// </summary>
public abstract record BoundExpression(ValueKind Kind, TextSpan Span);

public sealed record BoundNumberConstant(double Value, TextSpan Span) : BoundExpression(ValueKind.Number, Span);

public sealed record BoundBooleanConstant(bool Value, TextSpan Span) : BoundExpression(ValueKind.Boolean, Span);

public sealed record BoundStatusConstant(MetricStatus Status, TextSpan Span) : BoundExpression(ValueKind.Status, Span);

/// <param name="PeriodOffset">0 for the current period, 1 for the previous one, and so on.</param>
public sealed record BoundRead(ReadTarget Target, string Id, int Slot, int PeriodOffset, ValueKind Kind, TextSpan Span)
    : BoundExpression(Kind, Span);

public sealed record BoundUnary(BoundUnaryOperator Operator, BoundExpression Operand, ValueKind Kind, TextSpan Span)
    : BoundExpression(Kind, Span);

public sealed record BoundBinary(BoundBinaryOperator Operator, BoundExpression Left, BoundExpression Right, ValueKind Kind, TextSpan Span)
    : BoundExpression(Kind, Span);

/// <summary><c>if(condition, whenTrue, whenFalse)</c>.</summary>
public sealed record BoundConditional(BoundExpression Condition, BoundExpression WhenTrue, BoundExpression WhenFalse, ValueKind Kind, TextSpan Span)
    : BoundExpression(Kind, Span);

public sealed record BoundCall(BoundFunction Function, ImmutableArray<BoundExpression> Arguments, ValueKind Kind, TextSpan Span)
    : BoundExpression(Kind, Span);

/// <summary><c>round(x, digits)</c>, midpoint away from zero.</summary>
public sealed record BoundRound(BoundExpression Operand, int Digits, TextSpan Span) : BoundExpression(ValueKind.Number, Span);

/// <summary><c>avg_over(x, n)</c>: <see cref="Points"/>[i] is x read i periods further back.</summary>
public sealed record BoundAverageOver(ImmutableArray<BoundExpression> Points, TextSpan Span) : BoundExpression(ValueKind.Number, Span);

/// <summary><c>trend(x, n)</c>: <see cref="Points"/>[i] is x read i periods further back.</summary>
public sealed record BoundTrend(ImmutableArray<BoundExpression> Points, TextSpan Span) : BoundExpression(ValueKind.Number, Span);

public sealed record BoundError(TextSpan Span) : BoundExpression(ValueKind.Error, Span);
