using CxRox.Engine.Syntax;

namespace CxRox.Engine.Tests.Syntax;

public class LexerTests
{
    private static (IReadOnlyList<Token> Tokens, List<ExpressionDiagnostic> Diagnostics) Lex(string text)
    {
        var diagnostics = new List<ExpressionDiagnostic>();
        return (ExpressionLexer.Tokenize(text, diagnostics), diagnostics);
    }

    [Theory]
    [InlineData("12", 12.0, false)]
    [InlineData("0.5", 0.5, false)]
    [InlineData("1e6", 1e6, false)]
    [InlineData("1.5E-3", 1.5e-3, false)]
    [InlineData("2e+2", 200.0, false)]
    [InlineData("12%", 12.0, true)]
    [InlineData("0.5%", 0.5, true)]
    public void Tokenize_Number_ReadsInvariantValue(string text, double value, bool isPercent)
    {
        var (tokens, diagnostics) = Lex(text);

        Assert.Empty(diagnostics);
        Assert.Equal(TokenKind.Number, tokens[0].Kind);
        Assert.Equal(value, tokens[0].NumberValue);
        Assert.Equal(isPercent, tokens[0].IsPercent);
        Assert.Equal(new TextSpan(0, text.Length), tokens[0].Span);
    }

    [Fact]
    public void Tokenize_Operators_GivesKindsAndSpans()
    {
        var (tokens, diagnostics) = Lex("a<=b && !c || d != e");

        Assert.Empty(diagnostics);
        Assert.Equal(
            [TokenKind.Identifier, TokenKind.LessOrEqual, TokenKind.Identifier, TokenKind.And, TokenKind.Not, TokenKind.Identifier,
             TokenKind.Or, TokenKind.Identifier, TokenKind.BangEqual, TokenKind.Identifier, TokenKind.EndOfInput],
            tokens.Select(t => t.Kind));
        Assert.Equal(new TextSpan(1, 2), tokens[1].Span);
        Assert.Equal(new TextSpan(5, 2), tokens[3].Span);
        Assert.Equal(new TextSpan(20, 0), tokens[^1].Span);
    }

    [Fact]
    public void Tokenize_WordOperators_AreOperatorTokens()
    {
        var (tokens, _) = Lex("not a and b or c");

        Assert.Equal(TokenKind.Not, tokens[0].Kind);
        Assert.Equal(TokenKind.And, tokens[2].Kind);
        Assert.Equal(TokenKind.Or, tokens[4].Kind);
    }

    [Theory]
    [InlineData("nps # 5", "EXPR001", 4, 1)]
    [InlineData("1.", "EXPR002", 0, 2)]
    [InlineData("1e", "EXPR002", 0, 2)]
    [InlineData("12abc", "EXPR002", 0, 5)]
    [InlineData("1e999", "EXPR002", 0, 5)]
    [InlineData("a + NPS", "EXPR003", 4, 3)]
    [InlineData("_x", "EXPR003", 0, 2)]
    [InlineData("a = b", "EXPR004", 2, 1)]
    [InlineData("a & b", "EXPR004", 2, 1)]
    [InlineData("a <> b", "EXPR004", 2, 2)]
    [InlineData("a + % b", "EXPR001", 4, 1)]
    public void Tokenize_BadInput_ReportsCodeAndSpan(string text, string code, int start, int length)
    {
        var (_, diagnostics) = Lex(text);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(new TextSpan(start, length), diagnostic.Span);
    }

    [Fact]
    public void Tokenize_UpperCaseName_SuggestsLowerCase()
    {
        var (_, diagnostics) = Lex("NPS");

        Assert.Contains("Did you mean 'nps'?", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }
}
