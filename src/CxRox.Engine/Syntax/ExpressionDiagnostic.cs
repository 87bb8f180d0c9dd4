namespace CxRox.Engine.Syntax;

/// <summary>One kind of problem an expression can have: a stable code and what it means.</summary>
public sealed record ExpressionDiagnosticDescriptor(string Code, string Meaning);

/// <summary>
/// A problem found in an expression, in words a business consultant understands, with the
/// span of the text it is about. The lexer, parser and binder report these instead of throwing.
/// </summary>
public sealed record ExpressionDiagnostic(ExpressionDiagnosticDescriptor Descriptor, string Message, TextSpan Span)
{
    public string Code => Descriptor.Code;

    public override string ToString() => $"{Code} at {Span.Start}: {Message}";
}
