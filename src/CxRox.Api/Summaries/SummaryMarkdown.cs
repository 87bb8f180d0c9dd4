using System.Text;
using static CxRox.Api.Summaries.SummaryWording;

namespace CxRox.Api.Summaries;

/// <summary>
/// The summary as CommonMark for people: headline, pillars, what moved, what is red, what to do
/// next, touchpoints, data coverage. Every text that comes from a scorecard or the data is
/// escaped, so a metric name cannot turn into markup or break a table.
/// </summary>
public static class SummaryMarkdown
{
    public static string Render(SummaryDocument summary)
    {
        var md = new StringBuilder();
        var unit = summary.Period.Unit;
        var before = summary.ComparedWith is { } previous ? PeriodName(previous) : null;

        md.Append("# ").Append(Escape(summary.ScorecardName)).Append(" — ").AppendLine(PeriodName(summary.Period)).AppendLine();
        md.AppendLine(Escape(Headline(summary))).AppendLine();
        md.Append(PeriodDays(summary.Period)).Append(" · scorecard ").Append(Escape(summary.Scorecard)).Append(" version ").Append(summary.Version)
            .Append(" · scores computed ").Append(summary.ComputedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" UTC").AppendLine();

        var trend = summary.Trend;
        md.Append(Escape(summary.Rox.Name)).Append(", last ").Append(Periods(unit, trend.Periods.Length)).Append(": ").Append(Sparkline.Blocks(trend.Index))
            .Append(' ').Append(Score(trend.Index[0])).Append(" → ").AppendLine(Score(trend.Index[^1])).AppendLine();

        md.AppendLine("## Pillars").AppendLine();
        md.Append("| Pillar | Score | Change | Last ").Append(Periods(unit, trend.Periods.Length)).AppendLine(" |").AppendLine("| --- | ---: | ---: | --- |");
        foreach (var pillar in summary.Pillars)
        {
            var scores = trend.Pillars.FirstOrDefault(s => s.Id == pillar.Id)?.Scores ?? [];
            md.Append("| ").Append(Escape(pillar.Name)).Append(" | ").Append(Score(pillar.Score)).Append(" | ").Append(ScoreChange(pillar.Change))
                .Append(" | ").Append(Sparkline.Blocks(scores)).AppendLine(" |");
        }
        md.AppendLine();

        md.AppendLine("## What moved").AppendLine();
        if (before is null)
        {
            md.AppendLine("Nothing to compare with: the period before has no scores.").AppendLine();
        }
        else
        {
            Moves(md, "Improved", summary.Improvements);
            Moves(md, "Deteriorated", summary.Deteriorations);
        }

        md.AppendLine("## What is red").AppendLine();
        if (summary.Red.IsEmpty)
        {
            md.AppendLine("No metric is red.").AppendLine();
        }
        foreach (var red in summary.Red)
        {
            md.Append("- **").Append(Escape(red.Name)).Append("**");
            if (red.Touchpoint is not null)
            {
                md.Append(" (").Append(Escape(red.Touchpoint)).Append(')');
            }
            md.Append(": ").Append(Escape(red.ValueText));
            if (red.TargetText is not null)
            {
                md.Append(" against a target of ").Append(Escape(red.TargetText));
            }
            if (red.ChangeText is not null)
            {
                md.Append(", ").Append(Escape(red.ChangeText)).Append(" on ").Append(before);
            }
            md.AppendLine(".");
            if (red.SetByRule is { } rule)
            {
                md.Append("  Set red by the rule *").Append(Escape(rule.RuleName)).Append("*: ").AppendLine(Escape(rule.Reason));
            }
        }
        if (!summary.Red.IsEmpty)
        {
            md.AppendLine();
        }

        md.AppendLine("## What to do next").AppendLine();
        if (summary.Findings.IsEmpty)
        {
            md.AppendLine("No rule raised a finding.").AppendLine();
        }
        foreach (var finding in summary.Findings)
        {
            md.Append("- **").Append(State(finding, unit)).Append("** · ").Append(Severity(finding.Severity)).Append(" · *")
                .Append(Escape(finding.RuleName)).Append("*: ").AppendLine(Escape(finding.Message));
            if (finding.Action is not null && finding.State != FindingState.Resolved)
            {
                md.Append("  Next: ").AppendLine(Escape(finding.Action));
            }
        }
        if (!summary.Findings.IsEmpty)
        {
            md.AppendLine();
        }

        md.AppendLine("## Touchpoints").AppendLine();
        md.AppendLine("| Touchpoint | Green | Amber | Red | Missing |").AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in summary.Heatmap)
        {
            md.Append("| ").Append(Escape(Touchpoint(row.Touchpoint)));
            foreach (var cell in new[] { row.Green, row.Amber, row.Red, row.Missing })
            {
                md.Append(" | ").Append(string.Join(", ", cell.Select(m => Escape(m.Name))));
            }
            md.AppendLine(" |");
        }
        md.AppendLine();

        var coverage = summary.Coverage;
        md.AppendLine("## Data coverage").AppendLine();
        md.Append(coverage.Present).Append(" of ").Append(coverage.Metrics).Append(" metrics have a value; ")
            .Append(Count(coverage.Answers)).Append(" survey answers and ").Append(Count(coverage.Observations)).Append(" observations in the ").Append(unit).Append('.');
        if (coverage.RoxWeightMissing > 0)
        {
            md.Append(' ').Append(Math.Round(coverage.RoxWeightMissing * 100).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append("% of the ").Append(Escape(summary.Rox.Name)).Append("'s weight had no score.");
        }
        md.AppendLine();
        if (!coverage.Missing.IsEmpty)
        {
            md.AppendLine().AppendLine("Missing:").AppendLine();
            foreach (var missing in coverage.Missing)
            {
                md.Append("- ").Append(Escape(missing.Name)).Append(": ").AppendLine(Missing(missing.Reason));
            }
        }
        return md.ToString();
    }

    private static void Moves(StringBuilder md, string title, IReadOnlyList<MetricMove> moves)
    {
        md.Append("**").Append(title).AppendLine("**").AppendLine();
        if (moves.Count == 0)
        {
            md.AppendLine("- Nothing.");
        }
        foreach (var move in moves)
        {
            md.Append("- ").Append(Escape(move.Name)).Append(": ").Append(Escape(move.ValueBeforeText)).Append(" → ").Append(Escape(move.ValueAfterText))
                .Append("; score ").Append(Score(move.ScoreBefore)).Append(" → ").Append(Score(move.ScoreAfter))
                .Append(" (").Append(ScoreChange(move.ScoreChange)).AppendLine(")");
        }
        md.AppendLine();
    }

    /// <summary>
    /// Backslash-escapes the characters that start emphasis, code, links, HTML, entities, tables
    /// and strike-through (CommonMark allows a backslash before any ASCII punctuation); line
    /// breaks become spaces, so a text stays in its list item or table cell.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&' or '#' or '!')
            {
                escaped.Append('\\').Append(c);
            }
            else
            {
                escaped.Append(char.IsControl(c) ? ' ' : c);
            }
        }
        return escaped.ToString();
    }
}
