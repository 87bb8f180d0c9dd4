using System.Collections.Immutable;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

public sealed partial class ExpressionBinder
{
    private const int MaxRoundDigits = 10;

    /// <summary>The longest window or step back one history function takes.</summary>
    public const int MaxHistoryPeriods = 60;

    private BoundExpression BindCall(CallSyntax call)
    {
        var name = call.Name;
        var arguments = call.Arguments;
        if (!LanguageFunctions.TryFind(name, out var function))
        {
            BindAllForDiagnostics(arguments);
            var (descriptor, message) = UnknownNames.Function(name);
            return Fail(descriptor, message, call.NameSpan);
        }

        var (min, max) = (function.MinArguments, function.MaxArguments);
        if (arguments.Count < min || arguments.Count > max)
        {
            BindAllForDiagnostics(arguments);
            var expected = min == max ? $"{min}" : function.TakesAnyNumber ? $"at least {min}" : $"{min} or {max}";
            var noun = min == 1 && max == 1 ? "argument" : "arguments";
            return Fail(DiagnosticCatalogue.WrongArgumentCount,
                $"'{name}' takes {expected} {noun}, but {arguments.Count} {(arguments.Count == 1 ? "was" : "were")} given.", call.Span);
        }

        return function.Bind(this, call);
    }

    private void BindAllForDiagnostics(IReadOnlyList<ExpressionSyntax> arguments)
    {
        foreach (var argument in arguments)
        {
            BindExpression(argument);
        }
    }

    internal BoundExpression BindIf(CallSyntax call)
    {
        var condition = BindExpression(call.Arguments[0]);
        var whenTrue = BindExpression(call.Arguments[1]);
        var whenFalse = BindExpression(call.Arguments[2]);
        var ok = Check(condition, call.Arguments[0], ValueKind.Boolean, "The first argument of 'if'")
            & SameKind(call, [whenTrue, whenFalse], "The two results of 'if'");
        return ok ? new BoundConditional(condition, whenTrue, whenFalse, whenTrue.Kind, call.Span) : Error(call);
    }

    internal BoundExpression BindNumbers(CallSyntax call, BoundFunction function)
    {
        var arguments = call.Arguments.Select(BindExpression).ToImmutableArray();
        var ok = true;
        for (var i = 0; i < arguments.Length; i++)
        {
            ok &= Check(arguments[i], call.Arguments[i], ValueKind.Number, $"'{call.Name}'");
        }

        return ok ? new BoundCall(function, arguments, ValueKind.Number, call.Span) : Error(call);
    }

    internal BoundExpression BindRound(CallSyntax call)
    {
        var operand = BindExpression(call.Arguments[0]);
        var ok = Check(operand, call.Arguments[0], ValueKind.Number, "'round'");
        var digits = 0;
        if (call.Arguments.Count == 2)
        {
            ok &= TryGetWholeConstant(call.Arguments[1], 0, MaxRoundDigits, "The number of decimals in 'round'", "round(nps, 1)", out digits);
        }

        return ok ? new BoundRound(operand, digits, call.Span) : Error(call);
    }

    internal BoundExpression BindCoalesce(CallSyntax call)
    {
        var arguments = call.Arguments.Select(BindExpression).ToImmutableArray();
        if (!SameKind(call, arguments, "The arguments of 'coalesce'"))
        {
            return Error(call);
        }

        if (arguments[0].Kind == ValueKind.Boolean)
        {
            return Fail(DiagnosticCatalogue.TypeMismatch,
                "'coalesce' picks the first present number or status; conditions (true/false) are never missing.", call.Span);
        }

        return new BoundCall(BoundFunction.Coalesce, arguments, arguments[0].Kind, call.Span);
    }

    internal BoundExpression BindExists(CallSyntax call)
    {
        var operand = BindExpression(call.Arguments[0]);
        return operand.Kind switch
        {
            ValueKind.Error => Error(call),
            ValueKind.Boolean => Fail(DiagnosticCatalogue.TypeMismatch,
                $"'exists' checks a number or a status, but `{Quote(call.Arguments[0])}` is a condition (true/false), which is never missing.",
                call.Arguments[0].Span),
            _ => new BoundCall(BoundFunction.Exists, [operand], ValueKind.Boolean, call.Span),
        };
    }

    internal BoundExpression BindMetricPart(CallSyntax call, ReadTarget target)
    {
        var argument = call.Arguments[0];
        if (argument is not ReferenceSyntax { Kind: ReferenceKind.Metric } reference)
        {
            BindExpression(argument);
            return Fail(DiagnosticCatalogue.MetricRequired,
                $"'{call.Name}' takes a metric id, as in {call.Name}(nps), not `{Quote(argument)}`.", argument.Span);
        }

        if (!_scope.TryGetMetric(reference.Name, out var slots))
        {
            return _scope.TryGetParameter(reference.Name, out _)
                ? Fail(DiagnosticCatalogue.MetricRequired,
                    $"'{call.Name}' takes a metric id, but '{reference.Name}' is a parameter of the scorecard, a number without a {call.Name}.", argument.Span)
                : BindReference(reference);
        }

        return target == ReadTarget.MetricScore
            ? new BoundRead(target, reference.Name, slots.Score, 0, ValueKind.Number, call.Span)
            : new BoundRead(target, reference.Name, slots.Status, 0, ValueKind.Status, call.Span);
    }

    /// <summary>
    /// True when all <paramref name="values"/> have one type; reports the first that differs.
    /// Values that already failed count as matching.
    /// </summary>
    private bool SameKind(CallSyntax call, IReadOnlyList<BoundExpression> values, string what)
    {
        if (values.Any(v => v.Kind == ValueKind.Error))
        {
            return false;
        }

        var offset = call.Arguments.Count - values.Count;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i].Kind != values[0].Kind)
            {
                Report(DiagnosticCatalogue.TypeMismatch,
                    $"{what} must be of one type, but `{Quote(call.Arguments[offset])}` is {ValueKindText.Describe(values[0].Kind)} and `{Quote(call.Arguments[offset + i])}` is {ValueKindText.Describe(values[i].Kind)}.",
                    call.Arguments[offset + i].Span);
                return false;
            }
        }

        return true;
    }

    private bool TryGetWholeConstant(ExpressionSyntax argument, int min, int max, string what, string example, out int value)
    {
        if (argument is NumberLiteralSyntax { IsPercent: false } literal
            && literal.Value >= min && literal.Value <= max && literal.Value == Math.Floor(literal.Value))
        {
            value = (int)literal.Value;
            return true;
        }

        value = 0;
        Report(DiagnosticCatalogue.ConstantRequired,
            $"{what} must be a whole number from {min} to {max}, written out as in {example}; `{Quote(argument)}` is not.", argument.Span);
        return false;
    }
}
