using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Syntax;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Compilation;

/// <summary>The compiled delegate and the interpreter agree on random expressions over random frames.</summary>
public class DifferentialTests
{
    private const int Slots = 8;

    [Fact]
    public void CompiledAndInterpreted_RandomExpressions_Agree()
    {
        var random = new Random(4242);
        var generator = new RandomBound(random);
        var frames = Enumerable.Range(0, 25).Select(_ => RandomFrame(random)).ToList();
        for (var i = 0; i < 1200; i++)
        {
            var kind = (ValueKind)random.Next(1, 4);
            var expression = generator.Of(kind, depth: 5);
            if (kind == ValueKind.Boolean)
            {
                var compiled = ExpressionCompiler.CompileCondition(expression);
                Assert.All(frames, frame => Assert.Equal(ExpressionInterpreter.EvaluateCondition(expression, frame), compiled(frame)));
            }
            else
            {
                var compiled = ExpressionCompiler.CompileNumber(expression);
                Assert.All(frames, frame => AssertAgree(ExpressionInterpreter.EvaluateNumber(expression, frame), compiled(frame), expression));
            }
        }
    }

    private static void AssertAgree(double interpreted, double compiled, BoundExpression expression)
    {
        if (double.IsNaN(interpreted) || double.IsNaN(compiled))
        {
            Assert.True(double.IsNaN(interpreted) && double.IsNaN(compiled), $"{interpreted} vs {compiled} for {expression}");
            return;
        }

        Assert.True(double.IsFinite(compiled), "A non-finite result must be missing.");
        Assert.True(
            interpreted == compiled || Math.Abs(interpreted - compiled) <= 1e-9 * Math.Max(Math.Abs(interpreted), Math.Abs(compiled)),
            $"{interpreted} vs {compiled}");
    }

    private static EvaluationFrame RandomFrame(Random random)
    {
        double[] pool = [double.NaN, double.NaN, 0, 1, 2, -1, 0.5, 40, -7.25, 100, 1e300, -1e300, 3, 2];
        var frame = new EvaluationFrame(Slots, periodCount: random.Next(1, 5));
        for (var i = 0; i < frame.Values.Length; i++)
        {
            frame.Values[i] = random.Next(3) == 0 ? pool[random.Next(pool.Length)] : Math.Round((random.NextDouble() * 200) - 100, 2);
        }

        return frame;
    }

    /// <summary>Random well-typed bound trees, built directly so every node kind and operator appears.</summary>
    private sealed class RandomBound(Random random)
    {
        private static readonly double[] Constants = [0, 1, -1, 0.5, 2, 3, 10, 100, 1e-3, 1e308];

        public BoundExpression Of(ValueKind kind, int depth) => kind switch
        {
            ValueKind.Number => Number(depth),
            ValueKind.Boolean => Condition(depth),
            ValueKind.Status => Status(depth),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        private BoundExpression Number(int depth)
        {
            var choice = depth <= 0 ? random.Next(2) : random.Next(13);
            var d = depth - 1;
            return choice switch
            {
                0 => new BoundNumberConstant(Constants[random.Next(Constants.Length)], default),
                1 => Read(ValueKind.Number),
                2 => new BoundUnary(BoundUnaryOperator.Negate, Number(d), ValueKind.Number, default),
                3 or 4 => new BoundBinary((BoundBinaryOperator)random.Next(5), Number(d), Number(d), ValueKind.Number, default),
                5 => new BoundConditional(Condition(d), Number(d), Number(d), ValueKind.Number, default),
                6 => Call(random.Next(2) == 0 ? BoundFunction.Min : BoundFunction.Max, random.Next(1, 4), d),
                7 => Call(BoundFunction.Abs, 1, d),
                8 => Call(BoundFunction.Clamp, 3, d),
                9 => Call(BoundFunction.Coalesce, random.Next(2, 4), d),
                10 => new BoundRound(Number(d), random.Next(4), default),
                11 => new BoundAverageOver(Window(Number(d)), default),
                _ => new BoundTrend(Window(Number(d)), default),
            };
        }

        private BoundExpression Condition(int depth)
        {
            var choice = depth <= 0 ? random.Next(2) : random.Next(9);
            var d = depth - 1;
            return choice switch
            {
                0 => new BoundBooleanConstant(random.Next(2) == 0, default),
                1 => new BoundRead(ReadTarget.Fact, "f", random.Next(Slots), 0, ValueKind.Boolean, default),
                2 => new BoundUnary(BoundUnaryOperator.Not, Condition(d), ValueKind.Boolean, default),
                3 or 4 => new BoundBinary((BoundBinaryOperator)random.Next(5, 11), Number(d), Number(d), ValueKind.Boolean, default),
                5 => new BoundBinary(random.Next(2) == 0 ? BoundBinaryOperator.Equal : BoundBinaryOperator.NotEqual,
                    Status(d), Status(d), ValueKind.Boolean, default),
                6 => new BoundBinary((BoundBinaryOperator)random.Next(11, 15), Condition(d), Condition(d), ValueKind.Boolean, default),
                7 => new BoundCall(BoundFunction.Exists, [random.Next(2) == 0 ? Number(d) : Status(d)], ValueKind.Boolean, default),
                _ => new BoundConditional(Condition(d), Condition(d), Condition(d), ValueKind.Boolean, default),
            };
        }

        private BoundExpression Status(int depth)
        {
            var choice = depth <= 0 ? random.Next(2) : random.Next(4);
            var d = depth - 1;
            return choice switch
            {
                0 => new BoundStatusConstant((MetricStatus)random.Next(3), default),
                1 => Read(ValueKind.Status),
                2 => new BoundConditional(Condition(d), Status(d), Status(d), ValueKind.Status, default),
                _ => new BoundCall(BoundFunction.Coalesce, [Status(d), Status(d)], ValueKind.Status, default),
            };
        }

        private BoundRead Read(ValueKind kind)
        {
            var target = kind == ValueKind.Status ? ReadTarget.MetricStatus : (ReadTarget)random.Next(2);
            return new BoundRead(target, "m", random.Next(Slots), random.Next(5), kind, default);
        }

        private BoundCall Call(BoundFunction function, int count, int depth) =>
            new(function, [.. Enumerable.Range(0, count).Select(_ => Number(depth))], ValueKind.Number, default);

        private ImmutableArray<BoundExpression> Window(BoundExpression value) =>
            [.. Enumerable.Range(0, random.Next(2, 5)).Select(offset => BoundTree.Shift(value, offset))];
    }
}
