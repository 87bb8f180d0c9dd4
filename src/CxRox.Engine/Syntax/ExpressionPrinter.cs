using System.Globalization;
using System.Text;
using CxRox.Engine.Model;

namespace CxRox.Engine.Syntax;

/// <summary>
/// Prints a tree as canonical text: spelled-out operators (<c>and</c>, <c>or</c>, <c>not</c>),
/// single spaces around binary operators, invariant numbers, and only the parentheses that
/// precedence needs. Parsing the output gives a tree equal to the input.
/// </summary>
public static class ExpressionPrinter
{
    // Precedence levels, loosest first; they mirror the parser's methods.
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int ComparisonLevel = 4;
    private const int AdditiveLevel = 5;
    private const int MultiplicativeLevel = 6;
    private const int UnaryLevel = 7;
    private const int PowerLevel = 8;
    private const int PrimaryLevel = 9;

    public static string Print(ExpressionSyntax expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var builder = new StringBuilder();
        Write(builder, expression);
        return builder.ToString();
    }

    /// <summary>Prints <paramref name="value"/> the way the lexer reads it back (shortest round-trip form).</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Write(StringBuilder builder, ExpressionSyntax expression)
    {
        switch (expression)
        {
            case NumberLiteralSyntax number:
                builder.Append(FormatNumber(number.Value));
                if (number.IsPercent)
                {
                    builder.Append('%');
                }

                break;
            case BooleanLiteralSyntax boolean:
                builder.Append(boolean.Value ? "true" : "false");
                break;
            case StatusLiteralSyntax status:
                builder.Append(StatusWord(status.Status));
                break;
            case ReferenceSyntax reference:
                builder.Append(reference.Kind switch
                {
                    ReferenceKind.Metric => string.Empty,
                    ReferenceKind.Pillar => "pillar.",
                    ReferenceKind.Fact => "fact.",
                    _ => throw new ArgumentOutOfRangeException(nameof(expression)),
                });
                builder.Append(reference.Name);
                break;
            case UnarySyntax unary:
                builder.Append(unary.Operator switch
                {
                    UnaryOperator.Negate => "-",
                    UnaryOperator.Identity => "+",
                    UnaryOperator.Not => "not ",
                    _ => throw new ArgumentOutOfRangeException(nameof(expression)),
                });
                WriteOperand(builder, unary.Operand, Level(unary));
                break;
            case BinarySyntax binary:
                WriteBinary(builder, binary);
                break;
            case CallSyntax call:
                builder.Append(call.Name).Append('(');
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, call.Arguments[i]);
                }

                builder.Append(')');
                break;
            case ErrorSyntax:
                builder.Append('?');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Unknown syntax node.");
        }
    }

    private static void WriteBinary(StringBuilder builder, BinarySyntax binary)
    {
        var level = Level(binary);
        // Left-associative levels accept an equal level on the left only; power is right-associative
        // and takes a unary on the right (2 ^ -1); comparisons do not chain on either side.
        var (leftMinimum, rightMinimum) = binary.Operator switch
        {
            BinaryOperator.Power => (PrimaryLevel, UnaryLevel),
            _ when level == ComparisonLevel => (level + 1, level + 1),
            _ => (level, level + 1),
        };
        WriteOperand(builder, binary.Left, leftMinimum);
        builder.Append(' ').Append(OperatorText(binary.Operator)).Append(' ');
        WriteOperand(builder, binary.Right, rightMinimum);
    }

    private static void WriteOperand(StringBuilder builder, ExpressionSyntax operand, int minimumLevel)
    {
        var parenthesize = Level(operand) < minimumLevel;
        if (parenthesize)
        {
            builder.Append('(');
        }

        Write(builder, operand);
        if (parenthesize)
        {
            builder.Append(')');
        }
    }

    private static int Level(ExpressionSyntax expression) => expression switch
    {
        UnarySyntax { Operator: UnaryOperator.Not } => NotLevel,
        UnarySyntax => UnaryLevel,
        BinarySyntax binary => binary.Operator switch
        {
            BinaryOperator.Or => OrLevel,
            BinaryOperator.And => AndLevel,
            BinaryOperator.Add or BinaryOperator.Subtract => AdditiveLevel,
            BinaryOperator.Multiply or BinaryOperator.Divide => MultiplicativeLevel,
            BinaryOperator.Power => PowerLevel,
            _ => ComparisonLevel,
        },
        _ => PrimaryLevel,
    };

    public static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Power => "^",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static string StatusWord(MetricStatus status) => status switch
    {
        MetricStatus.Green => "green",
        MetricStatus.Amber => "amber",
        MetricStatus.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
