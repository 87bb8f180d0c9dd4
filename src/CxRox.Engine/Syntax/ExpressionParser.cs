using System.Collections.Immutable;

namespace CxRox.Engine.Syntax;

/// <summary>The tree of one expression and every problem found while reading it.</summary>
public sealed record ParseResult(string Text, ExpressionSyntax Root, ImmutableArray<ExpressionDiagnostic> Diagnostics)
{
    public bool Succeeded => Diagnostics.IsEmpty;
}

/// <summary>
/// Recursive-descent parser, one method per precedence level (loosest first):
/// <code>
/// expression     = or ;
/// or             = and { ("or" | "||") and } ;
/// and            = not { ("and" | "&amp;&amp;") not } ;
/// not            = ("not" | "!") not | comparison ;
/// comparison     = additive [ ("&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "!=") additive ] ;  (* non-associative *)
/// additive       = multiplicative { ("+" | "-") multiplicative } ;
/// multiplicative = unary { ("*" | "/") unary } ;
/// unary          = ("-" | "+") unary | power ;
/// power          = primary [ "^" unary ] ;         (* right-associative, tighter than unary: -2^2 = -4 *)
/// primary        = number | "true" | "false" | "green" | "amber" | "red"
///                | ("pillar" | "fact") "." identifier
///                | identifier "(" [ expression { "," expression } ] ")"
///                | identifier
///                | "(" expression ")" ;
/// number         = digits [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ] [ "%" ] ;
/// identifier     = [a-z] { [a-z0-9_] } ;
/// </code>
/// Parentheses leave no node: the printer puts back those that precedence needs.
/// </summary>
public sealed partial class ExpressionParser
{
    private readonly IReadOnlyList<Token> _tokens;
    private readonly List<ExpressionDiagnostic> _diagnostics;
    private int _position;
    private int _depth;
    private bool _abandoned;

    private ExpressionParser(IReadOnlyList<Token> tokens, List<ExpressionDiagnostic> diagnostics)
    {
        _tokens = tokens;
        _diagnostics = diagnostics;
    }

    public static ParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<ExpressionDiagnostic>();
        if (text.Length > ExpressionLimits.MaxLength)
        {
            diagnostics.Add(new(DiagnosticCatalogue.ExpressionTooLong,
                $"The formula is {text.Length} characters long; the limit is {ExpressionLimits.MaxLength}.",
                TextSpan.FromBounds(ExpressionLimits.MaxLength, text.Length)));
            return new ParseResult(text, new ErrorSyntax(new TextSpan(0, 0)), [.. diagnostics]);
        }

        var tokens = ExpressionLexer.Tokenize(text, diagnostics);
        var parser = new ExpressionParser(tokens, diagnostics);
        var root = parser.ParseRoot();
        return new ParseResult(text, root, [.. diagnostics.OrderBy(d => d.Span.Start)]);
    }

    private Token Current => _tokens[_position];

    private TextSpan PreviousSpan => _position > 0 ? _tokens[_position - 1].Span : new TextSpan(0, 0);

    private ExpressionSyntax ParseRoot()
    {
        if (Current.Kind == TokenKind.EndOfInput)
        {
            Report(DiagnosticCatalogue.EmptyExpression, "The formula is empty.", Current.Span);
            return new ErrorSyntax(Current.Span);
        }

        var root = ParseExpression();
        if (Current.Kind == TokenKind.CloseParen)
        {
            Report(DiagnosticCatalogue.UnmatchedCloseParenthesis, "This ')' has no matching '('.", Current.Span);
        }
        else if (DecimalComma() is { } decimalComma)
        {
            Report(DiagnosticCatalogue.ForeignSyntax, decimalComma, Current.Span);
        }
        else if (Current.Kind is not (TokenKind.EndOfInput or TokenKind.Bad))
        {
            // A bad token was reported by the lexer; what follows it is still checked for unknown names.
            Report(DiagnosticCatalogue.UnexpectedToken,
                $"Unexpected '{Current.Text}' after a complete formula. Is an operator or a comma missing?", Current.Span);
        }

        return root;
    }

    private ExpressionSyntax ParseExpression() => ParseOr();

    private ExpressionSyntax ParseOr() => ParseLeftAssociative(TokenKind.Or, BinaryOperator.Or, ParseAnd);

    private ExpressionSyntax ParseAnd() => ParseLeftAssociative(TokenKind.And, BinaryOperator.And, ParseNot);

    private ExpressionSyntax ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }

        var start = Take().Span;
        if (!TryEnterNesting())
        {
            return new ErrorSyntax(start);
        }

        var operand = ParseNot();
        _depth--;
        return new UnarySyntax(UnaryOperator.Not, operand, start.Cover(operand.Span));
    }

    private ExpressionSyntax ParseComparison()
    {
        var left = ParseAdditive();
        if (ComparisonOperator(Current.Kind) is not { } op)
        {
            return left;
        }

        var opSpan = Take().Span;
        var right = ParseAdditive();
        var result = new BinarySyntax(op, left, right, opSpan, left.Span.Cover(right.Span));
        while (ComparisonOperator(Current.Kind) is { } chained)
        {
            var chainedSpan = Take().Span;
            Report(DiagnosticCatalogue.ChainedComparison,
                "Comparisons cannot be chained. Write 'a < b and b < c' instead of 'a < b < c'.", chainedSpan);
            var next = ParseAdditive();
            result = new BinarySyntax(chained, result, next, chainedSpan, result.Span.Cover(next.Span));
        }

        return result;
    }

    private ExpressionSyntax ParseAdditive() =>
        ParseLeftAssociative(ParseMultiplicative, kind => kind switch
        {
            TokenKind.Plus => BinaryOperator.Add,
            TokenKind.Minus => BinaryOperator.Subtract,
            _ => null,
        });

    private ExpressionSyntax ParseMultiplicative() =>
        ParseLeftAssociative(ParseUnary, kind => kind switch
        {
            TokenKind.Star => BinaryOperator.Multiply,
            TokenKind.Slash => BinaryOperator.Divide,
            _ => null,
        });

    private ExpressionSyntax ParseUnary()
    {
        UnaryOperator? op = Current.Kind switch
        {
            TokenKind.Minus => UnaryOperator.Negate,
            TokenKind.Plus => UnaryOperator.Identity,
            _ => null,
        };
        if (op is null)
        {
            return ParsePower();
        }

        var start = Take().Span;
        if (!TryEnterNesting())
        {
            return new ErrorSyntax(start);
        }

        var operand = ParseUnary();
        _depth--;
        return new UnarySyntax(op.Value, operand, start.Cover(operand.Span));
    }

    private ExpressionSyntax ParsePower()
    {
        var left = ParsePrimary();
        if (Current.Kind != TokenKind.Caret)
        {
            return left;
        }

        var opSpan = Take().Span;
        if (!TryEnterNesting())
        {
            return new ErrorSyntax(opSpan);
        }

        var right = ParseUnary();
        _depth--;
        return new BinarySyntax(BinaryOperator.Power, left, right, opSpan, left.Span.Cover(right.Span));
    }

    private ExpressionSyntax ParseLeftAssociative(TokenKind token, BinaryOperator op, Func<ExpressionSyntax> operand) =>
        ParseLeftAssociative(operand, kind => kind == token ? op : null);

    private ExpressionSyntax ParseLeftAssociative(Func<ExpressionSyntax> operand, Func<TokenKind, BinaryOperator?> operatorFor)
    {
        var left = operand();
        while (operatorFor(Current.Kind) is { } op)
        {
            var opSpan = Take().Span;
            var right = operand();
            left = new BinarySyntax(op, left, right, opSpan, left.Span.Cover(right.Span));
        }

        return left;
    }

    private static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
    {
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
        TokenKind.EqualEqual => BinaryOperator.Equal,
        TokenKind.BangEqual => BinaryOperator.NotEqual,
        _ => null,
    };

    /// <summary>
    /// The hint for a decimal comma ("0,5") at the current ',', written tight between two numbers
    /// where no argument list can take it; null otherwise ("max(0, 5)" has its comma inside a call).
    /// </summary>
    private string? DecimalComma()
    {
        if (Current.Kind != TokenKind.Comma || _position == 0)
        {
            return null;
        }

        var before = _tokens[_position - 1];
        var after = _tokens[_position + 1];
        var tight = before.Kind == TokenKind.Number && !before.IsPercent && before.Span.End == Current.Span.Start
            && after.Kind == TokenKind.Number && after.Span.Start == Current.Span.End && after.Text.All(char.IsAsciiDigit);
        return tight
            ? $"Decimals are written with a point: {before.Text}.{after.Text}, not {before.Text},{after.Text}."
            : null;
    }

    private Token Take()
    {
        var token = _tokens[_position];
        if (token.Kind != TokenKind.EndOfInput)
        {
            _position++;
        }

        return token;
    }

    /// <summary>
    /// Counts nesting before recursing, so that no input can overflow the stack. Past the limit
    /// the rest of the input is skipped: one clear diagnostic beats thousands of follow-on ones.
    /// </summary>
    private bool TryEnterNesting()
    {
        if (_depth < ExpressionLimits.MaxNestingDepth)
        {
            _depth++;
            return true;
        }

        Report(DiagnosticCatalogue.NestingTooDeep,
            $"The formula nests parentheses, functions or operators more than {ExpressionLimits.MaxNestingDepth} levels deep. Split it into simpler metrics.",
            Current.Span);
        _abandoned = true;
        _position = _tokens.Count - 1;
        return false;
    }

    private void Report(ExpressionDiagnosticDescriptor descriptor, string message, TextSpan span)
    {
        if (!_abandoned)
        {
            _diagnostics.Add(new ExpressionDiagnostic(descriptor, message, span));
        }
    }
}
