namespace CxRox.Engine.Syntax;

/// <summary>Zero-based line and column of an offset in the expression text.</summary>
public readonly record struct LinePosition(int Line, int Column);

/// <summary>Shows where in a formula a diagnostic points, for people reading messages.</summary>
public static class DiagnosticExcerpt
{
    /// <summary>
    /// The line of <paramref name="text"/> that holds the span's start, then a line of carets
    /// under the span (at least one; clipped at the end of that line). Tabs in the line are
    /// copied into the indent so the carets stay aligned.
    /// </summary>
    public static string Render(string text, TextSpan span)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = Math.Clamp(span.Start, 0, text.Length);
        var lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
        var lineEnd = text.IndexOf('\n', start);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var line = text[lineStart..lineEnd].TrimEnd('\r');
        var column = start - lineStart;
        var indent = new string([.. line.Take(column).Select(c => c == '\t' ? '\t' : ' ')]);
        var width = Math.Max(1, Math.Min(span.Length, line.Length - column));
        return line + "\n" + indent + new string('^', width);
    }

    public static LinePosition GetLinePosition(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new LinePosition(line, offset - lineStart);
    }
}
