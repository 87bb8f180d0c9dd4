using CxRox.Engine.Syntax;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Syntax;

public class ParserTests
{
    private static ExpressionSyntax ParseValid(string text)
    {
        var result = ExpressionParser.Parse(text);
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        return result.Root;
    }

    [Theory]
    [InlineData("a + b * c", "a + (b * c)")]
    [InlineData("a - b - c", "(a - b) - c")]
    [InlineData("a / b * c", "(a / b) * c")]
    [InlineData("-2 ^ 2", "-(2 ^ 2)")]
    [InlineData("2 ^ 3 ^ 2", "2 ^ (3 ^ 2)")]
    [InlineData("2 ^ -1", "2 ^ (-1)")]
    [InlineData("-a * b", "(-a) * b")]
    [InlineData("a or b and c", "a or (b and c)")]
    [InlineData("a || b && c", "a or (b and c)")]
    [InlineData("not a and b", "(not a) and b")]
    [InlineData("!a < b", "not (a < b)")]
    [InlineData("a < b + 1", "a < (b + 1)")]
    [InlineData("a == b or c != d", "(a == b) or (c != d)")]
    [InlineData("a and b and c", "(a and b) and c")]
    [InlineData("12% * x", "(12%) * x")]
    public void Parse_Precedence_MatchesExplicitParentheses(string text, string parenthesized)
    {
        Assert.Equal(ParseValid(parenthesized), ParseValid(text));
    }

    [Fact]
    public void Parse_Parentheses_ChangeTheTree()
    {
        Assert.NotEqual(ParseValid("a + b * c"), ParseValid("(a + b) * c"));
    }

    [Fact]
    public void Parse_References_GiveKindsAndSpans()
    {
        var root = (BinarySyntax)ParseValid("pillar.cx > 50 and fact.ex_drags_cx");

        var comparison = (BinarySyntax)root.Left;
        Assert.Equal(new ReferenceSyntax(ReferenceKind.Pillar, "cx", default), comparison.Left);
        Assert.Equal(new TextSpan(0, 9), comparison.Left.Span);
        Assert.Equal(new ReferenceSyntax(ReferenceKind.Fact, "ex_drags_cx", default), root.Right);
        Assert.Equal(new TextSpan(19, 16), root.Right.Span);
    }

    [Fact]
    public void Parse_Literals_GiveLiteralNodes()
    {
        var call = (CallSyntax)ParseValid("f(12%, true, false, green, amber, red)");

        Assert.Equal(
            [new NumberLiteralSyntax(12, true, default), new BooleanLiteralSyntax(true, default), new BooleanLiteralSyntax(false, default),
             new StatusLiteralSyntax(MetricStatus.Green, default), new StatusLiteralSyntax(MetricStatus.Amber, default), new StatusLiteralSyntax(MetricStatus.Red, default)],
            call.Arguments);
        Assert.Equal(0.12, ((NumberLiteralSyntax)call.Arguments[0]).EffectiveValue);
    }

    [Fact]
    public void Parse_ParenthesizedNode_SpanCoversParentheses()
    {
        var root = (BinarySyntax)ParseValid("(a + b) * c");

        Assert.Equal(new TextSpan(0, 7), root.Left.Span);
        Assert.Equal(new TextSpan(8, 1), root.OperatorSpan);
    }

    [Theory]
    [InlineData("", "EXPR020", 0, 0)]
    [InlineData("   ", "EXPR020", 3, 0)]
    [InlineData("(nps + 1", "EXPR022", 0, 1)]
    [InlineData("min(nps, csat", "EXPR022", 3, 1)]
    [InlineData("nps +", "EXPR021", 5, 0)]
    [InlineData("nps 5", "EXPR024", 4, 1)]
    [InlineData("nps)", "EXPR028", 3, 1)]
    [InlineData("a < b < c", "EXPR025", 6, 1)]
    [InlineData("pillar + 1", "EXPR026", 0, 6)]
    [InlineData("fact.", "EXPR026", 0, 4)]
    [InlineData("min + 1", "EXPR027", 0, 3)]
    [InlineData("true + if", "EXPR027", 7, 2)]
    [InlineData("min(a b)", "EXPR023", 6, 1)]
    public void Parse_Error_ReportsCodeAndPosition(string text, string code, int start, int length)
    {
        var result = ExpressionParser.Parse(text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(new TextSpan(start, length), diagnostic.Span);
    }

    [Fact]
    public void Parse_UnclosedParen_ReportsPosition()
    {
        var result = ExpressionParser.Parse("round((nps + csat) / 2");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("EXPR022", diagnostic.Code);
        Assert.Equal(new TextSpan(5, 1), diagnostic.Span);
        Assert.Equal("The '(' at position 6 is never closed.", diagnostic.Message);
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsEachInOrder()
    {
        var result = ExpressionParser.Parse("min(nps, , 5) + max(# , csat) + (1 +");

        Assert.Equal(["EXPR021", "EXPR001", "EXPR022", "EXPR021"], result.Diagnostics.Select(d => d.Code));
        Assert.Equal([9, 20, 32, 36], result.Diagnostics.Select(d => d.Span.Start));
    }

    [Fact]
    public void Parse_ErrorInsideArgument_RecoversAtNextArgument()
    {
        var result = ExpressionParser.Parse("max(nps csat, 3 *, abs(x))");

        Assert.Equal(["EXPR023", "EXPR021"], result.Diagnostics.Select(d => d.Code));
        var call = Assert.IsType<CallSyntax>(result.Root);
        Assert.Equal(3, call.Arguments.Count);
        Assert.IsType<CallSyntax>(call.Arguments[2]);
    }

    [Fact]
    public void Parse_ChainedComparison_SuggestsAnd()
    {
        var diagnostic = Assert.Single(ExpressionParser.Parse("0 < nps < 50").Diagnostics);

        Assert.Contains("a < b and b < c", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Span_DrawsCaretsUnderIt()
    {
        var excerpt = DiagnosticExcerpt.Render("nps + avrage(csat, 3)", new TextSpan(6, 6));

        Assert.Equal("nps + avrage(csat, 3)\n      ^^^^^^", excerpt);
    }

    [Fact]
    public void Render_SpanOnSecondLine_ShowsThatLineOnly()
    {
        var text = "nps +\n\tcsat +";

        Assert.Equal("\tcsat +\n\t      ^", DiagnosticExcerpt.Render(text, new TextSpan(text.Length, 0)));
        Assert.Equal("\tcsat +\n\t^^^^", DiagnosticExcerpt.Render(text, new TextSpan(7, 4)));
        Assert.Equal(new LinePosition(1, 1), DiagnosticExcerpt.GetLinePosition(text, 7));
    }
}
