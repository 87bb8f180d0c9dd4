using System.Collections.Immutable;
using CxRox.Engine.Library;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

/// <summary>
/// A metric written <c>"use": "library:nps@1"</c> takes its definition from the metric library: the
/// library's fields are merged under the metric's own before the metric is read as any other, so every
/// check of the format applies to the result. Values that came from the library are placed at the
/// <c>use</c> string, which is where the consultant wrote them.
/// </summary>
internal sealed partial class ScorecardMapper
{
    /// <summary>What a library entry fixes: the meaning of its values. Written on the metric, each is an error (SC029).</summary>
    private static readonly string[] PinnedMetricFields = ["unit", "direction", "survey", "observation", "formula"];

    /// <summary>What the metric supplies inside its source: which question or key holds its organization's data.</summary>
    private static readonly Dictionary<string, string[]> SourceBindings = new(StringComparer.Ordinal)
    {
        ["survey"] = ["survey", "question"],
        ["observation"] = ["key"],
    };

    /// <summary>
    /// The metric with its library definition merged in; the node itself when it uses no library entry;
    /// null when its <c>use</c> names no entry (reported, and the metric's id kept as written).
    /// </summary>
    private SourceObject? ExpandLibraryUse(SourceObject node, string subject)
    {
        if (node.Find("use") is not { } use)
        {
            return node;
        }

        if (use.Value is not SourceString text)
        {
            diagnostics.Report(ScorecardDiagnostics.WrongType, use.Value,
                $"'use' of {subject} must be a string naming a library metric, e.g. \"library:nps@1\", not {ObjectReader.Describe(use.Value)}.");
            return null;
        }

        if (Resolve(text, subject) is not { } entry)
        {
            return null;
        }

        var properties = ImmutableArray.CreateBuilder<SourceProperty>();
        foreach (var property in node.Properties)
        {
            if (!PinnedMetricFields.Contains(property.Name))
            {
                properties.Add(property);
            }
            else if (property.Name == entry.SourceKind && SourceBindings.ContainsKey(property.Name))
            {
                // Not an object: kept as written, for the source's reader to report its type.
                properties.Add(property.Value is SourceObject binding ? property with { Value = BindSource(binding, entry, text, subject) } : property);
            }
            else if (property.Name == "unit" && IsCurrency(property.Value) && IsCurrency(entry.Definition.Find("unit")!.Value))
            {
                properties.Add(property); // money metrics are defined in any currency
            }
            else
            {
                ReportPinned(property, entry, subject);
            }
        }

        var own = properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in entry.Definition.Properties.Where(p => !own.Contains(p.Name)))
        {
            if (SourceBindings.TryGetValue(property.Name, out var bindings))
            {
                // The library cannot know which question or key holds this organization's data.
                diagnostics.Report(ScorecardDiagnostics.MissingProperty, node,
                    $"{ObjectReader.Capitalize(subject)} uses {entry.Reference}, which reads {(property.Name == "survey" ? "a survey question" : "observations")}; add {BindingExample(property.Name)} naming where this organization's data comes from.");
                properties.Add(new SourceProperty(property.Name, text.Pointer, text.Start, Placeholders((SourceObject)Rehome(property.Value, text), bindings, text)));
                continue;
            }

            properties.Add(new SourceProperty(property.Name, text.Pointer, text.Start, Rehome(property.Value, text)));
        }

        return node with { Properties = properties.ToImmutable() };
    }

    private LibraryMetric? Resolve(SourceString text, string subject)
    {
        if (MetricLibrary.Parse(text.Value) is not { } reference)
        {
            diagnostics.Report(ScorecardDiagnostics.UnknownLibraryMetric, text,
                $"'use' of {subject} is '{text.Value}'; name a library metric as library:<id> or library:<id>@<revision>, e.g. \"library:nps@1\". The library has: {string.Join(", ", MetricLibrary.Ids)}.");
            return null;
        }

        if (MetricLibrary.Find(reference.Id, reference.Revision) is { } entry)
        {
            return entry;
        }

        if (MetricLibrary.Latest(reference.Id) is { } latest)
        {
            diagnostics.Report(ScorecardDiagnostics.UnknownLibraryMetric, text,
                $"{ObjectReader.Capitalize(subject)} uses '{text.Value}', but the library's '{reference.Id}' has revisions 1 to {latest.Revision}; the newest is \"{latest.Reference}\".");
            return null;
        }

        var near = NearLibraryIds(reference.Id);
        diagnostics.Report(ScorecardDiagnostics.UnknownLibraryMetric, text,
            $"{ObjectReader.Capitalize(subject)} uses '{text.Value}', which is not in the metric library.{(near.Count == 0 ? "" : $" Did you mean {string.Join(" or ", near.Select(n => $"'{MetricLibrary.Prefix}{n}'"))}?")} The library has: {string.Join(", ", MetricLibrary.Ids)}.");
        return null;
    }

    /// <summary>Library ids close to a misspelt one: by spelling, or sharing a word (turnover, voluntary_turnover).</summary>
    private static List<string> NearLibraryIds(string id)
    {
        var words = id.Split('_', StringSplitOptions.RemoveEmptyEntries);
        var near = MetricLibrary.Ids.Where(candidate =>
            Suggestions.Closest(id, [candidate]) is not null
            || candidate.Split('_').Any(word => word.Length > 2 && words.Contains(word, StringComparer.Ordinal)));
        return [.. near];
    }

    /// <summary>The metric's source object (the question or key it names) with the library's definition of the source merged in.</summary>
    private SourceObject BindSource(SourceObject binding, LibraryMetric entry, SourceString use, string subject)
    {
        var bindings = SourceBindings[entry.SourceKind];
        var properties = ImmutableArray.CreateBuilder<SourceProperty>();
        var librarySource = (SourceObject)entry.Definition.Find(entry.SourceKind)!.Value;
        foreach (var property in binding.Properties)
        {
            if (bindings.Contains(property.Name) || (librarySource.Find(property.Name) is null && !IsDefinitionField(property.Name)))
            {
                properties.Add(property); // a misspelt name is reported as unknown when the source is read
            }
            else
            {
                ReportPinned(property, entry, subject);
            }
        }

        foreach (var property in librarySource.Properties)
        {
            properties.Add(new SourceProperty(property.Name, use.Pointer, use.Start, Rehome(property.Value, use)));
        }

        return binding with { Properties = properties.ToImmutable() };
    }

    // Fields of a survey or observation source that say how answers are counted, given by the library or not.
    private static bool IsDefinitionField(string name) =>
        name is "aggregate" or "scale" or "promoters" or "detractors" or "satisfied" or "topBoxes";

    private void ReportPinned(SourceProperty property, LibraryMetric entry, string subject)
    {
        var hint = property.Name == "unit" && IsCurrency(entry.Definition.Find("unit")!.Value)
            ? " Only the currency may change, to another ISO 4217 code such as \"PLN\"."
            : property.Name == entry.SourceKind && SourceBindings.TryGetValue(property.Name, out var bindings)
                ? $" Inside '{property.Name}' write only {string.Join(" and ", bindings.Select(b => $"'{b}'"))}."
                : MetricLibrary.SourceKinds.Contains(property.Name)
                    ? $" It takes its values from {(entry.SourceKind == "formula" ? "a formula over other metrics" : $"a{(entry.SourceKind == "observation" ? "n" : "")} {entry.SourceKind}")}."
                    : "";
        diagnostics.Report(ScorecardDiagnostics.LibraryFieldPinned, property.Pointer, property.NameStart,
            $"'{property.Name}' of {subject} is part of the definition of {entry.Reference}, which a metric that uses it cannot change.{hint} Remove it, or, if this organization measures it differently, write the metric in full without 'use'.");
    }

    private static bool IsCurrency(SourceNode node) =>
        node is SourceString { Value: { Length: 3 } unit } && unit.All(char.IsAsciiLetterUpper);

    private static string BindingExample(string source) => source == "survey"
        ? "\"survey\": { \"survey\": \"...\", \"question\": \"...\" }"
        : "\"observation\": { \"key\": \"...\" }";

    /// <summary>Stand-ins for a missing question or key (already reported), so that the source is not reported again.</summary>
    private static SourceObject Placeholders(SourceObject source, string[] bindings, SourceString use) =>
        source with
        {
            Properties = source.Properties.AddRange(bindings.Select(b =>
                new SourceProperty(b, use.Pointer, use.Start, new SourceString(use.Pointer, use.Start, "library.unbound", false, [])))),
        };

    /// <summary>
    /// A library value placed at the <c>use</c> string: every diagnostic about it points there, and a
    /// formula's characters all map to the string's first column (its text is shown in the excerpt).
    /// </summary>
    private static SourceNode Rehome(SourceNode node, SourceString use) => node switch
    {
        SourceObject o => new SourceObject(use.Pointer, use.Start,
            [.. o.Properties.Select(p => new SourceProperty(p.Name, use.Pointer, use.Start, Rehome(p.Value, use)))]),
        SourceArray a => new SourceArray(use.Pointer, use.Start, [.. a.Items.Select(i => Rehome(i, use))]),
        SourceString s => new SourceString(use.Pointer, use.Start, s.Value, true, [.. Enumerable.Repeat(use.ContentStart.Column, s.Value.Length + 1)]),
        SourceNumber n => n with { Pointer = use.Pointer, Start = use.Start },
        SourceBoolean b => b with { Pointer = use.Pointer, Start = use.Start },
        _ => new SourceNull(use.Pointer, use.Start),
    };
}
