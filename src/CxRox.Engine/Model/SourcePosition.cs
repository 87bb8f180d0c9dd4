namespace CxRox.Engine.Model;

/// <summary>
/// A place in a scorecard document: 1-based line, and 1-based column counted in UTF-16 characters of
/// that line (the unit a C# string index uses, so expression offsets can be added to it).
/// </summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>Where a model element was written: its JSON pointer (RFC 6901) and its first character.</summary>
public sealed record SourceLocation(string Pointer, SourcePosition Start);
