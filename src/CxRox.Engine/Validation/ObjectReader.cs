using System.Globalization;
using CxRox.Engine.Model;

namespace CxRox.Engine.Validation;

/// <summary>
/// Reads the properties of one JSON object by name, reporting unknown properties (with a suggestion),
/// missing required ones and wrong types, so that each model mapper reads as a list of its fields.
/// </summary>
internal sealed class ObjectReader
{
    private readonly DiagnosticBag diagnostics;

    /// <param name="subject">How messages name the object: "metric 'nps'", "the scorecard".</param>
    /// <param name="misplaced">Properties that belong elsewhere, with where they belong.</param>
    public ObjectReader(SourceObject node, DiagnosticBag diagnostics, string subject, IReadOnlyCollection<string> known, IReadOnlyDictionary<string, string>? misplaced = null)
    {
        Node = node;
        this.diagnostics = diagnostics;
        Subject = subject;
        foreach (var property in node.Properties)
        {
            if (known.Contains(property.Name))
            {
                continue;
            }

            var message = misplaced is not null && misplaced.TryGetValue(property.Name, out var where)
                ? $"{Capitalize(subject)} has no property '{property.Name}': {where}"
                : Suggestions.Closest(property.Name, known) is { } match
                    ? $"{Capitalize(subject)} has no property '{property.Name}'. Did you mean '{match}'?"
                    : $"{Capitalize(subject)} has no property '{property.Name}'. Allowed: {string.Join(", ", known)}.";
            diagnostics.Report(ScorecardDiagnostics.UnknownProperty, property.Pointer, property.NameStart, message);
        }
    }

    public SourceObject Node { get; }

    public string Subject { get; }

    public SourceLocation Location => new(Node.Pointer, Node.Start);

    public bool Has(string name) => Node.Find(name) is not null;

    public SourceNode? Get(string name, bool required, string? expected = null)
    {
        var value = Node.Find(name)?.Value;
        if (value is null && required)
        {
            diagnostics.Report(ScorecardDiagnostics.MissingProperty, Node,
                $"{Capitalize(Subject)} is missing '{name}'{(expected is null ? "" : $" ({expected})")}.");
        }

        return value;
    }

    public SourceString? StringNode(string name, bool required, string? expected = null)
    {
        var node = Get(name, required, expected);
        if (node is null)
        {
            return null;
        }

        if (node is not SourceString text)
        {
            WrongType(name, node, "a string" + (expected is null ? "" : $" ({expected})"));
            return null;
        }

        if (string.IsNullOrWhiteSpace(text.Value))
        {
            diagnostics.Report(ScorecardDiagnostics.EmptyText, text, $"'{name}' of {Subject} is empty; write {expected ?? "some text"}.");
            return null;
        }

        return text;
    }

    public string? String(string name, bool required, string? expected = null) => StringNode(name, required, expected)?.Value;

    public double? Number(string name, bool required, string? expected = null)
    {
        var node = Get(name, required, expected);
        if (node is null)
        {
            return null;
        }

        if (node is not SourceNumber number)
        {
            WrongType(name, node, "a number");
            return null;
        }

        var value = double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidNumber, number, $"'{name}' of {Subject} is too large ({number.Text}).");
            return null;
        }

        return value;
    }

    public int? Integer(string name, bool required, int min, int max, string? expected = null)
    {
        var node = Get(name, required, expected);
        if (node is null)
        {
            return null;
        }

        if (node is not SourceNumber number)
        {
            WrongType(name, node, "a whole number");
            return null;
        }

        // Judged on the text: 5.0 and 5e0 are not how a consultant writes a count.
        if (number.Text.AsSpan().IndexOfAny(".eE") >= 0)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidNumber, number, $"'{name}' of {Subject} must be a whole number, not {number.Text}.");
            return null;
        }

        if (!int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            diagnostics.Report(ScorecardDiagnostics.InvalidNumber, number, $"'{name}' of {Subject} must be from {min} to {max}, not {number.Text}.");
            return null;
        }

        return value;
    }

    /// <summary>A string that must be one of <paramref name="choices"/>' keys.</summary>
    public T? Choice<T>(string name, bool required, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var allowed = string.Join(", ", choices.Keys);
        var text = StringNode(name, required, "one of " + allowed);
        if (text is null)
        {
            return null;
        }

        if (choices.TryGetValue(text.Value, out var value))
        {
            return value;
        }

        diagnostics.Report(ScorecardDiagnostics.UnknownValue, text,
            $"'{name}' of {Subject} is '{text.Value}', which is not one of {allowed}.{Suggestions.DidYouMean(text.Value, choices.Keys)}");
        return null;
    }

    public SourceObject? Object(string name, bool required, string? expected = null)
    {
        var node = Get(name, required, expected);
        if (node is null or SourceObject)
        {
            return (SourceObject?)node;
        }

        WrongType(name, node, "an object" + (expected is null ? "" : $" ({expected})"));
        return null;
    }

    public SourceArray? Array(string name, bool required, string? expected = null)
    {
        var node = Get(name, required, expected);
        if (node is null or SourceArray)
        {
            return (SourceArray?)node;
        }

        WrongType(name, node, "an array" + (expected is null ? "" : $" ({expected})"));
        return null;
    }

    public void WrongType(string name, SourceNode node, string expected) =>
        diagnostics.Report(ScorecardDiagnostics.WrongType, node, $"'{name}' of {Subject} must be {expected}, not {Describe(node)}.");

    /// <summary>"a string ("2")", "a number (2)", "an object": what was found, briefly.</summary>
    public static string Describe(SourceNode node) => node switch
    {
        SourceString s => $"a string (\"{(s.Value.Length > 30 ? s.Value[..30] + "..." : s.Value)}\")",
        SourceNumber n => $"a number ({n.Text})",
        _ => node.Description,
    };

    public static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
