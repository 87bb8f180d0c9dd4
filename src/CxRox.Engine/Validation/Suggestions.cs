using CxRox.Engine.Binding;

namespace CxRox.Engine.Validation;

/// <summary>"Did you mean" for misspelt property names, ids and choices.</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="text"/>, if close enough to be a likely typo.</summary>
    public static string? Closest(string text, IEnumerable<string> candidates)
    {
        var normalized = Normalize(text);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(normalized, Normalize(candidate));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = Math.Clamp(normalized.Length / 3, 1, 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or an empty string.</summary>
    public static string DidYouMean(string text, IEnumerable<string> candidates) =>
        Closest(text, candidates) is { } match ? $" Did you mean '{match}'?" : "";

    // Case, '_' and '-' are ignored: journey_stage, JourneyStage and journeyStage are the same typo.
    private static string Normalize(string text) =>
        new(text.Where(c => c is not '_' and not '-').Select(char.ToLowerInvariant).ToArray());

    // Far apart in length means far apart in spelling: skip the table (the time zone list is long).
    private static int Distance(string a, string b) =>
        Math.Abs(a.Length - b.Length) > 3 ? int.MaxValue : NameSuggester.EditDistance(a, b);
}
