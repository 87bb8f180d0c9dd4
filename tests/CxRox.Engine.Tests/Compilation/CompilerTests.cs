using System.Linq.Expressions;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Syntax;
using CxRox.Engine.Tests.Binding;
using LinqExpression = System.Linq.Expressions.Expression;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Compilation;

public class CompilerTests
{
    private static BoundExpression Bind(string text, ValueKind kind)
    {
        var result = ExpressionBinder.Bind(text, BinderTests.Scope(), kind);
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        return result.Expression!;
    }

    private static EvaluationFrame Frame()
    {
        var frame = new EvaluationFrame(slotsPerPeriod: 11, periodCount: 3);
        for (var period = 0; period < 3; period++)
        {
            frame[period, 0] = 40 - (10 * period);
            frame[period, 3] = 80 + period;
        }

        frame[0, 2] = StatusEncoding.Red;
        frame[0, 10] = 1;
        return frame;
    }

    [Fact]
    public void BuildBody_SeveralExpressions_CombineIntoOneCompiledTree()
    {
        var frame = LinqExpression.Parameter(typeof(EvaluationFrame), "frame");
        var results = LinqExpression.Parameter(typeof(double[]), "results");
        var formulas = new[] { "nps + csat", "delta(nps)", "avg_over(csat, 3)" }.Select(f => Bind(f, ValueKind.Number)).ToList();
        var body = LinqExpression.Block(formulas.Select((formula, i) =>
            LinqExpression.Assign(LinqExpression.ArrayAccess(results, LinqExpression.Constant(i)), ExpressionCompiler.BuildBody(formula, frame))));
        var all = LinqExpression.Lambda<Action<EvaluationFrame, double[]>>(body, frame, results).Compile();
        var output = new double[3];

        all(Frame(), output);

        Assert.Equal([120, 10, 81], output);
    }

    [Fact]
    public void BuildBody_Types_FollowValueKinds()
    {
        var frame = LinqExpression.Parameter(typeof(EvaluationFrame), "frame");

        Assert.Equal(typeof(double), ExpressionCompiler.BuildBody(Bind("nps", ValueKind.Number), frame).Type);
        Assert.Equal(typeof(double), ExpressionCompiler.BuildBody(Bind("status(nps)", ValueKind.Status), frame).Type);
        Assert.Equal(typeof(bool), ExpressionCompiler.BuildBody(Bind("fact.ex_drags_cx", ValueKind.Boolean), frame).Type);
    }

    [Fact]
    public void CompileCondition_RuleOverStatusAndFact_Evaluates()
    {
        var rule = ExpressionCompiler.CompileCondition(Bind("status(nps) == red and fact.ex_drags_cx and delta(nps) > 5", ValueKind.Boolean));

        Assert.True(rule(Frame()));
    }

    [Fact]
    public void CompileNumber_OfCondition_Throws()
    {
        Assert.Throws<ArgumentException>(() => ExpressionCompiler.CompileNumber(Bind("nps > 1", ValueKind.Boolean)));
        Assert.Throws<ArgumentException>(() => ExpressionCompiler.CompileCondition(Bind("nps", ValueKind.Number)));
    }

    [Fact]
    public void Evaluate_CompiledDelegate_DoesNotAllocate()
    {
        var formula = ExpressionCompiler.CompileNumber(Bind(
            "coalesce(prev(nps, 9), trend(nps, 3)) + avg_over(csat, 3) + if(nps != csat, max(nps, 1, 2), 0) + pct_change(nps)",
            ValueKind.Number));
        var frame = Frame();
        var sum = formula(frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            sum += formula(frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void Frame_ReadBeyondLoadedPeriods_IsMissing()
    {
        var expression = Bind("prev(nps, 3)", ValueKind.Number);

        Assert.True(double.IsNaN(ExpressionCompiler.CompileNumber(expression)(Frame())));
        Assert.True(double.IsNaN(ExpressionInterpreter.EvaluateNumber(expression, Frame())));
    }

    [Fact]
    public void Frame_NewFrame_IsAllMissing()
    {
        var frame = new EvaluationFrame(slotsPerPeriod: 4, periodCount: 2);

        Assert.Equal(8, frame.Values.Length);
        Assert.All(frame.Values, v => Assert.True(double.IsNaN(v)));
        Assert.Throws<ArgumentOutOfRangeException>(() => frame[2, 0]);
    }

    [Theory]
    [InlineData(MetricStatus.Green, 0)]
    [InlineData(MetricStatus.Amber, 1)]
    [InlineData(MetricStatus.Red, 2)]
    public void StatusEncoding_RoundTrips(MetricStatus status, double value)
    {
        Assert.Equal(value, StatusEncoding.ToValue(status));
        Assert.Equal(status, StatusEncoding.FromValue(value));
        Assert.Null(StatusEncoding.FromValue(double.NaN));
    }
}
