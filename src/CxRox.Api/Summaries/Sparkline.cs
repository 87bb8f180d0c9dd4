using System.Globalization;
using System.Text;

namespace CxRox.Api.Summaries;

/// <summary>
/// A small line of scores (0-100) over periods: one point per period, oldest on the
/// left, a gap where a score is missing, a dot on the latest value, hollow dots on periods that
/// were computed to date. The vertical range spans at least <see cref="MinimumSpan"/> points, so
/// that noise of a few tenths does not look like a cliff. Drawn in SVG for the page, and in block
/// characters for Markdown.
/// </summary>
public static class Sparkline
{
    public const double MinimumSpan = 10;

    private const double Padding = 4;

    /// <param name="series">What the line shows, for the data-series attribute (tests and styling find it by that).</param>
    /// <param name="label">Read out by screen readers and shown as the tooltip.</param>
    public static string Svg(string series, IReadOnlyList<double?> values, IReadOnlyList<bool> partial, int width, int height, string label)
    {
        var (low, high) = Scale(values);
        double X(int i) => values.Count == 1 ? width / 2.0 : Padding + (i * (width - (2 * Padding)) / (values.Count - 1));
        double Y(double v) => Padding + ((high - v) * (height - (2 * Padding)) / (high - low));

        var path = new StringBuilder();
        var drawing = false;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value)
            {
                drawing = false;
                continue;
            }
            path.Append(path.Length == 0 ? "" : " ").Append(drawing ? 'L' : 'M').Append(Number(X(i))).Append(',').Append(Number(Y(value)));
            drawing = true;
        }

        var svg = new StringBuilder();
        svg.Append("<svg class=\"sparkline\" data-series=\"").Append(SummaryHtml.Escape(series)).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"").Append(SummaryHtml.Escape(label)).Append("\">");
        svg.Append("<title>").Append(SummaryHtml.Escape(label)).Append("</title>");
        if (path.Length > 0)
        {
            svg.Append("<path class=\"spark-line\" d=\"").Append(path).Append("\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.75\" stroke-linejoin=\"round\" stroke-linecap=\"round\" vector-effect=\"non-scaling-stroke\" />");
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value && (partial[i] || i == values.Count - 1))
            {
                var hollow = partial[i];
                svg.Append("<circle class=\"").Append(hollow ? "spark-partial" : "spark-end").Append("\" cx=\"").Append(Number(X(i))).Append("\" cy=\"").Append(Number(Y(value)))
                    .Append("\" r=\"2.75\" fill=\"").Append(hollow ? "#ffffff" : "currentColor").Append("\" stroke=\"currentColor\" stroke-width=\"1.25\" vector-effect=\"non-scaling-stroke\" />");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The same line in text, one block character per period (a space where a score is missing), for Markdown.</summary>
    public static string Blocks(IReadOnlyList<double?> values)
    {
        const string levels = "▁▂▃▄▅▆▇█";
        var (low, high) = Scale(values);
        return string.Concat(values.Select(v => v is { } value
            ? levels[(int)Math.Round((value - low) / (high - low) * (levels.Length - 1))]
            : ' '));
    }

    private static (double Low, double High) Scale(IReadOnlyList<double?> values)
    {
        var present = values.OfType<double>().ToList();
        var low = present.Count == 0 ? 0 : present.Min();
        var high = present.Count == 0 ? 100 : present.Max();
        if (high - low < MinimumSpan)
        {
            var middle = (high + low) / 2;
            (low, high) = (middle - (MinimumSpan / 2), middle + (MinimumSpan / 2));
        }
        return (low, high);
    }

    private static string Number(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);
}
