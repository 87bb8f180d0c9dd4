using System.Text.Json.Nodes;

namespace CxRox.Api.Scorecards;

public static partial class JsonDiff
{
    /// <summary>
    /// The largest middle section aligned by longest common subsequence; the schema's longest list
    /// (1,000 metrics) squared. Past it, that section is compared by position, so a malformed
    /// document cannot make a diff quadratic in memory beyond this.
    /// </summary>
    private const long MaxAlignedCells = 1_000_000;

    /// <summary>
    /// Compares arrays without ids (a rule's actions, lists of scalars, id lists that failed the
    /// id check) as sequences: equal items at both ends are skipped, the rest is aligned on a
    /// longest common subsequence of equal items, so inserting or deleting one item is one change.
    /// Between two aligned items the leftovers are paired by position and compared inside (one
    /// field edited in one action is one change at that field); what is left over is added or
    /// removed.
    /// </summary>
    private static void CompareBySequence(JsonArray a, JsonArray b, JsonPointers at, List<JsonChange> changes)
    {
        var start = 0;
        while (start < a.Count && start < b.Count && JsonNode.DeepEquals(a[start], b[start]))
        {
            start++;
        }
        int endA = a.Count, endB = b.Count;
        while (endA > start && endB > start && JsonNode.DeepEquals(a[endA - 1], b[endB - 1]))
        {
            endA--;
            endB--;
        }
        int i = start, j = start;
        foreach (var (matchA, matchB) in CommonSubsequence(a, start, endA, b, start, endB))
        {
            CompareGap(a, i, matchA, b, j, matchB, at, changes);
            (i, j) = (matchA + 1, matchB + 1);
        }
        CompareGap(a, i, endA, b, j, endB, at, changes);
    }

    private static void CompareGap(JsonArray a, int fromA, int toA, JsonArray b, int fromB, int toB, JsonPointers at, List<JsonChange> changes)
    {
        var paired = Math.Min(toA - fromA, toB - fromB);
        for (var k = 0; k < paired; k++)
        {
            Compare(a[fromA + k], b[fromB + k], at.Item(fromA + k, fromB + k), changes);
        }
        for (var i = fromA + paired; i < toA; i++)
        {
            changes.Add(JsonChange.Removed(at.FromItem(i), Copy(a[i])));
        }
        for (var j = fromB + paired; j < toB; j++)
        {
            changes.Add(JsonChange.Added(at.ToItem(j), Copy(b[j])));
        }
    }

    /// <summary>Index pairs of one longest common subsequence of a[startA..endA) and b[startB..endB), in order.</summary>
    private static List<(int A, int B)> CommonSubsequence(JsonArray a, int startA, int endA, JsonArray b, int startB, int endB)
    {
        int n = endA - startA, m = endB - startB;
        var matches = new List<(int, int)>();
        if (n == 0 || m == 0 || (long)n * m > MaxAlignedCells)
        {
            return matches;
        }
        // length[x, y]: the longest common subsequence of a's items from startA + x and b's from startB + y.
        var length = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                length[x, y] = JsonNode.DeepEquals(a[startA + x], b[startB + y])
                    ? length[x + 1, y + 1] + 1
                    : Math.Max(length[x + 1, y], length[x, y + 1]);
            }
        }
        for (int x = 0, y = 0; x < n && y < m;)
        {
            if (JsonNode.DeepEquals(a[startA + x], b[startB + y]))
            {
                matches.Add((startA + x, startB + y));
                x++;
                y++;
            }
            else if (length[x + 1, y] >= length[x, y + 1])
            {
                x++;
            }
            else
            {
                y++;
            }
        }
        return matches;
    }
}
