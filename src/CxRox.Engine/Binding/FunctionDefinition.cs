using System.Collections.Immutable;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>What the consultant looks for in a function's group of the reference.</summary>
public enum FunctionGroup
{
    Choice,
    Arithmetic,
    MissingValues,
    MetricParts,
    History,
}

/// <summary>
/// One function of the language, declared once in <see cref="LanguageFunctions"/>: its name and
/// arity (what the parser reserves and the binder checks), how the binder turns a call into bound
/// nodes (which the compiler and the interpreter both evaluate), and its line in the generated
/// reference, with examples whose results a test evaluates both ways.
/// </summary>
public sealed record FunctionDefinition
{
    public required string Name { get; init; }

    public required int MinArguments { get; init; }

    /// <summary><see cref="ExpressionLimits.MaxArguments"/> for "any number from the minimum on".</summary>
    public required int MaxArguments { get; init; }

    /// <summary>How the reference writes a call, e.g. <c>round(x, digits)</c>.</summary>
    public required string Signature { get; init; }

    /// <summary>What each argument must be, in words.</summary>
    public required string Arguments { get; init; }

    /// <summary>The kind of its result, in words.</summary>
    public required string Returns { get; init; }

    public required FunctionGroup Group { get; init; }

    public required string Summary { get; init; }

    /// <summary>What it gives when something it reads is missing.</summary>
    public required string Missing { get; init; }

    /// <summary>Calls over <see cref="Language.ExampleWorld"/> and what each gives there.</summary>
    public required ImmutableArray<FunctionExample> Examples { get; init; }

    /// <summary>Set for functions that read earlier periods: how far back and how much they copy.</summary>
    public HistoryShape? History { get; init; }

    /// <summary>Binds a call whose argument count is within the arity: checks the arguments and builds the bound nodes.</summary>
    public required Func<ExpressionBinder, CallSyntax, BoundExpression> Bind { get; init; }

    public bool TakesAnyNumber => MaxArguments == ExpressionLimits.MaxArguments;
}

/// <param name="Expression">A call as a consultant writes it.</param>
/// <param name="Result">What it gives, as a trace shows it.</param>
public sealed record FunctionExample(string Expression, string Result);

/// <summary>
/// How a history function reads earlier periods of its first argument x: the binder copies x once
/// per period it reads (so <see cref="Copies"/> is also what each evaluation costs, and what the
/// scorecard budget counts), and <see cref="Reach"/> is how far back the call itself reads.
/// </summary>
/// <param name="MinPeriods">The smallest n (its second argument) allowed.</param>
/// <param name="DefaultPeriods">The n when the call leaves it out; null when it must be given.</param>
/// <param name="Windowed">n counts the periods read (x and n - 1 earlier ones) rather than steps back.</param>
/// <param name="ReadsStatuses">x may be a status as well as a number.</param>
/// <param name="Copies">Copies of x for a given n.</param>
/// <param name="Extra">Nodes the call adds around the copies for a given n.</param>
/// <param name="Lower">Builds the call's bound tree from x (bound, unshifted), n and the call's span.</param>
public sealed record HistoryShape(
    int MinPeriods,
    int? DefaultPeriods,
    bool Windowed,
    bool ReadsStatuses,
    Func<int, int> Copies,
    Func<int, int> Extra,
    Func<BoundExpression, int, TextSpan, BoundExpression> Lower)
{
    /// <summary>How many periods before the current one the call reads.</summary>
    public int Reach(int periods) => Windowed ? periods - 1 : periods;
}
