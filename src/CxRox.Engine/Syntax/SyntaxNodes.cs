using CxRox.Engine.Model;
namespace CxRox.Engine.Syntax;

public enum ReferenceKind
{
    /// <summary>A metric id such as <c>nps</c>: its value in the period.</summary>
    Metric,
    /// <summary><c>pillar.cx</c>: the pillar's score in the period.</summary>
    Pillar,
    /// <summary><c>fact.ex_drags_cx</c>: whether a rule asserted the fact.</summary>
    Fact,
}

public enum UnaryOperator
{
    Negate,
    Identity,
    Not,
}

public enum BinaryOperator
{
    Or,
    And,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

/// <summary>
/// An expression tree node. Trees compare by meaning: <see cref="Span"/> says where the node
/// was written and takes no part in equality, so a printed and re-parsed tree equals the original.
/// </summary>
public abstract record ExpressionSyntax(TextSpan Span)
{
    public virtual bool Equals(ExpressionSyntax? other) =>
        other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}

/// <param name="Value">The number as written; for <c>12%</c> this is 12 and <see cref="IsPercent"/> is true.</param>
public sealed record NumberLiteralSyntax(double Value, bool IsPercent, TextSpan Span) : ExpressionSyntax(Span)
{
    /// <summary>The value the literal stands for: <c>12%</c> is 0.12.</summary>
    public double EffectiveValue => IsPercent ? Value / 100 : Value;
}

public sealed record BooleanLiteralSyntax(bool Value, TextSpan Span) : ExpressionSyntax(Span);

public sealed record StatusLiteralSyntax(MetricStatus Status, TextSpan Span) : ExpressionSyntax(Span);

public sealed record ReferenceSyntax(ReferenceKind Kind, string Name, TextSpan Span) : ExpressionSyntax(Span);

public sealed record UnarySyntax(UnaryOperator Operator, ExpressionSyntax Operand, TextSpan Span) : ExpressionSyntax(Span);

public sealed record BinarySyntax(BinaryOperator Operator, ExpressionSyntax Left, ExpressionSyntax Right, TextSpan OperatorSpan, TextSpan Span)
    : ExpressionSyntax(Span)
{
    public bool Equals(BinarySyntax? other) =>
        base.Equals(other) && Operator == other.Operator && Left.Equals(other.Left) && Right.Equals(other.Right);

    public override int GetHashCode() => HashCode.Combine(Operator, Left, Right);
}

/// <summary>A call such as <c>min(a, b)</c>; the name is not checked until binding.</summary>
public sealed record CallSyntax(string Name, TextSpan NameSpan, IReadOnlyList<ExpressionSyntax> Arguments, TextSpan Span)
    : ExpressionSyntax(Span)
{
    public bool Equals(CallSyntax? other) =>
        base.Equals(other)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            hash.Add(argument);
        }

        return hash.ToHashCode();
    }
}

/// <summary>Stands where the parser could not read a value; a diagnostic has been reported.</summary>
public sealed record ErrorSyntax(TextSpan Span) : ExpressionSyntax(Span);
