using System.Globalization;

namespace CxRox.Engine.Syntax;

/// <summary>Turns expression text into tokens. Never throws; problems become diagnostics.</summary>
public static class ExpressionLexer
{
    public static IReadOnlyList<Token> Tokenize(string text, ICollection<ExpressionDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        // Spans stay valid: folding replaces one character by one.
        text = LookAlikeCharacters.Fold(text, diagnostics);
        var tokens = new List<Token>();
        var position = 0;
        var afterQuestionMark = false;
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsWhiteSpace(c))
            {
                position++;
                continue;
            }

            var start = position;
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref position, diagnostics));
            }
            else if (c == '.' && char.IsAsciiDigit(Peek(text, position + 1)) && !FollowsValue(tokens))
            {
                tokens.Add(ReadNumber(text, ref position, diagnostics));
                diagnostics.Add(new(DiagnosticCatalogue.ForeignSyntax,
                    $"Write '0{text[start..position]}', with a zero before the decimal point.", TextSpan.FromBounds(start, position)));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                tokens.Add(ReadWord(text, ref position, diagnostics));
            }
            else if (ForeignSyntax.IsQuote(c))
            {
                tokens.Add(ForeignSyntax.ReadQuoted(text, ref position, diagnostics));
            }
            else
            {
                afterQuestionMark |= c == '?';
                var (kind, length) = ReadSymbol(text, position, afterQuestionMark, diagnostics);
                position += length;
                tokens.Add(new Token(kind, new TextSpan(start, length), text.Substring(start, length)));
            }
        }

        tokens.Add(new Token(TokenKind.EndOfInput, new TextSpan(text.Length, 0), string.Empty));
        return tokens;
    }

    private static Token ReadNumber(string text, ref int position, ICollection<ExpressionDiagnostic> diagnostics)
    {
        var start = position;
        var valid = true;
        SkipDigits(text, ref position);
        if (Peek(text, position) == '.')
        {
            position++;
            valid &= SkipDigits(text, ref position);
        }

        if (Peek(text, position) is 'e' or 'E')
        {
            position++;
            if (Peek(text, position) is '+' or '-')
            {
                position++;
            }

            valid &= SkipDigits(text, ref position);
        }

        // A letter glued to a number ("12abc") is a typo, not two tokens.
        while (char.IsAsciiLetterOrDigit(Peek(text, position)) || Peek(text, position) == '_')
        {
            position++;
            valid = false;
        }

        var numberEnd = position;
        var isPercent = Peek(text, position) == '%';
        if (isPercent)
        {
            position++;
        }

        var span = TextSpan.FromBounds(start, position);
        var written = text[start..numberEnd];
        var value = 0.0;
        if (!valid)
        {
            diagnostics.Add(new(DiagnosticCatalogue.InvalidNumber,
                $"'{written}' is not a number. Write numbers like 12, 0.5, 1e6 or 12%.", span));
        }
        else if (!double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            diagnostics.Add(new(DiagnosticCatalogue.InvalidNumber, $"The number '{written}' is too large.", span));
            value = 0;
        }

        return new Token(TokenKind.Number, span, text[start..position], value, isPercent);
    }

    private static Token ReadWord(string text, ref int position, ICollection<ExpressionDiagnostic> diagnostics)
    {
        var start = position;
        while (char.IsAsciiLetterOrDigit(Peek(text, position)) || Peek(text, position) == '_')
        {
            position++;
        }

        var span = TextSpan.FromBounds(start, position);
        var word = text[start..position];
        if (ForeignSyntax.NotANumberMessage(word) is { } notANumber)
        {
            diagnostics.Add(new(DiagnosticCatalogue.ForeignSyntax, notANumber, span));
            return new Token(TokenKind.Bad, span, word);
        }

        if (!char.IsAsciiLetterLower(word[0]) || word.Any(char.IsAsciiLetterUpper))
        {
            var lower = word.ToLowerInvariant().TrimStart('_');
            var hint = lower.Length > 0 ? $" Did you mean '{lower}'?" : string.Empty;
            diagnostics.Add(new(DiagnosticCatalogue.InvalidIdentifier,
                $"Names are written in lower case with underscores and start with a letter: '{word}' is not valid.{hint}", span));
        }

        var kind = word switch
        {
            "and" => TokenKind.And,
            "or" => TokenKind.Or,
            "not" => TokenKind.Not,
            _ => TokenKind.Identifier,
        };
        return new Token(kind, span, word);
    }

    private static (TokenKind Kind, int Length) ReadSymbol(
        string text, int position, bool afterQuestionMark, ICollection<ExpressionDiagnostic> diagnostics)
    {
        var c = text[position];
        var next = Peek(text, position + 1);
        if (ForeignSyntax.Operator(text, position, afterQuestionMark) is { } foreign)
        {
            if (foreign.Message is not null)
            {
                diagnostics.Add(new(DiagnosticCatalogue.ForeignSyntax, foreign.Message, new TextSpan(position, foreign.Length)));
            }

            return (foreign.ReadAs, foreign.Length);
        }

        switch (c)
        {
            case '(': return (TokenKind.OpenParen, 1);
            case ')': return (TokenKind.CloseParen, 1);
            case ',': return (TokenKind.Comma, 1);
            case '.': return (TokenKind.Dot, 1);
            case '+': return (TokenKind.Plus, 1);
            case '-': return (TokenKind.Minus, 1);
            case '*': return (TokenKind.Star, 1);
            case '/': return (TokenKind.Slash, 1);
            case '^': return (TokenKind.Caret, 1);
            case '<' when next == '=': return (TokenKind.LessOrEqual, 2);
            case '<' when next == '>':
                return Misspelled(TokenKind.BangEqual, 2, "Use '!=' for 'is not equal to'.", position, diagnostics);
            case '<': return (TokenKind.Less, 1);
            case '>' when next == '=': return (TokenKind.GreaterOrEqual, 2);
            case '>': return (TokenKind.Greater, 1);
            case '=' when next == '=': return (TokenKind.EqualEqual, 2);
            case '=': return Misspelled(TokenKind.EqualEqual, 1, "Use '==' to compare two values.", position, diagnostics);
            case '!' when next == '=': return (TokenKind.BangEqual, 2);
            case '!': return (TokenKind.Not, 1);
            case '&' when next == '&': return (TokenKind.And, 2);
            case '&': return Misspelled(TokenKind.And, 1, "Use 'and' (or '&&') to combine conditions.", position, diagnostics);
            case '|' when next == '|': return (TokenKind.Or, 2);
            case '|': return Misspelled(TokenKind.Or, 1, "Use 'or' (or '||') to combine conditions.", position, diagnostics);
            default:
                var length = char.IsSurrogatePair(text, position) ? 2 : 1;
                var shown = text.Substring(position, length);
                var message = c == '%'
                    ? "A percent sign must follow a number directly, as in 12%."
                    : $"The character '{shown}' cannot be used in a formula.";
                diagnostics.Add(new(DiagnosticCatalogue.UnexpectedCharacter, message, new TextSpan(position, length)));
                return (TokenKind.Bad, length);
        }
    }

    private static (TokenKind Kind, int Length) Misspelled(
        TokenKind kind, int length, string message, int position, ICollection<ExpressionDiagnostic> diagnostics)
    {
        diagnostics.Add(new(DiagnosticCatalogue.MisspelledOperator, message, new TextSpan(position, length)));
        return (kind, length);
    }

    /// <summary>Whether the last token ends a value, so that a following '.' is not the start of a number.</summary>
    private static bool FollowsValue(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind is TokenKind.Identifier or TokenKind.Number or TokenKind.CloseParen;

    private static bool SkipDigits(string text, ref int position)
    {
        var start = position;
        while (char.IsAsciiDigit(Peek(text, position)))
        {
            position++;
        }

        return position > start;
    }

    private static char Peek(string text, int position) => position < text.Length ? text[position] : '\0';
}
