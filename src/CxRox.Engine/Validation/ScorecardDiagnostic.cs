using System.Globalization;
using CxRox.Engine.Model;

namespace CxRox.Engine.Validation;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One problem found in a scorecard document. <see cref="Pointer"/> is an RFC 6901 JSON pointer to the
/// value concerned (or to the object that lacks a property); line and column are 1-based.
/// </summary>
public sealed record ScorecardDiagnostic(string Code, DiagnosticSeverity Severity, string Pointer, int Line, int Column, string Message)
{
    public SourcePosition Position => new(Line, Column);

    /// <summary>For an error inside an expression: the 1-based column within the expression's text.</summary>
    public int? ExpressionColumn { get; init; }

    /// <summary>For an error inside an expression: the expression with a caret line under the offending part.</summary>
    public string? Excerpt { get; init; }

    /// <summary>"12:7 error SC042 /metrics/3/thresholds: message", the form tests and logs use.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column} {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code} {(Pointer.Length == 0 ? "/" : Pointer)}: {Message}");
}

/// <summary>A diagnostic code, its severity and its one-line meaning.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Meaning);

/// <summary>Collects diagnostics while a document is read; never stops at the first.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<ScorecardDiagnostic> items = [];

    public bool HasErrors { get; private set; }

    public IReadOnlyList<ScorecardDiagnostic> Items => items;

    public void Report(DiagnosticDescriptor descriptor, string pointer, SourcePosition position, string message)
    {
        items.Add(new ScorecardDiagnostic(descriptor.Code, descriptor.Severity, pointer, position.Line, position.Column, message));
        HasErrors |= descriptor.Severity == DiagnosticSeverity.Error;
    }

    /// <summary>Reports a diagnostic made elsewhere (an expression's), placed at <paramref name="position"/>.</summary>
    public void Report(ScorecardDiagnostic diagnostic, SourcePosition position)
    {
        items.Add(diagnostic with { Line = position.Line, Column = position.Column });
        HasErrors |= diagnostic.Severity == DiagnosticSeverity.Error;
    }

    public void Report(DiagnosticDescriptor descriptor, SourceNode node, string message) =>
        Report(descriptor, node.Pointer, node.Start, message);

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, string message) =>
        Report(descriptor, location.Pointer, location.Start, message);
}
