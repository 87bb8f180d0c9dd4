using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// What is said about a name the scorecard or the language does not have, the same whether the
/// binder meets it in a tree or <see cref="UnknownNameScan"/> in the tokens of a formula that did
/// not parse.
/// </summary>
internal static class UnknownNames
{
    /// <summary>
    /// Functions that would read a later period. A scorecard computes one period at a time from
    /// what has happened, so there is nothing later to read.
    /// </summary>
    private static readonly HashSet<string> FutureReads = new(StringComparer.Ordinal)
    {
        "next", "lead", "future", "forward", "following", "ahead", "next_period",
    };

    public static (ExpressionDiagnosticDescriptor Descriptor, string Message) Function(string name)
    {
        if (FutureReads.Contains(name))
        {
            return (DiagnosticCatalogue.FutureRead,
                $"'{name}' would read a later period, but a period is computed from what has happened by its end, so only the current and earlier periods can be read. "
                + "Compare with the past instead: prev(x), delta(x) or pct_change(x).");
        }

        var functions = LanguageWords.FunctionNames.Order(StringComparer.Ordinal);
        var near = NameSuggester.SuggestFunctions(name, LanguageWords.FunctionNames);
        var hint = near.Count == 0 ? "" : $" Did you mean {Alternatives(near)}?";
        return (DiagnosticCatalogue.UnknownFunction,
            $"Unknown function '{name}'.{hint} The functions are: {string.Join(", ", functions)}.");
    }

    public static (ExpressionDiagnosticDescriptor Descriptor, string Message) Metric(string id, SymbolScope scope)
    {
        if (ForeignSyntax.NoValueHint(id) is { } noValue)
        {
            return (DiagnosticCatalogue.ForeignSyntax, noValue);
        }

        var what = scope.ParameterIds.Any() ? "metric or parameter" : "metric";
        return (DiagnosticCatalogue.UnknownMetric,
            $"Unknown {what} '{id}'.{Hint(NameSuggester.Suggest(id, scope.MetricIds.Concat(scope.ParameterIds)))}");
    }

    public static string Pillar(string id, IEnumerable<string> pillarIds) =>
        $"Unknown pillar 'pillar.{id}'.{Hint(NameSuggester.Suggest(id, pillarIds), "pillar.")}";

    public static string Fact(string id, IEnumerable<string> factIds) =>
        $"No rule asserts the fact 'fact.{id}'.{Hint(NameSuggester.Suggest(id, factIds), "fact.")}";

    private static string Hint(string? suggestion, string prefix = "") =>
        suggestion is null ? string.Empty : $" Did you mean '{prefix}{suggestion}'?";

    // 'a', 'a' or 'b', 'a', 'b' or 'c'
    private static string Alternatives(IReadOnlyList<string> names) =>
        names.Count == 1
            ? $"'{names[0]}'"
            : $"{string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'"))} or '{names[^1]}'";
}
