using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// Resolves names to frame slots and checks types. Reports every problem it can find rather
/// than stopping at the first; a subtree that already failed is typed <see cref="ValueKind.Error"/>
/// and raises nothing further, so one mistake gives one message.
/// </summary>
public sealed partial class ExpressionBinder
{
    private const int QuotedTextLimit = 60;

    private readonly SymbolScope _scope;
    private readonly List<ExpressionDiagnostic> _diagnostics = [];
    private int _historyDepth;
    private int _expandedNodes;
    private bool _tooComplexReported;

    private ExpressionBinder(SymbolScope scope) => _scope = scope;

    /// <param name="expected">The type the expression's place needs (a formula a number, a rule condition a boolean), or null for any.</param>
    public static BindingResult Bind(ExpressionSyntax syntax, SymbolScope scope, ValueKind? expected)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(scope);
        var binder = new ExpressionBinder(scope);
        var bound = binder.BindExpression(syntax);
        if (expected is { } kind && bound.Kind != ValueKind.Error && bound.Kind != kind)
        {
            binder.Report(DiagnosticCatalogue.ResultTypeMismatch,
                $"This must give {ValueKindText.Describe(kind)}, but `{Quote(syntax)}` is {ValueKindText.Describe(bound.Kind)}.",
                syntax.Span);
        }

        if (binder._diagnostics.Count > 0)
        {
            return new BindingResult(null, [.. binder._diagnostics.OrderBy(d => d.Span.Start)], ExpressionReads.None);
        }

        return new BindingResult(bound, [], ExpressionReads.From(BoundTree.Reads(bound)));
    }

    /// <summary>Parses and binds in one step; on syntax errors, binding is skipped (see <see cref="Unparsed"/>).</summary>
    public static BindingResult Bind(string text, SymbolScope scope, ValueKind? expected)
    {
        var parsed = ExpressionParser.Parse(text);
        return parsed.Succeeded ? Bind(parsed.Root, scope, expected) : Unparsed(parsed, scope);
    }

    /// <summary>A formula that did not parse: its syntax errors, and the unknown names and functions its text shows.</summary>
    public static BindingResult Unparsed(ParseResult parsed, SymbolScope scope)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(scope);
        var diagnostics = parsed.Diagnostics.Concat(UnknownNameScan.Find(parsed, scope)).OrderBy(d => d.Span.Start);
        return new BindingResult(null, [.. diagnostics], ExpressionReads.None);
    }

    private BoundExpression BindExpression(ExpressionSyntax syntax) => syntax switch
    {
        NumberLiteralSyntax number => new BoundNumberConstant(number.EffectiveValue, number.Span),
        BooleanLiteralSyntax boolean => new BoundBooleanConstant(boolean.Value, boolean.Span),
        StatusLiteralSyntax status => new BoundStatusConstant(status.Status, status.Span),
        ReferenceSyntax reference => BindReference(reference),
        UnarySyntax unary => BindUnary(unary),
        BinarySyntax binary => BindBinary(binary),
        CallSyntax call => BindCall(call),
        ErrorSyntax error => new BoundError(error.Span),
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax.GetType().Name, "Unknown syntax node."),
    };

    private BoundExpression BindReference(ReferenceSyntax reference)
    {
        var (id, span) = (reference.Name, reference.Span);
        switch (reference.Kind)
        {
            case ReferenceKind.Metric when _scope.TryGetMetric(id, out var slots):
                return new BoundRead(ReadTarget.MetricValue, id, slots.Value, 0, ValueKind.Number, span);
            case ReferenceKind.Metric when _scope.TryGetParameter(id, out var parameter):
                return new BoundNumberConstant(parameter, span);
            case ReferenceKind.Pillar when _scope.TryGetPillar(id, out var slot):
                return new BoundRead(ReadTarget.PillarScore, id, slot, 0, ValueKind.Number, span);
            case ReferenceKind.Fact when _scope.TryGetFact(id, out var slot):
                if (_historyDepth > 0)
                {
                    return Fail(DiagnosticCatalogue.FactInHistory,
                        $"Facts hold for the current period only, so 'fact.{id}' cannot be read inside {string.Join(", ", LanguageFunctions.HistoryNames)}.", span);
                }

                return new BoundRead(ReadTarget.Fact, id, slot, 0, ValueKind.Boolean, span);
            case ReferenceKind.Metric:
                var (descriptor, message) = UnknownNames.Metric(id, _scope);
                return Fail(descriptor, message, span);
            case ReferenceKind.Pillar:
                return Fail(DiagnosticCatalogue.UnknownPillar, UnknownNames.Pillar(id, _scope.PillarIds), span);
            case ReferenceKind.Fact:
                return Fail(DiagnosticCatalogue.UnknownFact, UnknownNames.Fact(id, _scope.FactIds), span);
            default:
                throw new ArgumentOutOfRangeException(nameof(reference));
        }
    }

    private BoundExpression BindUnary(UnarySyntax unary)
    {
        var operand = BindExpression(unary.Operand);
        return unary.Operator switch
        {
            UnaryOperator.Identity => Check(operand, unary.Operand, ValueKind.Number, "'+'") ? operand : Error(unary),
            UnaryOperator.Negate => Check(operand, unary.Operand, ValueKind.Number, "'-'")
                ? new BoundUnary(BoundUnaryOperator.Negate, operand, ValueKind.Number, unary.Span)
                : Error(unary),
            UnaryOperator.Not => Check(operand, unary.Operand, ValueKind.Boolean, "'not'")
                ? new BoundUnary(BoundUnaryOperator.Not, operand, ValueKind.Boolean, unary.Span)
                : Error(unary),
            _ => throw new ArgumentOutOfRangeException(nameof(unary)),
        };
    }

    private BoundExpression BindBinary(BinarySyntax binary)
    {
        var left = BindExpression(binary.Left);
        var right = BindExpression(binary.Right);
        var where = $"'{ExpressionPrinter.OperatorText(binary.Operator)}'";
        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                var conditions = Check(left, binary.Left, ValueKind.Boolean, where) & Check(right, binary.Right, ValueKind.Boolean, where);
                var logical = binary.Operator == BinaryOperator.And ? BoundBinaryOperator.And : BoundBinaryOperator.Or;
                return conditions ? new BoundBinary(logical, left, right, ValueKind.Boolean, binary.Span) : Error(binary);
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                return BindEquality(binary, left, right);
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                if (left.Kind == ValueKind.Status || right.Kind == ValueKind.Status)
                {
                    return Fail(DiagnosticCatalogue.StatusOrdering,
                        $"Statuses can only be compared with == or !=, as in status(nps) == red; {where} does not apply to them.", binary.OperatorSpan);
                }

                var ordered = Check(left, binary.Left, ValueKind.Number, where) & Check(right, binary.Right, ValueKind.Number, where);
                return ordered ? new BoundBinary(Arithmetic(binary.Operator), left, right, ValueKind.Boolean, binary.Span) : Error(binary);
            default:
                var numbers = Check(left, binary.Left, ValueKind.Number, where) & Check(right, binary.Right, ValueKind.Number, where);
                return numbers ? new BoundBinary(Arithmetic(binary.Operator), left, right, ValueKind.Number, binary.Span) : Error(binary);
        }
    }

    private BoundExpression BindEquality(BinarySyntax binary, BoundExpression left, BoundExpression right)
    {
        if (left.Kind == ValueKind.Error || right.Kind == ValueKind.Error)
        {
            return Error(binary);
        }

        if (left.Kind != right.Kind)
        {
            return Fail(DiagnosticCatalogue.TypeMismatch,
                $"'{ExpressionPrinter.OperatorText(binary.Operator)}' compares values of one type, but `{Quote(binary.Left)}` is {ValueKindText.Describe(left.Kind)} and `{Quote(binary.Right)}` is {ValueKindText.Describe(right.Kind)}.",
                binary.Span);
        }

        var equal = binary.Operator == BinaryOperator.Equal;
        var op = left.Kind == ValueKind.Boolean
            ? equal ? BoundBinaryOperator.BooleanEqual : BoundBinaryOperator.BooleanNotEqual
            : equal ? BoundBinaryOperator.Equal : BoundBinaryOperator.NotEqual;
        return new BoundBinary(op, left, right, ValueKind.Boolean, binary.Span);
    }

    private static BoundBinaryOperator Arithmetic(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => BoundBinaryOperator.Add,
        BinaryOperator.Subtract => BoundBinaryOperator.Subtract,
        BinaryOperator.Multiply => BoundBinaryOperator.Multiply,
        BinaryOperator.Divide => BoundBinaryOperator.Divide,
        BinaryOperator.Power => BoundBinaryOperator.Power,
        BinaryOperator.Less => BoundBinaryOperator.Less,
        BinaryOperator.LessOrEqual => BoundBinaryOperator.LessOrEqual,
        BinaryOperator.Greater => BoundBinaryOperator.Greater,
        BinaryOperator.GreaterOrEqual => BoundBinaryOperator.GreaterOrEqual,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Reports when <paramref name="bound"/> is not of <paramref name="kind"/>; stays quiet about earlier errors.</summary>
    private bool Check(BoundExpression bound, ExpressionSyntax syntax, ValueKind kind, string where)
    {
        if (bound.Kind == kind)
        {
            return true;
        }

        if (bound.Kind != ValueKind.Error)
        {
            Report(DiagnosticCatalogue.TypeMismatch,
                $"{where} needs {ValueKindText.Describe(kind)}, but `{Quote(syntax)}` is {ValueKindText.Describe(bound.Kind)}.", syntax.Span);
        }

        return false;
    }

    private BoundError Fail(ExpressionDiagnosticDescriptor descriptor, string message, TextSpan span)
    {
        Report(descriptor, message, span);
        return new BoundError(span);
    }

    private static BoundError Error(ExpressionSyntax syntax) => new(syntax.Span);

    private void Report(ExpressionDiagnosticDescriptor descriptor, string message, TextSpan span) =>
        _diagnostics.Add(new ExpressionDiagnostic(descriptor, message, span));

    private static string Quote(ExpressionSyntax syntax)
    {
        var text = ExpressionPrinter.Print(syntax);
        return text.Length <= QuotedTextLimit ? text : string.Concat(text.AsSpan(0, QuotedTextLimit - 3), "...");
    }
}
