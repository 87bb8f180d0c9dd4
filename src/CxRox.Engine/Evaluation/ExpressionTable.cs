using System.Linq.Expressions;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// Collects a scorecard's formulas and ROX return (numbers; statuses are numbers too) and compiles
/// them as one tree, a switch on the expression's index: one LambdaExpression.Compile() instead of
/// one per formula, since compiling is the expensive part. Rule conditions and message holes are
/// compiled with their rules (Rules/RuleDefinitions).
/// </summary>
internal sealed class ExpressionTable
{
    private readonly List<BoundExpression> _numbers = [];

    /// <summary>Adds a number- or status-typed expression; returns its index in the table.</summary>
    public int Add(BoundExpression expression)
    {
        if (expression.Kind is not (ValueKind.Number or ValueKind.Status))
        {
            throw new ArgumentException($"The table holds numbers and statuses, not {ValueKindText.Describe(expression.Kind)}.", nameof(expression));
        }
        _numbers.Add(expression);
        return _numbers.Count - 1;
    }

    public Func<EvaluationFrame, int, double> Compile()
    {
        var frame = LinqExpression.Parameter(typeof(EvaluationFrame), "frame");
        var index = LinqExpression.Parameter(typeof(int), "index");
        if (_numbers.Count == 0)
        {
            return static (_, i) => throw new ArgumentOutOfRangeException(nameof(i));
        }
        var cases = _numbers
            .Select((expression, i) => LinqExpression.SwitchCase(ExpressionCompiler.BuildBody(expression, frame), LinqExpression.Constant(i)))
            .ToArray();
        var outOfRange = LinqExpression.Throw(
            LinqExpression.New(typeof(ArgumentOutOfRangeException).GetConstructor([typeof(string)])!, LinqExpression.Constant("index")),
            typeof(double));
        var body = LinqExpression.Switch(typeof(double), index, outOfRange, null, cases);
        return LinqExpression.Lambda<Func<EvaluationFrame, int, double>>(body, frame, index).Compile();
    }
}
