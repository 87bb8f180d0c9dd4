using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CxRox.Api.Summaries;
using CxRox.Testing;

namespace CxRox.Api.Tests.Summaries;

/// <summary>The Markdown and the HTML page of the fixture's summary (<see cref="SummaryFixture"/>).</summary>
public sealed partial class SummaryRenderingTests
{
    private const string Hostile = "<script>alert('x')</script> & *bold* | [link](http://evil.example) `code` \u0007";

    [Fact]
    public void Markdown_Fixture_MatchesApproved()
    {
        Approval.Verify(SummaryMarkdown.Render(SummaryFixture.Summary()), "md");
    }

    [Fact]
    public void Html_Fixture_IsThePublishedExample()
    {
        Approval.VerifyPublished(RepositoryFile("docs/summary-example.html"), SummaryHtml.Render(SummaryFixture.Summary()));
    }

    [Fact]
    public void Html_ParsesAsXml_WithASparklineOfTheLast12MonthsForTheIndexAndForEachPillar()
    {
        var summary = SummaryFixture.Summary();

        var page = XDocument.Parse(SummaryHtml.Render(summary));

        var sparklines = page.Descendants("svg").ToDictionary(svg => (string)svg.Attribute("data-series")!);
        Assert.Equal(["rox", "pillar:cx", "pillar:ex", "pillar:outcomes"], sparklines.Keys);
        Assert.All(sparklines.Values, svg =>
        {
            var line = svg.Elements("path").Single(p => (string?)p.Attribute("class") == "spark-line");
            Assert.Equal(12, Points((string)line.Attribute("d")!).Count);
        });
        // March 2026 was computed to date: a hollow dot on each line.
        Assert.All(sparklines.Values, svg => Assert.Single(svg.Elements("circle"), c => (string?)c.Attribute("class") == "spark-partial"));
    }

    [Fact]
    public void Html_Sparkline_RisesWhereTheIndexRises()
    {
        var summary = SummaryFixture.Summary();
        var page = XDocument.Parse(SummaryHtml.Render(summary));
        var line = page.Descendants("svg").Single(svg => (string?)svg.Attribute("data-series") == "rox").Element("path")!;

        var points = Points((string)line.Attribute("d")!);

        // SVG's y grows downwards.
        var index = summary.Trend.Index;
        for (var i = 1; i < points.Count; i++)
        {
            Assert.Equal(Math.Sign(index[i]!.Value - index[i - 1]!.Value), -Math.Sign(points[i].Y - points[i - 1].Y));
        }
    }

    [Fact]
    public void Html_IsSelfContained_NoScriptsNoExternalReferences()
    {
        var html = SummaryHtml.Render(SummaryFixture.Summary());
        var page = XDocument.Parse(html);

        Assert.Empty(page.Descendants("script"));
        Assert.Empty(page.Descendants("link"));
        Assert.Empty(page.Descendants().Attributes("src"));
        Assert.Empty(page.Descendants().Attributes("href"));
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Renderers_EscapeTextFromTheScorecardAndTheData()
    {
        var summary = SummaryFixture.Summary();
        var nps = summary.Red[0] with { Name = Hostile };
        var finding = summary.Findings[0] with { Message = Hostile, Action = Hostile };
        var hostile = summary with { ScorecardName = Hostile, Red = summary.Red.SetItem(0, nps), Findings = summary.Findings.SetItem(0, finding) };

        var page = XDocument.Parse(SummaryHtml.Render(hostile));
        var markdown = SummaryMarkdown.Render(hostile);

        Assert.Empty(page.Descendants("script"));
        Assert.Empty(page.Descendants().Attributes("href"));
        Assert.Contains(page.Descendants("strong"), e => e.Value == Hostile.Replace('\u0007', '\uFFFD'));
        Assert.Contains(page.Descendants("p"), e => (string?)e.Attribute("class") == "message" && e.Value.StartsWith("<script>", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.Contains(@"\<script\>alert('x')\</script\> \& \*bold\* \| \[link\](http://evil.example) \`code\`", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", markdown, StringComparison.Ordinal);
    }

    private static List<(double X, double Y)> Points(string path) =>
        [.. PathCommand().Matches(path).Select(m => (
            double.Parse(m.Groups["x"].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"[ML](?<x>-?[\d.]+),(?<y>-?[\d.]+)")]
    private static partial Regex PathCommand();

    private static string RepositoryFile(string path, [CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", path));
}
