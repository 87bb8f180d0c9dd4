using System.Collections.Immutable;
using System.Linq.Expressions;
using CxRox.Engine.Binding;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CxRox.Engine.Compilation;

public static partial class ExpressionCompiler
{
    /// <summary>Sums the present points into block locals, then <see cref="RuntimeMath.Average"/>.</summary>
    private static BlockExpression BuildAverage(BoundAverageOver average, ParameterExpression frame)
    {
        var sum = LinqExpression.Variable(typeof(double), "sum");
        var count = LinqExpression.Variable(typeof(double), "count");
        var point = LinqExpression.Variable(typeof(double), "point");
        var body = new List<LinqExpression>
        {
            LinqExpression.Assign(sum, LinqExpression.Constant(0.0)),
            LinqExpression.Assign(count, LinqExpression.Constant(0.0)),
        };
        foreach (var expression in average.Points)
        {
            body.Add(LinqExpression.Assign(point, Build(expression, frame)));
            body.Add(IfPresent(point,
                LinqExpression.AddAssign(sum, point),
                LinqExpression.AddAssign(count, LinqExpression.Constant(1.0))));
        }

        body.Add(Call(nameof(RuntimeMath.Average), sum, count));
        return LinqExpression.Block([sum, count, point], body);
    }

    /// <summary>
    /// Least-squares sums over the present points, with time t = -i for the point i periods back
    /// (so a rising series has a positive slope), then <see cref="RuntimeMath.TrendSlope"/>.
    /// </summary>
    private static BlockExpression BuildTrend(BoundTrend trend, ParameterExpression frame)
    {
        ImmutableArray<ParameterExpression> sums =
        [
            LinqExpression.Variable(typeof(double), "count"),
            LinqExpression.Variable(typeof(double), "sumT"),
            LinqExpression.Variable(typeof(double), "sumY"),
            LinqExpression.Variable(typeof(double), "sumTT"),
            LinqExpression.Variable(typeof(double), "sumTY"),
        ];
        var (count, sumT, sumY, sumTT, sumTY) = (sums[0], sums[1], sums[2], sums[3], sums[4]);
        var point = LinqExpression.Variable(typeof(double), "point");
        var body = sums.Select(s => (LinqExpression)LinqExpression.Assign(s, LinqExpression.Constant(0.0))).ToList();
        for (var i = 0; i < trend.Points.Length; i++)
        {
            var t = LinqExpression.Constant((double)-i);
            body.Add(LinqExpression.Assign(point, Build(trend.Points[i], frame)));
            body.Add(IfPresent(point,
                LinqExpression.AddAssign(count, LinqExpression.Constant(1.0)),
                LinqExpression.AddAssign(sumT, t),
                LinqExpression.AddAssign(sumY, point),
                LinqExpression.AddAssign(sumTT, LinqExpression.Multiply(t, t)),
                LinqExpression.AddAssign(sumTY, LinqExpression.Multiply(t, point))));
        }

        body.Add(Call(nameof(RuntimeMath.TrendSlope), count, sumT, sumY, sumTT, sumTY));
        return LinqExpression.Block([.. sums, point], body);
    }

    private static ConditionalExpression IfPresent(ParameterExpression value, params LinqExpression[] then) =>
        LinqExpression.IfThen(LinqExpression.Not(LinqExpression.Call(IsNaNMethod, value)), LinqExpression.Block(then));
}
