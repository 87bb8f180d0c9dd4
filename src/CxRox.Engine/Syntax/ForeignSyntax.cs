using System.Collections.Frozen;

namespace CxRox.Engine.Syntax;

/// <summary>
/// What consultants bring from spreadsheets, SQL, JavaScript and Python, with a pointed hint
/// (EXPR050). Where the intent is clear ('=>' for '>=', '**' for '^', a quoted id) the lexer reads
/// on as if it had been written so; the formula is still refused, but everything after it is checked.
/// </summary>
internal static class ForeignSyntax
{
    /// <param name="ReadAs">The token the text is read as; <see cref="TokenKind.Bad"/> when nothing fits.</param>
    /// <param name="Message">The hint; null when an earlier hint already covers this text.</param>
    public readonly record struct Reading(TokenKind ReadAs, int Length, string? Message);

    private const string NoMissingMarker =
        "a value without data is missing, and stays missing through arithmetic. Test for it with exists(x), or put a number in its place with coalesce(x, 0).";

    private const string NoInfinity = "there is no infinity in formulas; write a large number, or bound a value with clamp(x, low, high).";

    /// <summary>Words for "no value" or "infinite" from other languages, lower-cased, with the hint for each.</summary>
    private static readonly FrozenDictionary<string, string> NoValueWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nan"] = NoMissingMarker,
        ["null"] = NoMissingMarker,
        ["none"] = NoMissingMarker,
        ["undefined"] = NoMissingMarker,
        ["infinity"] = NoInfinity,
        ["inf"] = NoInfinity,
    }.ToFrozenDictionary();

    /// <summary>
    /// The hint for NaN, NULL, None, Infinity and the like, written with a capital (so never a
    /// valid id); null for other words. Lower-case ones could be ids, so the binder hints at them
    /// only when no metric has that id (<see cref="NoValueHint"/>).
    /// </summary>
    public static string? NotANumberMessage(string word) =>
        word.Any(char.IsAsciiLetterUpper) ? NoValueHint(word) : null;

    /// <summary>The hint for a word that means "no value" or "infinite" elsewhere, in any case; null otherwise.</summary>
    public static string? NoValueHint(string word) =>
        NoValueWords.TryGetValue(word.ToLowerInvariant(), out var hint) ? $"'{word}' is not part of the language: {hint}" : null;

    /// <summary>Operators and comments from other languages at <paramref name="position"/>; null when the text is none of them.</summary>
    public static Reading? Operator(string text, int position, bool afterQuestionMark)
    {
        var c = text[position];
        var next = position + 1 < text.Length ? text[position + 1] : '\0';
        return (c, next) switch
        {
            ('=', '>') => new(TokenKind.GreaterOrEqual, 2, "'=>' is written '>=' here (greater than or equal)."),
            ('=', '<') => new(TokenKind.LessOrEqual, 2, "'=<' is written '<=' here (less than or equal)."),
            ('*', '*') => new(TokenKind.Caret, 2, "'**' is written '^' here, as in x^2."),
            ('\u2264', _) => new(TokenKind.LessOrEqual, 1, "'\u2264' is written '<=' here."),
            ('\u2265', _) => new(TokenKind.GreaterOrEqual, 1, "'\u2265' is written '>=' here."),
            ('\u2260', _) => new(TokenKind.BangEqual, 1, "'\u2260' is written '!=' here."),
            ('?', _) => new(TokenKind.Bad, 1, "There is no 'condition ? a : b' here; write if(condition, a, b)."),
            (':', _) when afterQuestionMark => new(TokenKind.Bad, 1, null),
            ('/', '/') => new(TokenKind.Bad, text.Length - position, Comment),
            ('/', '*') => new(TokenKind.Bad, BlockCommentLength(text, position), Comment),
            _ => null,
        };
    }

    private const string Comment = "Formulas have no comments; explain the formula in the metric's \"description\" instead.";

    private static int BlockCommentLength(string text, int position)
    {
        var end = text.IndexOf("*/", position + 2, StringComparison.Ordinal);
        return end < 0 ? text.Length - position : end + 2 - position;
    }

    public static bool IsQuote(char c) => c is '\'' or '"';

    /// <summary>
    /// Text in quotes: an id or a word of the language in quotes ('nps', "green") is read as that
    /// name with a hint; anything else becomes one bad token.
    /// </summary>
    public static Token ReadQuoted(string text, ref int position, ICollection<ExpressionDiagnostic> diagnostics)
    {
        var start = position;
        var quote = text[start];
        var close = text.IndexOf(quote, start + 1);
        if (close < 0)
        {
            position++;
            diagnostics.Add(new(DiagnosticCatalogue.ForeignSyntax,
                "Formulas hold no text in quotes, and this quote is never closed; refer to a metric by its id without quotes, as in nps.",
                new TextSpan(start, 1)));
            return new Token(TokenKind.Bad, new TextSpan(start, 1), text[start..position]);
        }

        position = close + 1;
        var span = TextSpan.FromBounds(start, position);
        var written = text[start..position];
        var content = text[(start + 1)..close];
        if (LanguageWords.IsValidId(content) || LanguageWords.IsReserved(content))
        {
            diagnostics.Add(new(DiagnosticCatalogue.ForeignSyntax,
                $"Names are written without quotes here: write {content}, not {written}.", span));
            return new Token(TokenKind.Identifier, span, content);
        }

        diagnostics.Add(new(DiagnosticCatalogue.ForeignSyntax,
            $"Formulas hold no text in quotes: refer to a metric by its id (lower case with underscores, as in nps), without quotes, not {written}.", span));
        return new Token(TokenKind.Bad, span, written);
    }
}
