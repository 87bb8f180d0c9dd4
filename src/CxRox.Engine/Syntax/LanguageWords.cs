namespace CxRox.Engine.Syntax;

/// <summary>The words the language gives meaning to. Metric, pillar and fact ids must avoid <see cref="Reserved"/>.</summary>
public static class LanguageWords
{
    /// <summary>The names of <see cref="Binding.LanguageFunctions"/>, where each function is declared.</summary>
    public static IReadOnlyList<string> FunctionNames => Binding.LanguageFunctions.Names;

    public static IReadOnlyList<string> Keywords { get; } =
    [
        "and", "or", "not", "true", "false", "green", "amber", "red", "pillar", "fact",
    ];

    /// <summary>Every reserved word, sorted; a scorecard validator rejects ids in this set.</summary>
    public static IReadOnlySet<string> Reserved { get; } =
        new SortedSet<string>(Keywords.Concat(FunctionNames), StringComparer.Ordinal);

    public static bool IsReserved(string word) => Reserved.Contains(word);

    /// <summary>Whether <paramref name="id"/> can name a metric, pillar or fact: snake_case and not reserved.</summary>
    public static bool IsValidId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length > 0
            && char.IsAsciiLetterLower(id[0])
            && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            && !IsReserved(id);
    }
}
