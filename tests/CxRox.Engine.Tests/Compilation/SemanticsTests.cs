using System.Globalization;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Syntax;
using CxRox.Engine.Tests.TestData.Expressions;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Compilation;

/// <summary>Every case is evaluated compiled and interpreted; both must give the expected value.</summary>
public class SemanticsTests
{
    private const int SlotsPerPeriod = 18;

    private static readonly SymbolScope Scope = new SymbolScope()
        .AddMetric("nps", new MetricSlots(value: 0, score: 1, status: 2))
        .AddMetric("csat", new MetricSlots(value: 3, score: 4, status: 5))
        .AddMetric("gone", new MetricSlots(value: 6, score: 7, status: 8))
        .AddMetric("zero", new MetricSlots(value: 9, score: 10, status: 11))
        .AddMetric("neg", new MetricSlots(value: 12, score: 13, status: 14))
        .AddPillar("cx", slot: 15)
        .AddFact("on", slot: 16)
        .AddFact("off", slot: 17);

    internal static EvaluationFrame Frame()
    {
        var frame = new EvaluationFrame(SlotsPerPeriod, periodCount: 4);
        double[] nps = [40, 30, double.NaN, 20];
        double[] csat = [80, 75, 70, 65];
        for (var period = 0; period < 4; period++)
        {
            frame[period, 0] = nps[period];
            frame[period, 3] = csat[period];
            frame[period, 9] = 0;
        }

        frame[0, 1] = 60;
        frame[0, 2] = StatusEncoding.Amber;
        frame[1, 2] = StatusEncoding.Green;
        frame[0, 12] = -2.5;
        frame[1, 12] = -5;
        frame[0, 15] = 55;
        frame[0, 16] = 1;
        frame[0, 17] = 0;
        return frame;
    }

    [Theory]
    [MemberData(nameof(SemanticsCases.Literals), MemberType = typeof(SemanticsCases))]
    [MemberData(nameof(SemanticsCases.Arithmetic), MemberType = typeof(SemanticsCases))]
    [MemberData(nameof(SemanticsCases.MissingAndDivision), MemberType = typeof(SemanticsCases))]
    [MemberData(nameof(SemanticsCases.Functions), MemberType = typeof(SemanticsCases))]
    [MemberData(nameof(SemanticsCases.History), MemberType = typeof(SemanticsCases))]
    public void Evaluate_Case_GivesExpectedValue(string text, string expected)
    {
        var bound = ExpressionBinder.Bind(text, Scope, expected: null);
        Assert.True(bound.Succeeded, string.Join("; ", bound.Diagnostics));
        var expression = bound.Expression!;
        var frame = Frame();

        if (expression.Kind == ValueKind.Boolean)
        {
            var value = bool.Parse(expected);
            Assert.Equal(value, ExpressionCompiler.CompileCondition(expression)(frame));
            Assert.Equal(value, ExpressionInterpreter.EvaluateCondition(expression, frame));
            return;
        }

        var wanted = Expected(expected, expression.Kind);
        AssertSame(wanted, ExpressionCompiler.CompileNumber(expression)(frame), "compiled");
        AssertSame(wanted, ExpressionInterpreter.EvaluateNumber(expression, frame), "interpreted");
    }

    [Fact]
    public void Evaluate_AnyMissingInput_NeverThrows()
    {
        var frame = new EvaluationFrame(SlotsPerPeriod, periodCount: 1);
        foreach (var text in new[] { "trend(nps, 60) + avg_over(csat, 60)", "pct_change(prev(nps, 60), 60)" })
        {
            var expression = ExpressionBinder.Bind(text, Scope, ValueKind.Number).Expression!;

            Assert.True(double.IsNaN(ExpressionCompiler.CompileNumber(expression)(frame)));
            Assert.True(double.IsNaN(ExpressionInterpreter.EvaluateNumber(expression, frame)));
        }
    }

    private static double Expected(string expected, ValueKind kind)
    {
        if (expected == "missing")
        {
            return double.NaN;
        }

        if (kind == ValueKind.Status)
        {
            return StatusEncoding.ToValue(Enum.Parse<MetricStatus>(expected, ignoreCase: true));
        }

        return double.Parse(expected, CultureInfo.InvariantCulture);
    }

    private static void AssertSame(double expected, double actual, string how)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{how}: expected missing but got {actual}");
            return;
        }

        Assert.Equal(expected, actual, tolerance: Math.Abs(expected) * 1e-12);
    }
}
