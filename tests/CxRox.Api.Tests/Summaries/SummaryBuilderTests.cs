using System.Text.Json;
using CxRox.Api.Scores;
using CxRox.Api.Summaries;
using CxRox.Engine.Model;
using CxRox.Testing;

namespace CxRox.Api.Tests.Summaries;

/// <summary>What a summary says about a hand-made history (<see cref="SummaryFixture"/>); no database.</summary>
public sealed class SummaryBuilderTests
{
    [Fact]
    public void Build_FixtureHistory_MatchesApprovedJson()
    {
        var summary = SummaryFixture.Summary();

        Approval.VerifyJson(JsonSerializer.Serialize(summary, ScoreDocument.Json));
    }

    [Fact]
    public void Build_ComparesTheIndexAndEachPillarWithThePreviousMonth()
    {
        var summary = SummaryFixture.Summary();

        var september = SummaryFixture.Before[^1];
        Assert.Equal(new DateOnly(2026, 9, 1), summary.ComparedWith!.Start);
        Assert.Equal(september.Rox.Index, summary.Rox.Previous);
        Assert.Equal(summary.Rox.Value!.Value - summary.Rox.Previous!.Value, summary.Rox.Change!.Value, 9);
        Assert.Equal(("62", "+2"), (summary.Rox.ValueText, summary.Rox.ChangeText));
        Assert.Equal(["cx", "ex", "outcomes"], summary.Pillars.Select(p => p.Id));
        Assert.All(summary.Pillars, p => Assert.Equal(p.Score!.Value - september.Pillars.Single(s => s.Id == p.Id).Score!.Value, p.Change!.Value, 9));
        Assert.NotNull(summary.Return);
        Assert.Equal("2.10x", summary.Return.ValueText);
        Assert.Equal("+0.05x", summary.Return.ChangeText);
    }

    [Fact]
    public void Build_ListsTheThreeBiggestImprovementsAndDeteriorations_WithValuesAndScoresBeforeAndAfter()
    {
        var summary = SummaryFixture.Summary();

        Assert.Equal(["csat", "return_rate", "staff_turnover"], summary.Improvements.Select(m => m.Id));
        Assert.Equal(["nps", "staff_enps", "churn_rate"], summary.Deteriorations.Select(m => m.Id));
        var returns = summary.Improvements[1];
        Assert.Equal((0.105, 0.085), (returns.ValueBefore, returns.ValueAfter));
        Assert.Equal(("10.5%", "8.5%"), (returns.ValueBeforeText, returns.ValueAfterText));
        Assert.Equal(returns.ScoreAfter - returns.ScoreBefore, returns.ScoreChange, 9);
        Assert.True(returns.ScoreChange > 0);
        Assert.True(summary.Deteriorations[0].ScoreChange < summary.Deteriorations[1].ScoreChange);
    }

    [Fact]
    public void Build_RedMetrics_IncludeOnesARuleSetRed_WithTheRuleAndItsReason()
    {
        var summary = SummaryFixture.Summary();

        Assert.Equal(["nps", "staff_enps"], summary.Red.Select(m => m.Id));
        var nps = summary.Red[0];
        Assert.Equal(("12", "60", "-16"), (nps.ValueText, nps.TargetText, nps.ChangeText));
        Assert.Equal("receipt e-mail", nps.Touchpoint);
        Assert.Null(nps.SetByRule);
        var enps = summary.Red[1].SetByRule!;
        Assert.Equal(("ex_drags_nps", "Staff experience is costing promoters", MetricStatus.Amber), (enps.RuleId, enps.RuleName, enps.From));
        Assert.Contains("pulling down CSAT", enps.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MarksFindingsNewContinuingOrResolved_CountingPeriodsInARowFromTheHistory()
    {
        var summary = SummaryFixture.Summary();

        Assert.Equal(
            [
                ("ex_drags_nps", FindingState.New, 1),
                ("fitting_room_queue", FindingState.Continuing, 3),
                // Fired in June and July, not in August or September: new again, not continuing.
                ("complaints_improving", FindingState.New, 1),
                ("stock_outs_rising", FindingState.Resolved, 2),
            ],
            summary.Findings.Select(f => (f.RuleId, f.State, f.PeriodsInARow)));
        Assert.Equal("Escalate to the retail director; fund staffing for peak hours.", summary.Findings[0].Action);
        Assert.Equal("Out-of-stock sizes rising", summary.Findings[3].RuleName);
    }

    [Fact]
    public void Build_Heatmap_HasARowPerTouchpoint_UntaggedMetricsLast_AndLeavesOutUnscoredInputs()
    {
        var summary = SummaryFixture.Summary();

        Assert.Equal(["receipt e-mail", "store visit", "fitting room", "returns desk", "chatbot", null], summary.Heatmap.Select(r => r.Touchpoint));
        var untagged = summary.Heatmap[^1];
        Assert.Equal(["staff_turnover"], untagged.Green.Select(m => m.Id));
        Assert.Equal(["churn_rate", "clv"], untagged.Amber.Select(m => m.Id));
        Assert.Equal(["staff_enps"], untagged.Red.Select(m => m.Id));
        Assert.Equal(["employee_csat"], untagged.Missing.Select(m => m.Id));
        Assert.Equal(["chatbot_containment"], summary.Heatmap[4].Missing.Select(m => m.Id));
        Assert.DoesNotContain(summary.Heatmap, r => r.Green.Concat(r.Amber).Concat(r.Red).Concat(r.Missing).Any(m => m.Id == "orders"));
    }

    [Fact]
    public void Build_Coverage_NamesMissingMetricsWithTheirReason_AndCountsTheData()
    {
        var summary = SummaryFixture.Summary();

        var coverage = summary.Coverage;
        Assert.Equal((11, 9, 1234L, 567L), (coverage.Metrics, coverage.Present, coverage.Answers, coverage.Observations));
        Assert.Equal(
            [("chatbot_containment", Engine.Evaluation.MissingReason.NoData), ("employee_csat", Engine.Evaluation.MissingReason.BelowMinSample)],
            coverage.Missing.Select(m => (m.Id, m.Reason)));
    }

    [Fact]
    public void Build_Trend_HoldsTheLast12Months_EndingWithThisOne_PartialOnesMarked()
    {
        var summary = SummaryFixture.Summary();

        var trend = summary.Trend;
        Assert.Equal(12, trend.Periods.Length);
        Assert.Equal(new DateOnly(2025, 11, 1), trend.Periods[0].Start);
        Assert.Equal(new DateOnly(2026, 10, 1), trend.Periods[^1].Start);
        Assert.Equal([new DateOnly(2026, 3, 1)], trend.Periods.Where(p => p.Partial).Select(p => p.Start));
        Assert.Equal(summary.Rox.Value, trend.Index[^1]);
        Assert.All(trend.Pillars, p => Assert.Equal(12, p.Scores.Length));
    }

    [Fact]
    public void Build_PartialPeriod_IsRefused()
    {
        var partial = SummaryFixture.Current with { Period = SummaryFixture.Current.Period with { Partial = true } };

        var error = Assert.Throws<ArgumentException>(() => SummaryBuilder.Build(partial, SummaryFixture.Before, SummaryFixture.Counts, SummaryFixture.Presentation));

        Assert.Contains("only complete periods", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutHistory_ComparesNothing_AndEveryFindingIsNew()
    {
        var summary = SummaryBuilder.Build(SummaryFixture.Current, [], SummaryFixture.Counts, SummaryFixture.Presentation);

        Assert.Null(summary.ComparedWith);
        Assert.Null(summary.Rox.Change);
        Assert.Empty(summary.Improvements);
        Assert.Empty(summary.Deteriorations);
        Assert.All(summary.Findings, f => Assert.Equal((FindingState.New, 1), (f.State, f.PeriodsInARow)));
        Assert.Single(summary.Trend.Periods);
    }

    [Fact]
    public void Build_AMonthMissingFromTheHistory_EndsComparisonsAndStreaks()
    {
        // September was never computed: August is not "the month before".
        var withoutSeptember = SummaryFixture.Before.Take(SummaryFixture.Months - 2).ToList();

        var summary = SummaryBuilder.Build(SummaryFixture.Current, withoutSeptember, SummaryFixture.Counts, SummaryFixture.Presentation);

        Assert.Null(summary.ComparedWith);
        Assert.Null(summary.Pillars[0].Change);
        Assert.Equal(FindingState.New, summary.Findings.Single(f => f.RuleId == "fitting_room_queue").State);
        Assert.DoesNotContain(summary.Findings, f => f.State == FindingState.Resolved);
    }
}
