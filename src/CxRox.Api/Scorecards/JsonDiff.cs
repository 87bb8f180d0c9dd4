using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxRox.Api.Scorecards;

/// <summary>
/// Compares two versions of a JSON document. Objects are compared by property name (visited in
/// ordinal order, so the result does not depend on key order). Arrays whose items are all objects
/// with distinct string <c>id</c>s (a scorecard's pillars, metrics and rules) are compared by id:
/// one item inserted or deleted anywhere is one change, and an item whose place among the others
/// changed is reported as moved (<see cref="JsonDiff.CompareById"/>). Other arrays are aligned on
/// their longest common run of equal items (<see cref="JsonDiff.CompareBySequence"/>). A value
/// whose type changes is one change, not a removal and an addition below it. Never throws on
/// valid JSON, whatever its shape.
/// </summary>
public static partial class JsonDiff
{
    public static IReadOnlyList<JsonChange> Compare(string fromJson, string toJson)
    {
        var changes = new List<JsonChange>();
        Compare(JsonNode.Parse(fromJson), JsonNode.Parse(toJson), JsonPointers.Root, changes);
        return changes;
    }

    private static void Compare(JsonNode? from, JsonNode? to, JsonPointers at, List<JsonChange> changes)
    {
        switch (from, to)
        {
            case (JsonObject a, JsonObject b):
                CompareObjects(a, b, at, changes);
                break;
            case (JsonArray a, JsonArray b):
                if (Ids(a) is { } fromIds && Ids(b) is { } toIds)
                {
                    CompareById(a, fromIds, b, toIds, at, changes);
                }
                else
                {
                    CompareBySequence(a, b, at, changes);
                }
                break;
            default:
                if (!JsonNode.DeepEquals(from, to))
                {
                    changes.Add(JsonChange.Changed(at, Copy(from), Copy(to)));
                }
                break;
        }
    }

    private static void CompareObjects(JsonObject a, JsonObject b, JsonPointers at, List<JsonChange> changes)
    {
        foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var child = at.Property(name);
            var inA = a.TryGetPropertyValue(name, out var valueA);
            var inB = b.TryGetPropertyValue(name, out var valueB);
            if (!inB)
            {
                changes.Add(JsonChange.Removed(child.From, Copy(valueA)));
            }
            else if (!inA)
            {
                changes.Add(JsonChange.Added(child.To, Copy(valueB)));
            }
            else
            {
                Compare(valueA, valueB, child, changes);
            }
        }
    }

    // A JSON null becomes a JsonElement of kind Null, written as null, while a C# null (no value) is left out.
    private static JsonElement Copy(JsonNode? node) => JsonSerializer.SerializeToElement(node);
}
