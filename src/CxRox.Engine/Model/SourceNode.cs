using System.Collections.Immutable;

namespace CxRox.Engine.Model;

/// <summary>
/// A JSON value with where it was written. The scorecard reader maps this tree to the model, so that
/// every diagnostic can name the pointer, line and column of the value it is about.
/// </summary>
public abstract record SourceNode(string Pointer, SourcePosition Start)
{
    /// <summary>The JSON type, phrased for messages: "an object", "a string", ...</summary>
    public abstract string Description { get; }
}

public sealed record SourceObject(string Pointer, SourcePosition Start, ImmutableArray<SourceProperty> Properties)
    : SourceNode(Pointer, Start)
{
    public override string Description => "an object";

    public SourceProperty? Find(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }
}

/// <summary>A property of an object; <see cref="NameStart"/> is the opening quote of its name.</summary>
public sealed record SourceProperty(string Name, string Pointer, SourcePosition NameStart, SourceNode Value);

public sealed record SourceArray(string Pointer, SourcePosition Start, ImmutableArray<SourceNode> Items)
    : SourceNode(Pointer, Start)
{
    public override string Description => "an array";
}

/// <summary>
/// A string value. <see cref="SourceNode.Start"/> is its opening quote; <see cref="ContentStart"/> the
/// first character inside it. <see cref="Columns"/> maps each decoded character to its document column
/// when the JSON text used escapes (empty otherwise).
/// </summary>
public sealed record SourceString(string Pointer, SourcePosition Start, string Value, bool HasEscapes, ImmutableArray<int> Columns)
    : SourceNode(Pointer, Start)
{
    public override string Description => "a string";

    public SourcePosition ContentStart => new(Start.Line, Start.Column + 1);

    public SourcePosition PositionAt(int offset) =>
        Columns.IsDefaultOrEmpty
            ? new SourcePosition(Start.Line, Start.Column + 1 + offset)
            : new SourcePosition(Start.Line, Columns[offset]);
}

/// <summary>A number, kept as written so that integers and decimals are judged on their text.</summary>
public sealed record SourceNumber(string Pointer, SourcePosition Start, string Text) : SourceNode(Pointer, Start)
{
    public override string Description => "a number";
}

public sealed record SourceBoolean(string Pointer, SourcePosition Start, bool Value) : SourceNode(Pointer, Start)
{
    public override string Description => Value ? "true" : "false";
}

public sealed record SourceNull(string Pointer, SourcePosition Start) : SourceNode(Pointer, Start)
{
    public override string Description => "null";
}

/// <summary>RFC 6901 pointers: '~' is written '~0' and '/' is written '~1'.</summary>
public static class JsonPointer
{
    public static string Append(string parent, string token) =>
        parent + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string parent, int index) =>
        parent + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
