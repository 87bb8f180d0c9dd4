namespace CxRox.Engine.Binding;

/// <summary>Finds the name a misspelling most likely meant, for "Did you mean ...?" hints.</summary>
public static class NameSuggester
{
    /// <summary>
    /// Words people reach for from spreadsheets and other tools, mapped to this language's function.
    /// </summary>
    private static readonly Dictionary<string, string> FunctionAliases = new(StringComparer.Ordinal)
    {
        ["average"] = "avg_over",
        ["avg"] = "avg_over",
        ["mean"] = "avg_over",
        ["previous"] = "prev",
        ["lag"] = "prev",
        ["change"] = "delta",
        ["diff"] = "delta",
        ["difference"] = "delta",
        ["slope"] = "trend",
        ["percent_change"] = "pct_change",
        ["pct"] = "pct_change",
        ["ifnull"] = "coalesce",
        ["isnull"] = "coalesce",
        ["nvl"] = "coalesce",
        ["iif"] = "if",
        ["minimum"] = "min",
        ["maximum"] = "max",
        ["absolute"] = "abs",
        ["isblank"] = "exists",
    };

    /// <summary>
    /// Up to <paramref name="count"/> functions <paramref name="name"/> may have meant, likeliest
    /// first: the one a word from another tool stands for, then those within typo distance.
    /// </summary>
    public static IReadOnlyList<string> SuggestFunctions(string name, IEnumerable<string> functionNames, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        var candidates = functionNames.Select(f => (Word: f, Target: f))
            .Concat(FunctionAliases.Select(alias => (Word: alias.Key, Target: alias.Value)));
        var near = Near(name, candidates);
        var aliased = FunctionAliases.TryGetValue(name, out var target) ? [target] : Array.Empty<string>();
        return [.. aliased.Concat(near).Distinct(StringComparer.Ordinal).Take(count)];
    }

    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Closest(name, candidates.Select(c => (Word: c, Target: c)));
    }

    private static string? Closest(string name, IEnumerable<(string Word, string Target)> candidates) =>
        Near(name, candidates).FirstOrDefault();

    private static IEnumerable<string> Near(string name, IEnumerable<(string Word, string Target)> candidates)
    {
        // Allow about one edit per three letters: "nsp" finds "nps", "avrage" finds "average".
        var allowed = Math.Max(1, name.Length / 3);
        return candidates
            .Select(c => (c.Target, Distance: EditDistance(name, c.Word)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Target, StringComparer.Ordinal)
            .Select(c => c.Target);
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
