using System.Globalization;
using System.Reflection;
using System.Text;
using static CxRox.Api.Summaries.SummaryWording;

namespace CxRox.Api.Summaries;

/// <summary>
/// The summary as one self-contained page an executive opens or prints: inline CSS (screen and
/// print), inline SVG sparklines, no scripts, no external assets. Written as XHTML-style markup
/// (every element closed, every text escaped) so that an XML parser reads it too.
/// </summary>
public static class SummaryHtml
{
    /// <summary>
    /// What the page may load, served with it: nothing but its own inline CSS, and images only as
    /// data: URIs (the sparklines are inline SVG elements, which need no source). Should a
    /// tenant's text ever escape the escaping, no script runs and nothing leaves the page: no
    /// fetch, form, &lt;base&gt; or framing by another site.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly string Style = ReadStyle();

    public static string Render(SummaryDocument summary)
    {
        var html = new StringBuilder(32 * 1024);
        var unit = summary.Period.Unit;
        var before = summary.ComparedWith is { } previous ? PeriodName(previous) : null;
        var title = $"{summary.ScorecardName} — {PeriodName(summary.Period)}";

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header class=\"masthead\">\n<p class=\"eyebrow\">Executive summary · ").Append(Escape(summary.ScorecardName)).Append("</p>\n")
            .Append("<h1>").Append(Escape(PeriodName(summary.Period))).Append("</h1>\n")
            .Append("<p class=\"meta\">").Append(Escape(PeriodDays(summary.Period)))
            .Append(before is null ? " · no earlier scores to compare with" : $" · changes on {before}{(summary.ComparedWith!.Partial ? " (to date)" : "")}")
            .Append("</p>\n</header>\n");
        html.Append("<p class=\"headline\">").Append(Escape(Headline(summary))).Append("</p>\n");

        Indicators(html, summary, before);
        Pillars(html, summary);
        Moves(html, summary, before);
        Red(html, summary, before);
        Findings(html, summary, unit);
        Heatmap(html, summary);
        Coverage(html, summary, unit);

        html.Append("<footer>Scorecard ").Append(Escape(summary.Scorecard)).Append(", version ").Append(summary.Version)
            .Append(" (content hash ").Append(Escape(summary.ContentHash[..Math.Min(12, summary.ContentHash.Length)])).Append("…) · scores computed ")
            .Append(summary.ComputedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC</footer>\n");
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void Indicators(StringBuilder html, SummaryDocument summary, string? before)
    {
        var trend = summary.Trend;
        var partial = trend.Periods.Select(p => p.Partial).ToList();
        var span = Periods(summary.Period.Unit, trend.Periods.Length);
        html.Append("<section class=\"kpis\">\n<div class=\"kpi kpi-main\">\n<p class=\"kpi-label\">").Append(Escape(summary.Rox.Name)).Append("</p>\n")
            .Append("<p class=\"kpi-value\">").Append(Minus(summary.Rox.ValueText)).Append("</p>\n");
        Delta(html, "p", summary.Rox.ChangeText, before);
        html.Append(Sparkline.Svg("rox", trend.Index, partial, 480, 72, $"{summary.Rox.Name}, last {span}: {SeriesText(trend.Index)}"))
            .Append("\n<p class=\"spark-caption\">Last ").Append(span).Append(Range(trend.Index)).Append("</p>\n</div>\n");
        if (summary.Return is { } roxReturn)
        {
            html.Append("<div class=\"kpi\">\n<p class=\"kpi-label\">").Append(Escape(roxReturn.Name)).Append("</p>\n")
                .Append("<p class=\"kpi-value\">").Append(Minus(roxReturn.ValueText)).Append("</p>\n");
            Delta(html, "p", roxReturn.ChangeText, before);
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    private static void Pillars(StringBuilder html, SummaryDocument summary)
    {
        var totalWeight = summary.Pillars.Sum(p => p.Weight);
        var partial = summary.Trend.Periods.Select(p => p.Partial).ToList();
        html.Append("<section>\n<h2>Pillars</h2>\n<div class=\"pillars\">\n");
        foreach (var pillar in summary.Pillars)
        {
            var scores = summary.Trend.Pillars.FirstOrDefault(s => s.Id == pillar.Id)?.Scores ?? [];
            html.Append("<div class=\"pillar\">\n<p class=\"pillar-name\">").Append(Escape(pillar.Name));
            if (totalWeight > 0)
            {
                html.Append(" <span class=\"weight\">").Append(Math.Round(100 * pillar.Weight / totalWeight).ToString(CultureInfo.InvariantCulture)).Append("% of the index</span>");
            }
            html.Append("</p>\n<p class=\"pillar-score\">").Append(Score(pillar.Score)).Append(' ');
            Delta(html, "span", pillar.Change is null ? null : ScoreChange(pillar.Change), null);
            html.Append("</p>\n").Append(Sparkline.Svg("pillar:" + pillar.Id, scores, partial, 200, 36, $"{pillar.Name}: {SeriesText(scores)}")).Append("\n</div>\n");
        }
        html.Append("</div>\n</section>\n");
    }

    private static void Moves(StringBuilder html, SummaryDocument summary, string? before)
    {
        html.Append("<section>\n<h2>What moved</h2>\n");
        if (before is null)
        {
            html.Append("<p class=\"empty\">Nothing to compare with: the period before has no scores.</p>\n</section>\n");
            return;
        }
        html.Append("<div class=\"columns\">\n");
        foreach (var (title, moves) in new[] { ("Improved", summary.Improvements), ("Deteriorated", summary.Deteriorations) })
        {
            html.Append("<div>\n<h3>").Append(title).Append("</h3>\n");
            if (moves.IsEmpty)
            {
                html.Append("<p class=\"empty\">Nothing.</p>\n</div>\n");
                continue;
            }
            html.Append("<table>\n<thead><tr><th>Metric</th><th class=\"num\">Value</th><th class=\"num\">Score</th></tr></thead>\n<tbody>\n");
            foreach (var move in moves)
            {
                html.Append("<tr><td>").Append(Escape(move.Name)).Append("</td><td class=\"num\">").Append(Minus(move.ValueBeforeText)).Append(" → ").Append(Minus(move.ValueAfterText))
                    .Append("</td><td class=\"num\">").Append(Score(move.ScoreBefore)).Append(" → ").Append(Score(move.ScoreAfter)).Append(' ');
                Delta(html, "span", ScoreChange(move.ScoreChange), null);
                html.Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n</div>\n");
        }
        html.Append("</div>\n</section>\n");
    }

    private static void Red(StringBuilder html, SummaryDocument summary, string? before)
    {
        html.Append("<section>\n<h2>What is red</h2>\n");
        if (summary.Red.IsEmpty)
        {
            html.Append("<p class=\"empty\">No metric is red.</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"red\">\n<thead><tr><th>Metric</th><th>Touchpoint</th><th class=\"num\">Value</th><th class=\"num\">Target</th><th class=\"num\">")
            .Append(before is null ? "Change" : "Since " + Escape(before)).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var red in summary.Red)
        {
            html.Append("<tr><td><strong>").Append(Escape(red.Name)).Append("</strong>");
            if (red.SetByRule is { } rule)
            {
                html.Append("<br /><span class=\"reason\">Set red by <em>").Append(Escape(rule.RuleName)).Append("</em>: ").Append(Escape(rule.Reason)).Append("</span>");
            }
            html.Append("</td><td>").Append(Escape(red.Touchpoint ?? "")).Append("</td><td class=\"num\">").Append(Minus(red.ValueText))
                .Append("</td><td class=\"num\">").Append(Minus(red.TargetText ?? "")).Append("</td><td class=\"num\">").Append(Minus(red.ChangeText ?? "")).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Findings(StringBuilder html, SummaryDocument summary, string unit)
    {
        html.Append("<section>\n<h2>What to do next</h2>\n");
        if (summary.Findings.IsEmpty)
        {
            html.Append("<p class=\"empty\">No rule raised a finding.</p>\n</section>\n");
            return;
        }
        html.Append("<ol class=\"findings\">\n");
        foreach (var finding in summary.Findings)
        {
            var state = finding.State.ToString().ToLowerInvariant();
            var severity = Severity(finding.Severity);
            html.Append("<li class=\"finding ").Append(severity).Append(' ').Append(state).Append("\">\n<p class=\"finding-head\"><span class=\"badge ").Append(state).Append("\">")
                .Append(Escape(State(finding, unit))).Append("</span><span class=\"severity ").Append(severity).Append("\">").Append(severity).Append("</span><strong>")
                .Append(Escape(finding.RuleName)).Append("</strong></p>\n<p class=\"message\">").Append(Escape(finding.Message)).Append("</p>\n");
            if (finding.Action is not null && finding.State != FindingState.Resolved)
            {
                html.Append("<p class=\"action\"><span>Next</span> ").Append(Escape(finding.Action)).Append("</p>\n");
            }
            html.Append("</li>\n");
        }
        html.Append("</ol>\n</section>\n");
    }

    private static void Heatmap(StringBuilder html, SummaryDocument summary)
    {
        html.Append("<section>\n<h2>Touchpoints</h2>\n<table class=\"heatmap\">\n<thead><tr><th>Touchpoint</th><th>Green</th><th>Amber</th><th>Red</th><th>Missing</th></tr></thead>\n<tbody>\n");
        foreach (var row in summary.Heatmap)
        {
            html.Append("<tr><th scope=\"row\"").Append(row.Touchpoint is null ? " class=\"untagged\"" : "").Append('>').Append(Escape(Touchpoint(row.Touchpoint))).Append("</th>");
            foreach (var (status, metrics) in new[] { ("green", row.Green), ("amber", row.Amber), ("red", row.Red), ("missing", row.Missing) })
            {
                html.Append("<td").Append(metrics.IsEmpty ? "" : $" class=\"{status}\"").Append('>');
                foreach (var metric in metrics)
                {
                    html.Append("<span class=\"chip\">").Append(Escape(metric.Name)).Append("</span>");
                }
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Coverage(StringBuilder html, SummaryDocument summary, string unit)
    {
        var coverage = summary.Coverage;
        html.Append("<section>\n<h2>Data coverage</h2>\n<div class=\"coverage\">\n")
            .Append("<p><strong>").Append(coverage.Present).Append(" of ").Append(coverage.Metrics).Append("</strong> metrics have a value</p>\n")
            .Append("<p><strong>").Append(Count(coverage.Answers)).Append("</strong> survey answers in the ").Append(unit).Append("</p>\n")
            .Append("<p><strong>").Append(Count(coverage.Observations)).Append("</strong> observations in the ").Append(unit).Append("</p>\n");
        if (coverage.RoxWeightMissing > 0)
        {
            html.Append("<p><strong>").Append(Math.Round(coverage.RoxWeightMissing * 100).ToString(CultureInfo.InvariantCulture)).Append("%</strong> of the index weight had no score</p>\n");
        }
        html.Append("</div>\n");
        if (!coverage.Missing.IsEmpty)
        {
            html.Append("<table class=\"missing\">\n<thead><tr><th>Missing metric</th><th>Why</th></tr></thead>\n<tbody>\n");
            foreach (var missing in coverage.Missing)
            {
                html.Append("<tr><td>").Append(Escape(missing.Name)).Append("</td><td>").Append(Missing(missing.Reason)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>A change with its direction as a class (up, down or flat), for scores and the headline numbers, where up is better.</summary>
    private static void Delta(StringBuilder html, string element, string? text, string? before)
    {
        if (text is null)
        {
            return;
        }
        // By the text, not the number: a change that rounds to nothing is flat.
        var direction = text switch { ['+', ..] => "up", ['-', ..] => "down", _ => "flat" };
        html.Append('<').Append(element).Append(" class=\"delta ").Append(direction).Append("\">").Append(Minus(text));
        if (before is not null)
        {
            html.Append(" on ").Append(Escape(before));
        }
        html.Append("</").Append(element).Append('>');
        if (element == "p")
        {
            html.Append('\n');
        }
    }

    /// <summary>" · low 52.0, high 64.2": the sparkline has no axis, and its scale stretches small moves.</summary>
    private static string Range(IReadOnlyList<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count < 2 ? "" : $" · low {Score(present.Min())}, high {Score(present.Max())}";
    }

    private static string SeriesText(IReadOnlyList<double?> values) =>
        string.Join(", ", values.Select(v => v is null ? "missing" : Score(v)));

    /// <summary>Escaped, with a leading hyphen set as a minus sign.</summary>
    private static string Minus(string text) => Escape(text.StartsWith('-') ? "\u2212" + text[1..] : text);

    /// <summary>
    /// Escapes text for element content and attribute values alike; characters XML forbids
    /// (most control characters) become U+FFFD, so that the page stays well-formed whatever a
    /// metric name holds.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#39;"),
                < ' ' and not ('\t' or '\n' or '\r') => escaped.Append('\uFFFD'),
                '\uFFFE' or '\uFFFF' => escaped.Append('\uFFFD'),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    private static string ReadStyle()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CxRox.Summaries.summary.css")
            ?? throw new InvalidOperationException("The summary page's style sheet is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
