namespace CxRox.Engine.Syntax;

/// <summary>
/// Bounds that keep hostile or accidental input from exhausting the stack, memory or time.
/// Each one, when hit, becomes a diagnostic, never an exception.
/// </summary>
public static class ExpressionLimits
{
    /// <summary>Longest expression text accepted, in characters.</summary>
    public const int MaxLength = 4000;

    /// <summary>Deepest nesting of parentheses, calls and prefix/power operators.</summary>
    public const int MaxNestingDepth = 50;

    /// <summary>Most arguments one function call may take.</summary>
    public const int MaxArguments = 64;

    /// <summary>Furthest back (in periods) a formula may read through nested history functions.</summary>
    public const int MaxPeriodOffset = 120;

    /// <summary>
    /// Most nodes the binder may create. History functions copy their argument once per period
    /// they read, so nested <c>avg_over</c> calls multiply; this bounds the result.
    /// </summary>
    public const int MaxBoundNodes = 20_000;
}
