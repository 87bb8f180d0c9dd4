using CxRox.Engine.Syntax;

namespace CxRox.Engine.Binding;

/// <summary>
/// A formula with a syntax error has no tree to bind, but its unknown metrics, pillars, facts and
/// functions are still worth reporting in the same answer: otherwise a consultant fixes the comma,
/// sends it again and only then learns that the metric name was wrong too. This reads them from the
/// tokens, where a name followed by '(' is a call and 'pillar.x' and 'fact.x' are references.
/// </summary>
internal static class UnknownNameScan
{
    /// <summary>A formula full of junk should not bury its first error under a page of names.</summary>
    private const int MaxReports = 10;

    public static IEnumerable<ExpressionDiagnostic> Find(ParseResult parsed, SymbolScope scope)
    {
        if (parsed.Text.Length > ExpressionLimits.MaxLength)
        {
            return [];
        }

        var tokens = ExpressionLexer.Tokenize(parsed.Text, new List<ExpressionDiagnostic>());
        var named = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<ExpressionDiagnostic>();
        for (var i = 0; i < tokens.Count && found.Count < MaxReports; i++)
        {
            var token = tokens[i];
            if (token.Kind != TokenKind.Identifier || !IsWellFormed(token.Text))
            {
                continue;
            }

            if (Unknown(tokens, i, scope) is { } diagnostic && named.Add(diagnostic.Message))
            {
                found.Add(diagnostic);
            }
        }

        return found;
    }

    private static ExpressionDiagnostic? Unknown(IReadOnlyList<Token> tokens, int i, SymbolScope scope)
    {
        var token = tokens[i];
        var name = token.Text;
        var qualifier = i >= 2 && tokens[i - 1].Kind == TokenKind.Dot ? tokens[i - 2].Text : null;
        switch (qualifier)
        {
            case "pillar":
                return scope.TryGetPillar(name, out _) ? null : new(DiagnosticCatalogue.UnknownPillar, UnknownNames.Pillar(name, scope.PillarIds), token.Span);
            case "fact":
                return scope.TryGetFact(name, out _) ? null : new(DiagnosticCatalogue.UnknownFact, UnknownNames.Fact(name, scope.FactIds), token.Span);
        }

        if (LanguageWords.IsReserved(name) || (i > 0 && tokens[i - 1].Kind == TokenKind.Dot))
        {
            return null;
        }

        if (tokens[i + 1].Kind == TokenKind.OpenParen)
        {
            var (function, message) = UnknownNames.Function(name);
            return new ExpressionDiagnostic(function, message, token.Span);
        }

        if (scope.TryGetMetric(name, out _) || scope.TryGetParameter(name, out _))
        {
            return null;
        }

        var (metric, metricMessage) = UnknownNames.Metric(name, scope);
        return new ExpressionDiagnostic(metric, metricMessage, token.Span);
    }

    // Names the lexer already refused (upper case, leading '_') carry their own error.
    private static bool IsWellFormed(string name) => char.IsAsciiLetterLower(name[0]) && !name.Any(char.IsAsciiLetterUpper);
}
