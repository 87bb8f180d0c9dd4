using System.Text.Json.Nodes;

namespace CxRox.Api.Scorecards;

public static partial class JsonDiff
{
    private const string IdProperty = "id";

    /// <summary>
    /// Each item's id, or null when the array cannot be matched by id: an item that is not an
    /// object with a string <c>id</c>, or an id seen twice. Stored scorecards always qualify
    /// (the reader refuses duplicate ids); anything else falls back to the sequence comparison.
    /// </summary>
    private static string[]? Ids(JsonArray array)
    {
        var ids = new string[array.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item
                || !item.TryGetPropertyValue(IdProperty, out var id)
                || id is not JsonValue value
                || !value.TryGetValue<string>(out var text)
                || !seen.Add(text))
            {
                return null;
            }
            ids[i] = text;
        }
        return ids;
    }

    /// <summary>
    /// Matches items by id. Removals come first, in the old order; then the new order, each item
    /// added, or compared with its old self (pointers into each version at its own index). Of the
    /// items in both versions, those off one longest run that kept its relative order are moved,
    /// so a deletion or insertion shifts no one into a move, and one item taken elsewhere is one
    /// move.
    /// </summary>
    private static void CompareById(JsonArray a, string[] fromIds, JsonArray b, string[] toIds, JsonPointers at, List<JsonChange> changes)
    {
        var fromIndex = Index(fromIds);
        var toIndex = Index(toIds);
        var keptNewIndices = new List<int>();
        for (var i = 0; i < a.Count; i++)
        {
            if (toIndex.TryGetValue(fromIds[i], out var j))
            {
                keptNewIndices.Add(j);
            }
            else
            {
                changes.Add(JsonChange.Removed(at.FromItem(i), Copy(a[i])));
            }
        }
        var inPlace = LongestIncreasingRun(keptNewIndices);
        for (var j = 0; j < b.Count; j++)
        {
            if (!fromIndex.TryGetValue(toIds[j], out var i))
            {
                changes.Add(JsonChange.Added(at.ToItem(j), Copy(b[j])));
                continue;
            }
            var item = at.Item(i, j);
            if (!inPlace.Contains(j))
            {
                changes.Add(JsonChange.Moved(item));
            }
            Compare(a[i], b[j], item, changes);
        }
    }

    private static Dictionary<string, int> Index(string[] ids)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i]] = i;
        }
        return index;
    }

    /// <summary>
    /// The values of one longest strictly increasing subsequence of distinct values (patience
    /// sorting, O(n log n)): the items that kept their relative order.
    /// </summary>
    private static HashSet<int> LongestIncreasingRun(List<int> values)
    {
        // tails[k]: position in values of the smallest last value of an increasing run of length k + 1.
        var tails = new List<int>();
        var previous = new int[values.Count];
        for (var p = 0; p < values.Count; p++)
        {
            int low = 0, high = tails.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (values[tails[middle]] < values[p])
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }
            previous[p] = low > 0 ? tails[low - 1] : -1;
            if (low == tails.Count)
            {
                tails.Add(p);
            }
            else
            {
                tails[low] = p;
            }
        }
        var run = new HashSet<int>();
        for (var p = tails.Count > 0 ? tails[^1] : -1; p >= 0; p = previous[p])
        {
            run.Add(values[p]);
        }
        return run;
    }
}
