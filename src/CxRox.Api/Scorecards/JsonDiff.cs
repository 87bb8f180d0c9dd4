using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CxRox.Api.Scorecards;

/// <summary>One difference: <c>path</c> is an RFC 6901 pointer; <c>from</c> is absent for added, <c>to</c> for removed.</summary>
public sealed record JsonChange(
    string Path,
    string Op,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? To);

/// <summary>
/// Compares two JSON documents path by path. Objects are compared by property name (visited in
/// ordinal order, so the result does not depend on key order); arrays by index, so an element
/// inserted in the middle shows as changes to the elements after it and one added at the end.
/// A value whose type changes is one change, not a removal and an addition below it.
/// </summary>
public static class JsonDiff
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";

    public static IReadOnlyList<JsonChange> Compare(string fromJson, string toJson)
    {
        var changes = new List<JsonChange>();
        Compare(JsonNode.Parse(fromJson), JsonNode.Parse(toJson), "", changes);
        return changes;
    }

    private static void Compare(JsonNode? from, JsonNode? to, string path, List<JsonChange> changes)
    {
        switch (from, to)
        {
            case (JsonObject a, JsonObject b):
                foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var child = path + "/" + Escape(name);
                    var inA = a.TryGetPropertyValue(name, out var valueA);
                    var inB = b.TryGetPropertyValue(name, out var valueB);
                    if (!inB)
                    {
                        changes.Add(new JsonChange(child, Removed, Copy(valueA), null));
                    }
                    else if (!inA)
                    {
                        changes.Add(new JsonChange(child, Added, null, Copy(valueB)));
                    }
                    else
                    {
                        Compare(valueA, valueB, child, changes);
                    }
                }
                break;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var child = path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (i >= b.Count)
                    {
                        changes.Add(new JsonChange(child, Removed, Copy(a[i]), null));
                    }
                    else if (i >= a.Count)
                    {
                        changes.Add(new JsonChange(child, Added, null, Copy(b[i])));
                    }
                    else
                    {
                        Compare(a[i], b[i], child, changes);
                    }
                }
                break;
            default:
                if (!JsonNode.DeepEquals(from, to))
                {
                    changes.Add(new JsonChange(path, Changed, Copy(from), Copy(to)));
                }
                break;
        }
    }

    // A JSON null becomes a JsonElement of kind Null, written as null, while a C# null (no value) is left out.
    private static JsonElement Copy(JsonNode? node) => JsonSerializer.SerializeToElement(node);

    private static string Escape(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
