using System.Linq.Expressions;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// Collects a scorecard's expressions and compiles them as two trees, one for numbers (and
/// statuses) and one for conditions, each a switch on the expression's index. One
/// LambdaExpression.Compile() per kind instead of one per formula: compiling is the expensive part.
/// </summary>
internal sealed class ExpressionTable
{
    private readonly List<BoundExpression> _numbers = [];
    private readonly List<BoundExpression> _conditions = [];

    /// <summary>Adds an expression; returns its index in the table of its kind.</summary>
    public int Add(BoundExpression expression)
    {
        var table = expression.Kind == ValueKind.Boolean ? _conditions : _numbers;
        table.Add(expression);
        return table.Count - 1;
    }

    public Func<EvaluationFrame, int, double> CompileNumbers() => Compile<double>(_numbers);

    public Func<EvaluationFrame, int, bool> CompileConditions() => Compile<bool>(_conditions);

    private static Func<EvaluationFrame, int, T> Compile<T>(List<BoundExpression> expressions)
    {
        var frame = LinqExpression.Parameter(typeof(EvaluationFrame), "frame");
        var index = LinqExpression.Parameter(typeof(int), "index");
        if (expressions.Count == 0)
        {
            return static (_, i) => throw new ArgumentOutOfRangeException(nameof(i));
        }
        var cases = expressions
            .Select((expression, i) => LinqExpression.SwitchCase(ExpressionCompiler.BuildBody(expression, frame), LinqExpression.Constant(i)))
            .ToArray();
        var outOfRange = LinqExpression.Throw(
            LinqExpression.New(typeof(ArgumentOutOfRangeException).GetConstructor([typeof(string)])!, LinqExpression.Constant("index")),
            typeof(T));
        var body = LinqExpression.Switch(typeof(T), index, outOfRange, null, cases);
        return LinqExpression.Lambda<Func<EvaluationFrame, int, T>>(body, frame, index).Compile();
    }
}
