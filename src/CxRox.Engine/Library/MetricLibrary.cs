using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using CxRox.Engine.Model;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Library;

/// <summary>
/// One revision of a standard metric definition: a metric in the scorecard format without the
/// fields that belong to one organization (id, pillar, the survey question or observation key).
/// A published revision never changes: a stored scorecard that names it keeps computing the same
/// thing, and a changed definition is published as the next revision (docs/metric-library.md).
/// </summary>
/// <param name="Experience">Customer (cx) or employee (ex) experience.</param>
/// <param name="Inputs">The metric ids the definition's formula reads; a scorecard that uses it declares them.</param>
/// <param name="DefinitionJson">The definition as compact JSON, what a revision's fingerprint is taken of.</param>
public sealed record LibraryMetric(string Id, int Revision, PillarKind Experience, ImmutableArray<string> Inputs, string DefinitionJson)
{
    /// <summary>How a metric names this revision: <c>library:nps@1</c>.</summary>
    public string Reference => string.Create(CultureInfo.InvariantCulture, $"{MetricLibrary.Prefix}{Id}@{Revision}");

    /// <summary>Where its values come from: survey, observation or formula.</summary>
    public string SourceKind => MetricLibrary.SourceKinds.First(Definition.Properties.Select(p => p.Name).Contains);

    internal SourceObject Definition { get; init; } = null!;
}

/// <summary>A parsed <c>use</c> value: <c>library:nps</c> (revision 1) or <c>library:nps@2</c>.</summary>
public sealed record LibraryReference(string Id, int Revision);

/// <summary>
/// The built-in library of standard CX and EX metrics (metric-library.json, embedded in the engine).
/// A metric writes <c>"use": "library:nps@1"</c> and gets the definition; see the scorecard mapper
/// for what it may override.
/// </summary>
public static class MetricLibrary
{
    public const string Prefix = "library:";

    internal static readonly string[] SourceKinds = ["survey", "observation", "formula"];

    private const string ResourceName = "CxRox.Engine.Library.metric-library.json";

    private static readonly Lazy<ImmutableArray<LibraryMetric>> Loaded = new(Load);

    /// <summary>Every revision of every entry, in the library's order.</summary>
    public static ImmutableArray<LibraryMetric> Entries => Loaded.Value;

    /// <summary>Every entry's id, once, in the library's order.</summary>
    public static IEnumerable<string> Ids => Entries.Select(e => e.Id).Distinct(StringComparer.Ordinal);

    public static LibraryMetric? Find(string id, int revision) =>
        Entries.FirstOrDefault(e => e.Id == id && e.Revision == revision);

    /// <summary>The newest revision of <paramref name="id"/>; null when the library has no such entry.</summary>
    public static LibraryMetric? Latest(string id) =>
        Entries.Where(e => e.Id == id).MaxBy(e => e.Revision);

    /// <summary>
    /// Reads <c>library:&lt;id&gt;</c> or <c>library:&lt;id&gt;@&lt;revision&gt;</c>. Without a revision it
    /// means revision 1, now and after later revisions are published, so that the text of a stored
    /// scorecard goes on meaning what it meant when it was stored.
    /// </summary>
    public static LibraryReference? Parse(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text[Prefix.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var id = at < 0 ? rest : rest[..at];
        if (!Identifiers.IsSnakeCase(id))
        {
            return null;
        }

        if (at < 0)
        {
            return new LibraryReference(id, 1);
        }

        var revision = rest[(at + 1)..];
        return revision.Length is > 0 and <= 6 && revision.All(char.IsAsciiDigit) && revision[0] != '0'
            ? new LibraryReference(id, int.Parse(revision, CultureInfo.InvariantCulture))
            : null;
    }

    private static ImmutableArray<LibraryMetric> Load()
    {
        using var stream = typeof(MetricLibrary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The engine lacks its metric library ({ResourceName}).");
        var root = JsonNode.Parse(stream)!;
        var entries = ImmutableArray.CreateBuilder<LibraryMetric>();
        foreach (var item in root["entries"]!.AsArray())
        {
            var id = item!["id"]!.GetValue<string>();
            var definitionJson = item["metric"]!.ToJsonString();
            var diagnostics = new DiagnosticBag();
            if (SourceDocument.Parse(definitionJson, ScorecardLimits.Default, diagnostics) is not SourceObject definition)
            {
                throw new InvalidOperationException($"The metric library's entry '{id}' is not a JSON object: {string.Join("; ", diagnostics.Items)}");
            }

            var experience = item["experience"]!.GetValue<string>() == "ex" ? PillarKind.EmployeeExperience : PillarKind.CustomerExperience;
            var inputs = item["inputs"]!.AsArray().Select(i => i!.GetValue<string>()).ToImmutableArray();
            entries.Add(new LibraryMetric(id, item["revision"]!.GetValue<int>(), experience, inputs, definitionJson) { Definition = definition });
        }

        return entries.ToImmutable();
    }
}
