namespace CxRox.Api.Storage.Migrations;

/// <summary>
/// Splits a SQL script at its top-level semicolons, keeping each statement's offset in the
/// script, so that a server error position (relative to the statement) maps to a line of the file.
/// Quotes, quoted identifiers, dollar quoting and comments are respected.
/// </summary>
public static class SqlStatements
{
    public static IEnumerable<(int Offset, string Text)> Split(string sql)
    {
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'' || c == '"')
            {
                i = SkipQuoted(sql, i, c);
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                i = sql.IndexOf('\n', i) is var end && end < 0 ? sql.Length : end;
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end && end < 0 ? sql.Length : end + 2;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                i = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal) is var end && end < 0 ? sql.Length : end + tag.Length;
            }
            else if (c == ';')
            {
                if (!string.IsNullOrWhiteSpace(sql[start..i]))
                {
                    yield return (start, sql[start..(i + 1)]);
                }
                start = ++i;
            }
            else
            {
                i++;
            }
        }
        if (!string.IsNullOrWhiteSpace(sql[start..]))
        {
            yield return (start, sql[start..]);
        }
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                // A doubled quote stands for itself inside the literal.
                if (Next(sql, i) != quote)
                {
                    return i + 1;
                }
                i++;
            }
            i++;
        }
        return i;
    }

    /// <summary>"$$" or "$tag$" at <paramref name="i"/>, else null (a positional parameter like $1 is not a tag).</summary>
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_'))
        {
            j++;
        }
        var isTag = j < sql.Length && sql[j] == '$' && (j == i + 1 || !char.IsDigit(sql[i + 1]));
        return isTag ? sql[i..(j + 1)] : null;
    }
}
