using CxRox.Engine.Model;
using CxRox.Engine.Scheduling;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Tests.Model;

/// <summary>The schedule of a submitted scorecard against the rules, and a stored one read again without them.</summary>
public class ScheduleReadingTests
{
    private static readonly ScorecardLimits Submitted = new() { Schedules = new ScheduleRules(ScheduleRules.DefaultMinimumInterval, new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)) };

    private static string Document(string schedule, string timeZone = "UTC") => $$"""
        {
          "schemaVersion": 1, "id": "acme", "organization": "acme", "name": "Acme", "period": "month", "timezone": "{{timeZone}}",
          "pillars": [{ "id": "cx", "name": "CX", "weight": 1 }],
          "metrics": [
            { "id": "m", "name": "M", "pillar": "cx", "unit": "ratio", "direction": "higher", "floor": 0, "target": 1, "thresholds": { "green": 0.8, "amber": 0.5 }, "formula": "1" }
          ],
          "rules": [],
          "schedule": {{schedule}}
        }
        """;

    [Theory]
    [InlineData("0 2 31 2 *", "SC063")]
    [InlineData("0 0 30 2 *", "SC063")]
    [InlineData("*/1 * * * *", "SC064")]
    public void Read_SubmittedScheduleThatNeverFiresOrFiresTooOften_IsAnErrorAtItsPointer(string cron, string code)
    {
        var result = ScorecardReader.Read(Document($$"""{ "recompute": "0 2 * * 1", "summary": "{{cron}}" }"""), Submitted);

        Assert.Null(result.Scorecard);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((code, "/schedule/summary"), (diagnostic.Code, diagnostic.Pointer));
        Assert.StartsWith($"'summary' of the schedule: '{cron}' ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 6 29 2 *")]
    [InlineData("0 2 * * 1")]
    public void Read_SubmittedScheduleThatFires_IsAccepted(string cron)
    {
        var result = ScorecardReader.Read(Document($$"""{ "recompute": "{{cron}}" }"""), Submitted);

        Assert.Equal(cron, result.Scorecard?.Schedule?.Recompute?.Text);
    }

    [Fact]
    public void Read_StoredScheduleThatNeverFires_StillReads()
    {
        var result = ScorecardReader.Read(Document("""{ "recompute": "0 2 31 2 *" }"""));

        Assert.Equal("0 2 31 2 *", result.Scorecard?.Schedule?.Recompute?.Text);
    }

    [Theory]
    [InlineData("europe/warsaw", "\"recompute\": \"0 2 * * 1\"", "/timezone")]
    [InlineData("Europe/Warsaw", "\"recompute\": \"0 2 * * 1\", \"timezone\": \"europe/warsaw\"", "/schedule/timezone")]
    public void Read_SubmittedTimeZoneInAnotherLetterCase_IsRefusedWithTheSpelling(string timeZone, string schedule, string where)
    {
        var result = ScorecardReader.Read(Document($"{{ {schedule} }}", timeZone), Submitted);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("SC060", where), (diagnostic.Code, diagnostic.Pointer));
        Assert.Equal("'europe/warsaw' is not spelled as the IANA time zone is; write 'Europe/Warsaw' (zone names are case-sensitive).", diagnostic.Message);
    }

    [Fact]
    public void Read_StoredTimeZoneInAnotherLetterCase_ReadsAsTheDatabaseSpellsIt()
    {
        var result = ScorecardReader.Read(Document("""{ "recompute": "0 2 * * 1" }""", "europe/warsaw"));

        Assert.Equal(("Europe/Warsaw", "Europe/Warsaw"), (result.Scorecard?.TimeZone, result.Scorecard?.Schedule?.TimeZone));
    }
}
