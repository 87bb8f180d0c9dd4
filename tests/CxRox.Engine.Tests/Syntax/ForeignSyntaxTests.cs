using CxRox.Engine.Binding;
using CxRox.Engine.Syntax;
using CxRox.Engine.Tests.Binding;

namespace CxRox.Engine.Tests.Syntax;

/// <summary>
/// Habits from other languages get one pointed message each (EXPR050, EXPR051), and where the
/// intent is clear the formula reads on as intended: no cascade of follow-on errors.
/// </summary>
public class ForeignSyntaxTests
{
    private static ExpressionDiagnostic SingleDiagnostic(string text)
    {
        var result = ExpressionBinder.Bind(text, BinderTests.Scope(), expected: null);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics);
    }

    [Theory]
    [InlineData("nps => 5", "'=>' is written '>=' here (greater than or equal).", 4, 2)]
    [InlineData("nps =< 5", "'=<' is written '<=' here (less than or equal).", 4, 2)]
    [InlineData("nps ** 2", "'**' is written '^' here, as in x^2.", 4, 2)]
    [InlineData("nps \u2265 5", "'\u2265' is written '>=' here.", 4, 1)]
    [InlineData("nps > 5 ? 1 : 0", "There is no 'condition ? a : b' here; write if(condition, a, b).", 8, 1)]
    [InlineData("nps * .5", "Write '0.5', with a zero before the decimal point.", 6, 2)]
    [InlineData("nps > 0,5", "Decimals are written with a point: 0.5, not 0,5.", 7, 1)]
    [InlineData("(nps + 0,5)", "Decimals are written with a point: 0.5, not 0,5.", 8, 1)]
    [InlineData("'nps' > 5", "Names are written without quotes here: write nps, not 'nps'.", 0, 5)]
    [InlineData("\"nps\" > 5", "Names are written without quotes here: write nps, not \"nps\".", 0, 5)]
    [InlineData("status(nps) == \u2018green\u2019", "Names are written without quotes here: write green, not 'green'.", 15, 7)]
    [InlineData("'Net Promoter Score' > 5", "Formulas hold no text in quotes: refer to a metric by its id (lower case with underscores, as in nps), without quotes, not 'Net Promoter Score'.", 0, 20)]
    [InlineData("nps // promoters minus detractors", "Formulas have no comments; explain the formula in the metric's \"description\" instead.", 4, 29)]
    [InlineData("nps /* note */ + 1", "Formulas have no comments; explain the formula in the metric's \"description\" instead.", 4, 10)]
    public void Bind_ForeignSyntax_GivesOnePointedHint(string text, string message, int start, int length)
    {
        var diagnostic = SingleDiagnostic(text);

        Assert.Equal("EXPR050", diagnostic.Code);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(new TextSpan(start, length), diagnostic.Span);
    }

    [Theory]
    [InlineData("coalesce(nps, NaN)", "NaN", 14)]
    [InlineData("coalesce(nps, nan)", "nan", 14)]
    [InlineData("coalesce(nps, NULL)", "NULL", 14)]
    [InlineData("nps != null", "null", 7)]
    public void Bind_NotANumberOrNull_SaysMissingValuesStayMissing(string text, string word, int start)
    {
        var diagnostic = SingleDiagnostic(text);

        Assert.Equal("EXPR050", diagnostic.Code);
        Assert.StartsWith($"'{word}' is not part of the language: a value without data is missing", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("coalesce(x, 0)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(new TextSpan(start, word.Length), diagnostic.Span);
    }

    [Theory]
    [InlineData("n\u0440s > 5", "U+0440 CYRILLIC SMALL LETTER ER looks like 'p' but is another character; type 'p' instead.", 1)]
    [InlineData("\u0441sat > 5", "U+0441 CYRILLIC SMALL LETTER ES looks like 'c' but is another character; type 'c' instead.", 0)]
    [InlineData("nps > 5 \u03BFr csat > 1", "U+03BF GREEK SMALL LETTER OMICRON looks like 'o' but is another character; type 'o' instead.", 8)]
    [InlineData("\uFF4Eps > 5", "U+FF4E FULLWIDTH LATIN SMALL LETTER N looks like 'n' but is another character; type 'n' instead.", 0)]
    [InlineData("max\uFF08nps, 5)", "U+FF08 FULLWIDTH LEFT PARENTHESIS looks like '(' but is another character; type '(' instead.", 3)]
    [InlineData("nps > \uFF15", "U+FF15 FULLWIDTH DIGIT FIVE looks like '5' but is another character; type '5' instead.", 6)]
    [InlineData("nps \u2212 csat", "U+2212 MINUS SIGN looks like '-' but is another character; type '-' instead.", 4)]
    public void Bind_LookAlikeCharacter_IsNamedByCodePointAndReadAsIntended(string text, string message, int start)
    {
        var diagnostic = SingleDiagnostic(text);

        Assert.Equal("EXPR051", diagnostic.Code);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(new TextSpan(start, 1), diagnostic.Span);
    }

    [Fact]
    public void Bind_SameLookAlikeTwice_IsReportedOnce()
    {
        var diagnostic = SingleDiagnostic("\u0441sat + \u0441sat");

        Assert.Equal(0, diagnostic.Span.Start);
    }

    [Theory]
    [InlineData("max(0,5)")]
    [InlineData("round(nps,2)")]
    [InlineData("nps * 0.5")]
    [InlineData("nps ^ 2 >= 5")]
    public void Bind_LookingForeignButValid_HasNoDiagnostic(string text)
    {
        var result = ExpressionBinder.Bind(text, BinderTests.Scope(), expected: null);

        Assert.Empty(result.Diagnostics);
    }
}
