using System.Globalization;
using System.Text.Json;

namespace CxRox.Api.Templates;

/// <summary>
/// A starter scorecard for one maturity stage (scorecards/templates, embedded at build time): where a
/// consultant starts for an organization at that stage (docs/maturity.md).
/// </summary>
/// <param name="Stage">The maturity stage, 1 (measuring the basics) to 4 (the full ROX index).</param>
/// <param name="Document">The scorecard document as written in the repository, for the demo's organization.</param>
public sealed record ScorecardTemplate(string Id, int Stage, string Name, string Description, string Organization, string Document)
{
    /// <summary>
    /// The document for <paramref name="organization"/>: only the value of the top-level "organization"
    /// changes, so the text reads as written. The slug is checked by the caller and needs no escaping.
    /// </summary>
    public string For(string organization) =>
        Document.Replace(OrganizationProperty(Organization), OrganizationProperty(organization), StringComparison.Ordinal);

    internal static string OrganizationProperty(string slug) => $"\"organization\": \"{slug}\"";
}

/// <summary>The starter scorecards, in stage order.</summary>
public static class ScorecardTemplates
{
    private const string ResourcePrefix = "CxRox.Templates.";
    private const string ResourceSuffix = ".scorecard.json";

    private static readonly Lazy<IReadOnlyList<ScorecardTemplate>> Loaded = new(Load);

    public static IReadOnlyList<ScorecardTemplate> All => Loaded.Value;

    public static ScorecardTemplate? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    private static List<ScorecardTemplate> Load()
    {
        var assembly = typeof(ScorecardTemplates).Assembly;
        var templates = new List<ScorecardTemplate>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var document = reader.ReadToEnd();
            var root = JsonDocument.Parse(document).RootElement;
            var id = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
            // Files are named stage-<n>-<what>, so that their order is the stages'.
            var stage = int.Parse(id.Split('-')[1], CultureInfo.InvariantCulture);
            templates.Add(new ScorecardTemplate(id, stage, root.GetProperty("name").GetString()!, root.GetProperty("description").GetString()!,
                root.GetProperty("organization").GetString()!, document));
        }
        return templates;
    }
}
