using CxRox.Engine.Syntax;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Syntax;

public class PrinterTests
{
    [Theory]
    [InlineData("a+b*c", "a + b * c")]
    [InlineData("(a+b)*c", "(a + b) * c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("(a - b) - c", "a - b - c")]
    [InlineData("(2^3)^2", "(2 ^ 3) ^ 2")]
    [InlineData("2^(3^2)", "2 ^ 3 ^ 2")]
    [InlineData("(-2)^2", "(-2) ^ 2")]
    [InlineData("-(2^2)", "-2 ^ 2")]
    [InlineData("!a && b || c", "not a and b or c")]
    [InlineData("(a < b) == (c < d)", "(a < b) == (c < d)")]
    [InlineData("pillar.cx*12%", "pillar.cx * 12%")]
    [InlineData("if(fact.f,1E6,0.5)", "if(fact.f, 1000000, 0.5)")]
    [InlineData("1.5E-3", "0.0015")]
    [InlineData("1e20", "1E+20")]
    public void Print_ParsedText_GivesCanonicalText(string text, string canonical)
    {
        var parsed = ExpressionParser.Parse(text);

        Assert.True(parsed.Succeeded);
        Assert.Equal(canonical, ExpressionPrinter.Print(parsed.Root));
    }

    [Fact]
    public void PrintThenParse_RandomTrees_GivesEqualTree()
    {
        var generator = new RandomSyntax(new Random(20260101));
        for (var i = 0; i < 4000; i++)
        {
            var tree = generator.Expression(depth: 6);
            var text = ExpressionPrinter.Print(tree);

            var reparsed = ExpressionParser.Parse(text);

            Assert.True(reparsed.Succeeded, $"{text}: {string.Join("; ", reparsed.Diagnostics)}");
            Assert.True(tree.Equals(reparsed.Root), $"Round trip changed the tree of: {text} -> {ExpressionPrinter.Print(reparsed.Root)}");
            Assert.Equal(tree.GetHashCode(), reparsed.Root.GetHashCode());
            Assert.Equal(text, ExpressionPrinter.Print(reparsed.Root));
        }
    }

    /// <summary>Random syntax trees over every node kind and operator, without regard to types.</summary>
    internal sealed class RandomSyntax(Random random)
    {
        private static readonly string[] Names = ["nps", "csat", "x", "a1", "ex_drags_cx", "c_e_s"];
        private static readonly string[] CallNames = ["min", "max", "if", "prev", "avg_over", "coalesce", "custom_fn"];
        private static readonly double[] Numbers = [0, 1, 12, 0.5, 1e6, 1.5e-3, 1e20, 123456.789, 0.1, 1e-7];

        public ExpressionSyntax Expression(int depth)
        {
            var choice = depth <= 0 ? random.Next(4) : random.Next(8);
            return choice switch
            {
                0 => Number(),
                1 => random.Next(2) == 0
                    ? new BooleanLiteralSyntax(random.Next(2) == 0, default)
                    : new StatusLiteralSyntax((MetricStatus)random.Next(3), default),
                2 or 3 => new ReferenceSyntax((ReferenceKind)random.Next(3), Names[random.Next(Names.Length)], default),
                4 => new UnarySyntax((UnaryOperator)random.Next(3), Expression(depth - 1), default),
                5 or 6 => new BinarySyntax((BinaryOperator)random.Next(13), Expression(depth - 1), Expression(depth - 1), default, default),
                _ => new CallSyntax(
                    CallNames[random.Next(CallNames.Length)],
                    default,
                    [.. Enumerable.Range(0, random.Next(4)).Select(_ => Expression(depth - 1))],
                    default),
            };
        }

        private NumberLiteralSyntax Number()
        {
            var value = random.Next(3) == 0 ? Math.Round(random.NextDouble() * 1000, random.Next(6)) : Numbers[random.Next(Numbers.Length)];
            return new NumberLiteralSyntax(value, random.Next(5) == 0, default);
        }
    }
}
