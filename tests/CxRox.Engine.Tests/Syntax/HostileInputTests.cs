using System.Diagnostics;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Tests.Syntax;

public class HostileInputTests
{
    private static ParseResult ParseQuickly(string text)
    {
        var watch = Stopwatch.StartNew();
        var result = ExpressionParser.Parse(text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Parsing took {watch.Elapsed}.");
        return result;
    }

    [Fact]
    public void Parse_HundredThousandOpenParens_ReportsLengthOnly()
    {
        var result = ParseQuickly(new string('(', 100_000));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("EXPR010", diagnostic.Code);
        Assert.Equal(new TextSpan(ExpressionLimits.MaxLength, 100_000 - ExpressionLimits.MaxLength), diagnostic.Span);
    }

    [Fact]
    public void Parse_MillionCharacters_ReportsLength()
    {
        var result = ParseQuickly(string.Concat(Enumerable.Repeat("nps + ", 166_667)));

        Assert.Equal("EXPR010", Assert.Single(result.Diagnostics).Code);
    }

    [Theory]
    [InlineData("(", 3000, "1")]
    [InlineData("-", 3900, "1")]
    [InlineData("not ", 990, "true")]
    [InlineData("2 ^ ", 990, "2")]
    [InlineData("abs(", 990, "1")]
    public void Parse_DeepNestingWithinLength_ReportsNestingOnce(string prefix, int count, string tail)
    {
        var result = ParseQuickly(string.Concat(Enumerable.Repeat(prefix, count)) + tail);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("EXPR011", diagnostic.Code);
    }

    [Fact]
    public void Parse_NestingAtLimit_IsAccepted()
    {
        var depth = ExpressionLimits.MaxNestingDepth;
        var text = new string('(', depth) + "1" + new string(')', depth);

        Assert.True(ParseQuickly(text).Succeeded);
        Assert.Equal("EXPR011", Assert.Single(ParseQuickly("(" + text + ")").Diagnostics).Code);
    }

    [Fact]
    public void Parse_TooManyArguments_ReportsOnce()
    {
        var text = "min(" + string.Join(", ", Enumerable.Repeat("1", 1000)) + ")";

        var diagnostic = Assert.Single(ParseQuickly(text).Diagnostics);

        Assert.Equal("EXPR012", diagnostic.Code);
    }

    [Fact]
    public void Evaluate_LongestFlatSum_DoesNotOverflowTheStack()
    {
        var terms = (ExpressionLimits.MaxLength + 1) / 2;
        var text = string.Join("+", Enumerable.Repeat("x", terms));
        var scope = new SymbolScope().AddMetric("x", new MetricSlots(value: 0, score: 1, status: 2));
        var frame = new EvaluationFrame(slotsPerPeriod: 3, periodCount: 1);
        frame[0, 0] = 1;

        var bound = ExpressionBinder.Bind(text, scope, ValueKind.Number);

        Assert.True(bound.Succeeded);
        Assert.Equal(terms, ExpressionCompiler.CompileNumber(bound.Expression!)(frame));
        Assert.Equal(terms, ExpressionInterpreter.EvaluateNumber(bound.Expression!, frame));
        Assert.Equal(text.Replace("+", " + ", StringComparison.Ordinal), ExpressionPrinter.Print(ExpressionParser.Parse(text).Root));
    }

    [Fact]
    public void Bind_NestedHistoryExplosion_ReportsTooComplex()
    {
        var scope = new SymbolScope().AddMetric("x", new MetricSlots(0, 1, 2));

        var result = ExpressionBinder.Bind("avg_over(avg_over(avg_over(x + x + x + x, 40), 40), 40)", scope, ValueKind.Number);

        Assert.Contains(result.Diagnostics, d => d.Code is "EXPR013" or "EXPR014");
    }

    [Fact]
    public void Bind_ManyExpandingTerms_StaysWithinNodeBudget()
    {
        var scope = new SymbolScope().AddMetric("x", new MetricSlots(0, 1, 2));
        var term = "avg_over(avg_over(x, 60), 60)";
        var text = string.Join(" + ", Enumerable.Repeat(term, ExpressionLimits.MaxLength / (term.Length + 3)));

        var watch = Stopwatch.StartNew();
        var result = ExpressionBinder.Bind(text, scope, ValueKind.Number);

        Assert.Equal("EXPR014", Assert.Single(result.Diagnostics).Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }
}
