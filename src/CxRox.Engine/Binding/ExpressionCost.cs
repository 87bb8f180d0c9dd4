using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// How many bound nodes an expression becomes, worked out from its syntax before anything is
/// bound. The binder copies the argument of a history function once per period it reads
/// (<see cref="ExpressionBinder"/>), and the compiled delegate evaluates every copy every period,
/// so this is both what binding and compiling allocate and what each evaluated period costs:
/// nested windows multiply, <c>avg_over(avg_over(x, 60), 60)</c> is 1 + 60 × (1 + 60) nodes.
/// An upper bound (a call such as <c>score(x)</c> counts its name and argument, where the binder
/// makes one read), saturating instead of overflowing.
/// </summary>
public static class ExpressionCost
{
    /// <summary>Where counting stops: far beyond any budget, far below overflow.</summary>
    public const long Saturated = 1_000_000_000_000_000;

    public static long Nodes(ExpressionSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return syntax switch
        {
            CallSyntax call when History(call) is { } copies => Add(copies.Extra, Multiply(copies.Times, Nodes(call.Arguments[0]))),
            CallSyntax call => call.Arguments.Aggregate(1L, (sum, argument) => Add(sum, Nodes(argument))),
            UnarySyntax unary => Add(1, Nodes(unary.Operand)),
            BinarySyntax binary => Add(1, Add(Nodes(binary.Left), Nodes(binary.Right))),
            _ => 1,
        };
    }

    /// <summary>How many periods back the expression reads: nested history functions add their steps.</summary>
    public static int Reach(ExpressionSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return syntax switch
        {
            CallSyntax call when History(call) is not null => Math.Min(int.MaxValue / 2, Step(call) + Reach(call.Arguments[0])),
            CallSyntax call => call.Arguments.Select(Reach).DefaultIfEmpty(0).Max(),
            UnarySyntax unary => Reach(unary.Operand),
            BinarySyntax binary => Math.Max(Reach(binary.Left), Reach(binary.Right)),
            _ => 0,
        };
    }

    /// <summary>
    /// The copies of its argument the binder makes for a history call, and the nodes it adds
    /// around them (<see cref="HistoryShape"/>). Null for any other call.
    /// </summary>
    private static (long Times, long Extra)? History(CallSyntax call)
    {
        if (call.Arguments.Count == 0 || !LanguageFunctions.TryFind(call.Name, out var function) || function.History is not { } shape)
        {
            return null;
        }
        var periods = Periods(call, shape);
        return (shape.Copies(periods), shape.Extra(periods));
    }

    /// <summary>The n the binder will read; an n the binder refuses costs as the longest allowed.</summary>
    private static int Periods(CallSyntax call, HistoryShape shape) => call.Arguments.Count switch
    {
        1 => shape.DefaultPeriods ?? ExpressionBinder.MaxHistoryPeriods,
        _ => call.Arguments[1] is NumberLiteralSyntax { IsPercent: false } literal
            && literal.Value >= 1 && literal.Value <= ExpressionBinder.MaxHistoryPeriods && literal.Value == Math.Floor(literal.Value)
            ? (int)literal.Value
            : ExpressionBinder.MaxHistoryPeriods,
    };

    /// <summary>How far back the call itself reads.</summary>
    private static int Step(CallSyntax call)
    {
        LanguageFunctions.TryFind(call.Name, out var function);
        var shape = function.History!;
        return Math.Max(0, shape.Reach(Periods(call, shape)));
    }

    private static long Add(long a, long b) => Math.Min(Saturated, a + b);

    private static long Multiply(long a, long b) => b != 0 && a > Saturated / b ? Saturated : Math.Min(Saturated, a * b);
}
