namespace CxRox.Engine.Syntax;

public enum TokenKind
{
    EndOfInput,
    /// <summary>A character the lexer could not read; already reported, so the parser stays quiet about it.</summary>
    Bad,
    Number,
    Identifier,
    OpenParen,
    CloseParen,
    Comma,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    EqualEqual,
    BangEqual,
    /// <summary><c>not</c> or <c>!</c>.</summary>
    Not,
    /// <summary><c>and</c> or <c>&amp;&amp;</c>.</summary>
    And,
    /// <summary><c>or</c> or <c>||</c>.</summary>
    Or,
}

/// <param name="NumberValue">For numbers, the value as written (before any percent sign).</param>
/// <param name="IsPercent">For numbers, whether a percent sign followed.</param>
public readonly record struct Token(TokenKind Kind, TextSpan Span, string Text, double NumberValue = 0, bool IsPercent = false);
