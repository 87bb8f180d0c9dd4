using CxRox.Engine.Binding;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Tests.Binding;

/// <summary>
/// Unknown functions list what is there, future-reading ones say why they cannot exist, and a
/// syntax error does not hide the unknown names in the same formula.
/// </summary>
public class UnknownNameTests
{
    private static BindingResult Bind(string text) => ExpressionBinder.Bind(text, BinderTests.Scope(), expected: null);

    [Theory]
    [InlineData("next(nps) > nps", 0, 4)]
    [InlineData("nps - lead(nps, 1)", 6, 4)]
    [InlineData("future(csat)", 0, 6)]
    public void Bind_FutureReadingFunction_SaysOnlyEarlierPeriodsCanBeRead(string text, int start, int length)
    {
        var diagnostic = Assert.Single(Bind(text).Diagnostics);

        Assert.Equal("EXPR052", diagnostic.Code);
        Assert.Contains("only the current and earlier periods can be read", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("prev(x)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(new TextSpan(start, length), diagnostic.Span);
    }

    [Fact]
    public void Bind_UnknownFunction_ListsEveryFunctionOfTheLanguage()
    {
        var diagnostic = Assert.Single(Bind("sqrt(nps)").Diagnostics);

        Assert.Equal("EXPR033", diagnostic.Code);
        Assert.All(LanguageWords.FunctionNames, f => Assert.Contains(f, diagnostic.Message, StringComparison.Ordinal));
    }

    [Theory]
    // A missing operand, then an unknown metric after it.
    [InlineData("nps + * csta", new[] { "EXPR021", "EXPR024", "EXPR030" }, new[] { 6, 8, 8 })]
    // An unclosed call to an unknown function with an unknown metric inside.
    [InlineData("avrage(nsp, 3", new[] { "EXPR033", "EXPR022", "EXPR030" }, new[] { 0, 6, 7 })]
    // A ternary: everything after '?' is past the parse, yet csta is reported.
    [InlineData("nps > 5 ? csta : 0", new[] { "EXPR050", "EXPR030" }, new[] { 8, 10 })]
    // Unknown pillar and fact behind a syntax error.
    [InlineData("pillar.xc > 1 fact.ex_drag_cx", new[] { "EXPR031", "EXPR024", "EXPR032" }, new[] { 7, 14, 19 })]
    // A future read behind a decimal comma.
    [InlineData("next(nps) > 0,5", new[] { "EXPR052", "EXPR050" }, new[] { 0, 13 })]
    public void Bind_SyntaxError_StillReportsUnknownNames(string text, string[] codes, int[] starts)
    {
        var result = Bind(text);

        Assert.Equal(codes, result.Diagnostics.Select(d => d.Code));
        Assert.Equal(starts, result.Diagnostics.Select(d => d.Span.Start));
    }

    [Fact]
    public void Bind_SyntaxErrorWithKnownNames_ReportsOnlyTheSyntaxError()
    {
        var result = Bind("nps + csat * (complaints + pillar.cx");

        Assert.Equal(["EXPR022"], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Bind_SyntaxErrorWithManyUnknownNames_ReportsAFewOnce()
    {
        var result = Bind("a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a1 (");

        Assert.Equal(10, result.Diagnostics.Count(d => d.Code == "EXPR030"));
    }
}
