using System.Collections.Immutable;

namespace CxRox.Engine.Model;

/// <summary>What an expression is for; the binder decides what each role may read.</summary>
public enum ExpressionRole
{
    /// <summary>A metric's <c>formula</c> source.</summary>
    MetricFormula,

    /// <summary>A rule's <c>when</c> condition.</summary>
    RuleCondition,

    /// <summary>A <c>{hole}</c> in a finding's message template.</summary>
    MessageHole,

    /// <summary>The formula of <c>rox.return</c>.</summary>
    RoxReturn,
}

/// <summary>
/// The text of one expression exactly as the scorecard wrote it, kept for the expression language to
/// bind later. <see cref="Start"/> is the document position of the first character of
/// <see cref="Text"/>. When <see cref="HasEscapes"/> is false, character <c>i</c> of the text sits at
/// column <c>Start.Column + i</c>; <see cref="PositionAt"/> is exact in both cases.
/// </summary>
public sealed record ExpressionSource(string Text, string Pointer, SourcePosition Start, bool HasEscapes, ExpressionRole Role)
{
    /// <summary>
    /// Document column of every character of <see cref="Text"/> plus one for the end; empty when the
    /// text had no escapes. A JSON string never spans lines, so the line is always <c>Start.Line</c>.
    /// </summary>
    public ImmutableArray<int> Columns { get; init; } = [];

    /// <summary>The document position of the character at <paramref name="offset"/> in <see cref="Text"/>.</summary>
    public SourcePosition PositionAt(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Text.Length);
        return Columns.IsDefaultOrEmpty
            ? new SourcePosition(Start.Line, Start.Column + offset)
            : new SourcePosition(Start.Line, Columns[offset]);
    }
}
