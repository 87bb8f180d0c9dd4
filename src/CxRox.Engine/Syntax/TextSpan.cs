namespace CxRox.Engine.Syntax;

/// <summary>
/// A range of UTF-16 code units in the expression text, as passed to the parser
/// (after any JSON unescaping by the caller).
/// </summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    public TextSpan Cover(TextSpan other) =>
        FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));

    public override string ToString() => $"[{Start}..{End})";
}
