using System.Collections.Immutable;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// Every function of the language, once. The parser reserves these names
/// (<see cref="LanguageWords"/>), the binder checks arity and binds through <see cref="FunctionDefinition.Bind"/>,
/// the scorecard budget reads <see cref="FunctionDefinition.History"/>, and scorecards/LANGUAGE.md
/// is generated from this table; LanguageTableTests fail when the schema, the reference or an
/// example's result disagrees. Adding a function is one entry here (and its tests).
/// </summary>
public static class LanguageFunctions
{
    private const int Any = ExpressionLimits.MaxArguments;

    public static ImmutableArray<FunctionDefinition> All { get; } =
    [
        new()
        {
            Name = "if", MinArguments = 3, MaxArguments = 3, Group = FunctionGroup.Choice,
            Signature = "if(condition, a, b)", Arguments = "a condition, then two values of one kind", Returns = "the kind of a and b",
            Summary = "a when the condition is true, otherwise b; only the chosen one is evaluated.",
            Missing = "A condition is never missing (a comparison with a missing value is false), so b is chosen then.",
            Examples = [new("if(nps >= 40, green, amber)", "green"), new("if(ces > 5, 1, 0)", "0")],
            Bind = static (binder, call) => binder.BindIf(call),
        },
        new()
        {
            Name = "min", MinArguments = 1, MaxArguments = Any, Group = FunctionGroup.Arithmetic,
            Signature = "min(x, ...)", Arguments = "numbers", Returns = "number",
            Summary = "The smallest of its arguments.",
            Missing = "Missing when any argument is missing.",
            Examples = [new("min(nps, 50, 45)", "42"), new("min(nps, ces)", "missing")],
            Bind = static (binder, call) => binder.BindNumbers(call, BoundFunction.Min),
        },
        new()
        {
            Name = "max", MinArguments = 1, MaxArguments = Any, Group = FunctionGroup.Arithmetic,
            Signature = "max(x, ...)", Arguments = "numbers", Returns = "number",
            Summary = "The largest of its arguments.",
            Missing = "Missing when any argument is missing.",
            Examples = [new("max(nps, prev(nps))", "42")],
            Bind = static (binder, call) => binder.BindNumbers(call, BoundFunction.Max),
        },
        new()
        {
            Name = "abs", MinArguments = 1, MaxArguments = 1, Group = FunctionGroup.Arithmetic,
            Signature = "abs(x)", Arguments = "a number", Returns = "number",
            Summary = "x without its sign.",
            Missing = "Missing when x is missing.",
            Examples = [new("abs(delta(churn))", "0.0025")],
            Bind = static (binder, call) => binder.BindNumbers(call, BoundFunction.Abs),
        },
        new()
        {
            Name = "round", MinArguments = 1, MaxArguments = 2, Group = FunctionGroup.Arithmetic,
            Signature = "round(x, digits)", Arguments = "a number; digits a whole number from 0 to 10 written out (default 0)", Returns = "number",
            Summary = "x rounded to digits decimals, half away from zero on the decimal value, as spreadsheets do.",
            Missing = "Missing when x is missing.",
            Examples = [new("round(1.005, 2)", "1.01"), new("round(0.285, 2)", "0.29"), new("round(-2.5)", "-3")],
            Bind = static (binder, call) => binder.BindRound(call),
        },
        new()
        {
            Name = "clamp", MinArguments = 3, MaxArguments = 3, Group = FunctionGroup.Arithmetic,
            Signature = "clamp(x, low, high)", Arguments = "three numbers", Returns = "number",
            Summary = "x held within low..high.",
            Missing = "Missing when any argument is missing, or when low is above high.",
            Examples = [new("clamp(nps, 0, 40)", "40")],
            Bind = static (binder, call) => binder.BindNumbers(call, BoundFunction.Clamp),
        },
        new()
        {
            Name = "coalesce", MinArguments = 2, MaxArguments = Any, Group = FunctionGroup.MissingValues,
            Signature = "coalesce(x, y, ...)", Arguments = "numbers, or statuses, all of one kind", Returns = "the kind of its arguments",
            Summary = "The first argument that is not missing; later ones are not evaluated.",
            Missing = "Missing only when every argument is missing.",
            Examples = [new("coalesce(ces, prev(ces))", "5.1"), new("coalesce(prev(churn, 3), 0)", "0")],
            Bind = static (binder, call) => binder.BindCoalesce(call),
        },
        new()
        {
            Name = "exists", MinArguments = 1, MaxArguments = 1, Group = FunctionGroup.MissingValues,
            Signature = "exists(x)", Arguments = "a number or a status", Returns = "condition",
            Summary = "true when x has a value.",
            Missing = "false when x is missing; never missing itself.",
            Examples = [new("exists(ces)", "false"), new("exists(prev(ces))", "true")],
            Bind = static (binder, call) => binder.BindExists(call),
        },
        new()
        {
            Name = "score", MinArguments = 1, MaxArguments = 1, Group = FunctionGroup.MetricParts,
            Signature = "score(metric)", Arguments = "a metric id", Returns = "number",
            Summary = "The metric's score, 0 at its floor and 100 at its target.",
            Missing = "Missing when the metric has no value or no floor and target.",
            Examples = [new("score(nps)", "70")],
            Bind = static (binder, call) => binder.BindMetricPart(call, ReadTarget.MetricScore),
        },
        new()
        {
            Name = "status", MinArguments = 1, MaxArguments = 1, Group = FunctionGroup.MetricParts,
            Signature = "status(metric)", Arguments = "a metric id", Returns = "status",
            Summary = "The metric's status (green, amber or red): from its thresholds, or as a rule set it.",
            Missing = "Missing when the metric has no value or no thresholds.",
            Examples = [new("status(nps)", "green"), new("status(nps) == green", "true")],
            Bind = static (binder, call) => binder.BindMetricPart(call, ReadTarget.MetricStatus),
        },
        History(
            "prev", "prev(x, n)", "a number or a status; n a whole number from 1 to 60 written out (default 1)", "the kind of x",
            "x as it was n periods back.",
            "Missing when x was missing then, and before the data starts.",
            [new("prev(nps)", "40"), new("prev(nps, 3)", "35"), new("prev(churn, 3)", "missing")],
            new HistoryShape(1, 1, Windowed: false, ReadsStatuses: true, Copies: _ => 1, Extra: _ => 0,
                Lower: static (x, n, span) => BoundTree.Shift(x, n) with { Span = span })),
        History(
            "delta", "delta(x, n)", "a number; n a whole number from 1 to 60 written out (default 1)", "number",
            "The change over n periods: x - prev(x, n), in x's own unit (for a percentage, percentage points).",
            "Missing when x or prev(x, n) is missing.",
            [new("delta(nps)", "2"), new("delta(nps, 3)", "7")],
            new HistoryShape(1, 1, Windowed: false, ReadsStatuses: false, Copies: _ => 2, Extra: _ => 1,
                Lower: static (x, n, span) => new BoundBinary(BoundBinaryOperator.Subtract, x, BoundTree.Shift(x, n), ValueKind.Number, span))),
        History(
            "pct_change", "pct_change(x, n)", "a number; n a whole number from 1 to 60 written out (default 1)", "number (a fraction)",
            "The relative change over n periods as a fraction: (x - prev(x, n)) / abs(prev(x, n)); 0.05 is a rise of 5%, so compare it with 5%, not 5.",
            "Missing when x or prev(x, n) is missing, or prev(x, n) is 0.",
            [new("pct_change(nps)", "0.05"), new("pct_change(nps) > 4%", "true")],
            new HistoryShape(1, 1, Windowed: false, ReadsStatuses: false, Copies: _ => 3, Extra: _ => 3,
                Lower: static (x, n, span) =>
                {
                    var earlier = BoundTree.Shift(x, n);
                    return new BoundBinary(BoundBinaryOperator.Divide,
                        new BoundBinary(BoundBinaryOperator.Subtract, x, earlier, ValueKind.Number, span),
                        new BoundCall(BoundFunction.Abs, [earlier], ValueKind.Number, span),
                        ValueKind.Number, span);
                })),
        History(
            "avg_over", "avg_over(x, n)", "a number; n a whole number from 2 to 60 written out", "number",
            "The mean of x over the last n periods, this one included.",
            "Periods where x is missing are left out of the mean; missing when all n are.",
            [new("avg_over(nps, 3)", "40"), new("avg_over(churn, 4)", "0.0258333333333333")],
            new HistoryShape(2, null, Windowed: true, ReadsStatuses: false, Copies: n => n, Extra: _ => 1,
                Lower: static (x, n, span) => new BoundAverageOver(Window(x, n), span))),
        History(
            "trend", "trend(x, n)", "a number; n a whole number from 2 to 60 written out", "number (change per period)",
            "The least-squares slope of x over the last n periods, this one included: how much x changes per period on average; positive when rising.",
            "Periods where x is missing are left out of the fit; missing with fewer than two present.",
            [new("trend(nps, 4)", "2.3")],
            new HistoryShape(2, null, Windowed: true, ReadsStatuses: false, Copies: n => n, Extra: _ => 1,
                Lower: static (x, n, span) => new BoundTrend(Window(x, n), span))),
        History(
            "rising", "rising(x, n)", "a number; n a whole number from 1 to 60 written out", "condition",
            "true when x rose strictly in each of the last n periods: x > prev(x) > ... > prev(x, n).",
            "false when any of the n + 1 values is missing (including periods before the data starts), so not rising(x, n) is then true.",
            [new("rising(nps, 3)", "true"), new("rising(churn, 1)", "false")],
            Running(BoundBinaryOperator.Greater)),
        History(
            "falling", "falling(x, n)", "a number; n a whole number from 1 to 60 written out", "condition",
            "true when x fell strictly in each of the last n periods: x < prev(x) < ... < prev(x, n).",
            "false when any of the n + 1 values is missing (including periods before the data starts), so not falling(x, n) is then true.",
            [new("falling(churn, 2)", "true"), new("falling(churn, 3)", "false")],
            Running(BoundBinaryOperator.Less)),
    ];

    private static readonly Dictionary<string, FunctionDefinition> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static ImmutableArray<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The functions that read earlier periods, in table order.</summary>
    public static ImmutableArray<string> HistoryNames { get; } = [.. All.Where(f => f.History is not null).Select(f => f.Name)];

    public static bool TryFind(string name, out FunctionDefinition function) => ByName.TryGetValue(name, out function!);

    private static FunctionDefinition History(
        string name, string signature, string arguments, string returns, string summary, string missing,
        ImmutableArray<FunctionExample> examples, HistoryShape shape) => new()
        {
            Name = name,
            MinArguments = shape.DefaultPeriods is null ? 2 : 1,
            MaxArguments = 2,
            Group = FunctionGroup.History,
            Signature = signature,
            Arguments = arguments,
            Returns = returns,
            Summary = summary,
            Missing = missing,
            Examples = examples,
            History = shape,
            Bind = (binder, call) => binder.BindHistory(call, shape),
        };

    /// <summary>rising and falling: n strict comparisons between neighbouring periods, all of which must hold.</summary>
    private static HistoryShape Running(BoundBinaryOperator comparison) =>
        new(1, null, Windowed: false, ReadsStatuses: false, Copies: n => 2 * n, Extra: n => (2 * n) - 1,
            Lower: (x, n, span) => Enumerable.Range(0, n)
                .Select(i => (BoundExpression)new BoundBinary(comparison, BoundTree.Shift(x, i), BoundTree.Shift(x, i + 1), ValueKind.Boolean, span))
                .Aggregate((all, step) => new BoundBinary(BoundBinaryOperator.And, all, step, ValueKind.Boolean, span)));

    private static ImmutableArray<BoundExpression> Window(BoundExpression value, int periods) =>
        [.. Enumerable.Range(0, periods).Select(offset => BoundTree.Shift(value, offset))];
}
