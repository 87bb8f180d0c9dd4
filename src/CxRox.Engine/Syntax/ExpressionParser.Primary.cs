using CxRox.Engine.Model;
namespace CxRox.Engine.Syntax;

public sealed partial class ExpressionParser
{
    private ExpressionSyntax ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Take();
                return new NumberLiteralSyntax(token.NumberValue, token.IsPercent, token.Span);
            case TokenKind.Identifier:
                return ParseWord();
            case TokenKind.OpenParen:
                return ParseParenthesized();
            case TokenKind.Bad:
                // Already reported by the lexer.
                Take();
                return new ErrorSyntax(token.Span);
            default:
                // Leave ')' ',' and the end for the caller to synchronise on; skip anything else.
                var found = token.Kind == TokenKind.EndOfInput ? "the end of the formula" : $"'{token.Text}'";
                Report(DiagnosticCatalogue.ExpectedValue,
                    $"Expected a value (a number, a metric, a function or a parenthesis) but found {found}.", token.Span);
                if (token.Kind is not (TokenKind.CloseParen or TokenKind.Comma or TokenKind.EndOfInput))
                {
                    Take();
                }

                return new ErrorSyntax(token.Span);
        }
    }

    private ExpressionSyntax ParseWord()
    {
        var token = Take();
        var span = token.Span;
        switch (token.Text)
        {
            case "true": return new BooleanLiteralSyntax(true, span);
            case "false": return new BooleanLiteralSyntax(false, span);
            case "green": return new StatusLiteralSyntax(MetricStatus.Green, span);
            case "amber": return new StatusLiteralSyntax(MetricStatus.Amber, span);
            case "red": return new StatusLiteralSyntax(MetricStatus.Red, span);
            case "pillar": return ParseQualifiedReference(ReferenceKind.Pillar, token);
            case "fact": return ParseQualifiedReference(ReferenceKind.Fact, token);
        }

        if (Current.Kind == TokenKind.OpenParen)
        {
            return ParseCall(token);
        }

        if (LanguageWords.IsReserved(token.Text))
        {
            var hint = LanguageWords.FunctionNames.Contains(token.Text)
                ? $"'{token.Text}' is a function: write {token.Text}(...)."
                : $"'{token.Text}' is a reserved word and cannot be used as a value.";
            Report(DiagnosticCatalogue.ReservedWordMisused, hint, span);
            return new ErrorSyntax(span);
        }

        return new ReferenceSyntax(ReferenceKind.Metric, token.Text, span);
    }

    private ExpressionSyntax ParseQualifiedReference(ReferenceKind kind, Token prefix)
    {
        if (Current.Kind == TokenKind.Dot && _tokens[_position + 1].Kind == TokenKind.Identifier)
        {
            Take();
            var name = Take();
            return new ReferenceSyntax(kind, name.Text, prefix.Span.Cover(name.Span));
        }

        var example = kind == ReferenceKind.Pillar ? "pillar.cx" : "fact.ex_drags_cx";
        Report(DiagnosticCatalogue.ExpectedReferenceName,
            $"'{prefix.Text}' must be followed by a dot and a name, as in {example}.", prefix.Span);
        if (Current.Kind == TokenKind.Dot)
        {
            Take();
        }

        return new ErrorSyntax(prefix.Span);
    }

    private ExpressionSyntax ParseParenthesized()
    {
        var open = Take();
        if (!TryEnterNesting())
        {
            return new ErrorSyntax(open.Span);
        }

        var inner = ParseExpression();
        _depth--;
        var close = ExpectCloseParenthesis(open);
        // The node keeps its own kind but widens to cover the parentheses, so messages quote them.
        return WithSpan(inner, open.Span.Cover(close));
    }

    private static ExpressionSyntax WithSpan(ExpressionSyntax node, TextSpan span) => node with { Span = span };

    private CallSyntax ParseCall(Token name)
    {
        var open = Take();
        var arguments = new List<ExpressionSyntax>();
        if (!TryEnterNesting())
        {
            return new CallSyntax(name.Text, name.Span, arguments, name.Span);
        }

        if (Current.Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                var argument = ParseExpression();
                if (arguments.Count == ExpressionLimits.MaxArguments)
                {
                    Report(DiagnosticCatalogue.TooManyArguments,
                        $"'{name.Text}' is given more than {ExpressionLimits.MaxArguments} arguments.", argument.Span);
                }

                arguments.Add(argument);
                if (Current.Kind == TokenKind.Comma)
                {
                    Take();
                    continue;
                }

                if (Current.Kind is TokenKind.CloseParen or TokenKind.EndOfInput || !SkipToArgumentBoundary(name))
                {
                    break;
                }
            }
        }

        _depth--;
        var close = ExpectCloseParenthesis(open);
        return new CallSyntax(name.Text, name.Span, arguments, name.Span.Cover(close));
    }

    /// <summary>
    /// After an argument that is not followed by ',' or ')': report once, then skip to the next
    /// ',' or ')' of this call. Returns true when a ',' was found and another argument follows.
    /// </summary>
    private bool SkipToArgumentBoundary(Token name)
    {
        if (Current.Kind != TokenKind.Bad)
        {
            Report(DiagnosticCatalogue.ExpectedCommaOrClose,
                $"Expected ',' or ')' in the call to '{name.Text}' but found '{Current.Text}'.", Current.Span);
        }

        var nested = 0;
        while (Current.Kind != TokenKind.EndOfInput)
        {
            switch (Current.Kind)
            {
                case TokenKind.OpenParen:
                    nested++;
                    break;
                case TokenKind.CloseParen when nested == 0:
                    return false;
                case TokenKind.CloseParen:
                    nested--;
                    break;
                case TokenKind.Comma when nested == 0:
                    Take();
                    return true;
            }

            Take();
        }

        return false;
    }

    /// <summary>Consumes the ')' that closes <paramref name="open"/>, or reports it missing.</summary>
    private TextSpan ExpectCloseParenthesis(Token open)
    {
        if (Current.Kind == TokenKind.CloseParen)
        {
            return Take().Span;
        }

        if (Current.Kind != TokenKind.EndOfInput)
        {
            if (DecimalComma() is { } decimalComma)
            {
                Report(DiagnosticCatalogue.ForeignSyntax, decimalComma, Current.Span);
            }
            else if (Current.Kind != TokenKind.Bad)
            {
                Report(DiagnosticCatalogue.ExpectedCommaOrClose, $"Expected ')' but found '{Current.Text}'.", Current.Span);
            }

            var nested = 0;
            while (Current.Kind != TokenKind.EndOfInput && !(Current.Kind == TokenKind.CloseParen && nested == 0))
            {
                nested += Current.Kind switch { TokenKind.OpenParen => 1, TokenKind.CloseParen => -1, _ => 0 };
                Take();
            }

            if (Current.Kind == TokenKind.CloseParen)
            {
                return Take().Span;
            }
        }

        Report(DiagnosticCatalogue.UnclosedParenthesis,
            $"The '(' at position {open.Span.Start + 1} is never closed.", open.Span);
        return PreviousSpan;
    }
}
