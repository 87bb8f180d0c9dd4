using System.Text;

namespace CxRox.Testing;

/// <summary>A readable line diff (longest common subsequence) with a little context around each change.</summary>
public static class LineDiff
{
    private const int Context = 2;
    private const int MaxOutputLines = 60;

    public static string Describe(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var edits = Edits(a, b);
        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Kind != ' ').Select(x => x.i).ToHashSet();
        var output = new StringBuilder();
        var written = 0;
        var lastShown = -1;
        for (var i = 0; i < edits.Count && written < MaxOutputLines; i++)
        {
            var near = Enumerable.Range(i - Context, 2 * Context + 1).Any(changed.Contains);
            if (!near)
            {
                continue;
            }
            if (lastShown >= 0 && i > lastShown + 1)
            {
                output.AppendLine("  ...");
            }
            var (kind, line, number) = edits[i];
            output.Append(kind).Append(' ').Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4)).Append(" | ").AppendLine(line);
            lastShown = i;
            written++;
        }
        if (written >= MaxOutputLines)
        {
            output.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  ... ({changed.Count} changed lines in all)");
        }
        return output.ToString();
    }

    private static List<(char Kind, string Line, int Number)> Edits(string[] a, string[] b)
    {
        // Past this size the table gets large; compare line by line instead.
        if ((long)a.Length * b.Length > 4_000_000)
        {
            return Enumerable.Range(0, Math.Max(a.Length, b.Length))
                .SelectMany(i => i < a.Length && i < b.Length && a[i] == b[i]
                    ? [(' ', a[i], i + 1)]
                    : (i < a.Length ? new[] { ('-', a[i], i + 1) } : []).Concat(i < b.Length ? [('+', b[i], i + 1)] : []))
                .ToList();
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var edits = new List<(char, string, int)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add((' ', a[x], x + 1));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                edits.Add(('+', b[y], y + 1));
                y++;
            }
            else
            {
                edits.Add(('-', a[x], x + 1));
                x++;
            }
        }
        return edits;
    }
}
