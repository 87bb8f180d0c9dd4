using System.Globalization;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;
using CxRox.Engine.Tests.TestData;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.Rules;

public sealed class RuleAgendaTests
{
    private static readonly string[] Metrics =
    [
        Observed("nps", "cx", -10, 60, 45, 25),
        Observed("csat", "cx", 50, 90, 80, 65),
        Observed("enps", "ex", -30, 40, 20, 0),
    ];

    [Fact]
    public void Fire_RuleAssertsFactAnotherReads_ChainsEvenWhenTheReaderIsDeclaredFirst()
    {
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("escalate", "fact.ex_drags_cx and status(nps) == red", Finding("critical", "Escalate: NPS {nps}")),
            Rule("detect", "enps < 0 and delta(csat) < 0", """[{ "assert": "ex_drags_cx" }]"""),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 30, csat: 82, enps: 5), Month(scorecard, nps: 20, csat: 76, enps: -5)]);

        Assert.Equal(["detect", "escalate"], result.Trace.OfType<RuleFired>().Select(f => f.RuleId));
        Assert.Equal("Escalate: NPS 20", Assert.Single(result.Findings).Message);
        Assert.Contains(result.Trace, e => e is FactAsserted { RuleId: "detect", Fact: "ex_drags_cx", Step: 1 });
    }

    [Fact]
    public void Fire_SeveralActivations_HigherPriorityFirstThenDeclarationOrder()
    {
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("first_declared", "nps > 0", Finding("info", "a")),
            Rule("urgent", "nps > 0", Finding("info", "b"), priority: 5),
            Rule("second_declared", "nps > 0", Finding("info", "c")),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 30, csat: 82, enps: 5)]);

        Assert.Equal(["urgent", "first_declared", "second_declared"], result.Findings.Select(f => f.RuleId));
        Assert.Equal([1, 2, 3], result.Trace.OfType<RuleFired>().Select(f => f.Step));
    }

    [Fact]
    public void Fire_ConditionStaysTrueAfterItsOwnAction_FiresOnce()
    {
        // The rule reads nps's status and sets it; still true afterwards, it must not fire again.
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("mark_red", "status(nps) != green", """[{ "setStatus": { "metric": "nps", "status": "red", "reason": "Below plan" } }, { "finding": { "severity": "warning", "message": "NPS is not green" } }]"""),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 30, csat: 82, enps: 5)]);

        Assert.Single(result.Trace.OfType<RuleFired>());
        Assert.Single(result.Findings);
    }

    [Fact]
    public void Fire_ChangeReadByARuleSharingAFactWithOneThatFired_FiresEachRuleOnce()
    {
        // Five chaining rules share facts in groups of two, in declaration order: when f2 is
        // asserted, the group of read_f1 and read_f2 is re-evaluated; read_f1 has fired and is
        // still true, so it must not fire again, and read_f1_not_nps, false, must stay quiet.
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("read_f1", "fact.f1", Finding("info", "a"), priority: 25),
            Rule("read_f2", "fact.f2", Finding("info", "b")),
            Rule("read_both", "fact.f1 and fact.f2", Finding("info", "c")),
            Rule("read_f1_not_nps", "fact.f1 and nps < 0", Finding("info", "d")),
            Rule("read_f3", "fact.f3", Finding("info", "e")),
            Rule("assert_f1", "nps > 0", """[{ "assert": "f1" }]""", priority: 30),
            Rule("assert_f2", "nps > 0", """[{ "assert": "f2" }]""", priority: 20),
            Rule("assert_f3", "nps < 0", """[{ "assert": "f3" }]"""),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 30, csat: 82, enps: 5)]);

        Assert.Equal(["assert_f1", "read_f1", "assert_f2", "read_f2", "read_both"], result.Trace.OfType<RuleFired>().Select(f => f.RuleId));
        Assert.Equal(["read_f1", "read_f2", "read_both"], result.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public void Fire_ConditionTurnsFalseThenTrue_IsANewActivation()
    {
        // hide_nps turns report_green's condition false, restore makes it true again: report_green fires twice.
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("report_green", "status(nps) == green", Finding("info", "NPS green")),
            Rule("hide_nps", "status(nps) == green and not fact.restored", """[{ "setStatus": { "metric": "nps", "status": "amber", "reason": "Awaiting audit" } }]""", priority: -1),
            Rule("restore", "status(nps) == amber and enps > 0", """[{ "assert": "restored" }, { "setStatus": { "metric": "nps", "status": "green", "reason": "Audit passed" } }]""", priority: -2),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 50, csat: 82, enps: 5)]);

        Assert.Equal(["report_green", "hide_nps", "restore", "report_green"], result.Trace.OfType<RuleFired>().Select(f => f.RuleId));
        Assert.Equal(2, result.Findings.Length);
    }

    [Fact]
    public void Fire_RulesUndoingEachOther_StopAtTheLimitNamingTheLoop()
    {
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("calm_down", "status(nps) == red", """[{ "setStatus": { "metric": "nps", "status": "amber", "reason": "Softened" } }]"""),
            Rule("harden", "status(nps) == amber", """[{ "setStatus": { "metric": "nps", "status": "red", "reason": "Hardened" } }]"""),
            Rule("bystander", "csat > 0", Finding("info", "CSAT present")),
        ]));

        var error = Assert.Throws<RuleLoopException>(() => scorecard.Evaluate([Month(scorecard, nps: 0, csat: 82, enps: 5)]));

        Assert.Equal(["calm_down", "harden"], error.RuleIds.Order());
        Assert.Equal(scorecard.MaxRuleFirings, error.Firings);
        Assert.Contains("calm_down", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bystander", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStatus_KeepsThresholdStatusAndReasonInResultAndTrace()
    {
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("staff_crisis", "enps < 0", """[{ "setStatus": { "metric": "csat", "status": "red", "reason": "Staff eNPS below zero: CSAT will follow" } }]"""),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 30, csat: 85, enps: -12)]);

        var csat = result.Metric("csat");
        Assert.Equal(MetricStatus.Red, csat.Status);
        Assert.Equal(new StatusOverride("staff_crisis", MetricStatus.Green, MetricStatus.Red, "Staff eNPS below zero: CSAT will follow"), csat.StatusOverride);
        Assert.Equal(87.5, csat.Score); // an override changes the status, never the score
        var set = Assert.Single(result.Trace.OfType<StatusSet>());
        Assert.Equal(("csat", MetricStatus.Green, MetricStatus.Red), (set.Metric, set.From, set.To));
    }

    [Fact]
    public void Trace_RuleFired_RecordsEveryValueItsConditionRead()
    {
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("nps_fell", "delta(nps) <= -10 and status(csat) != green and pillar.ex <= 50", Finding("warning", "NPS fell {abs(delta(nps))} points")),
        ]));

        var result = scorecard.Evaluate([Month(scorecard, nps: 40.5, csat: 70, enps: 5), Month(scorecard, nps: 28, csat: 70, enps: 5)]);

        var fired = Assert.Single(result.Trace.OfType<RuleFired>());
        Assert.Equal([new("nps", "28"), new("prev(nps)", "40.5"), new("status(csat)", "amber"), new("pillar.ex", "50")], fired.Read.ToArray());
        Assert.Equal("NPS fell 12.5 points", Assert.Single(result.Findings).Message);
    }

    [Fact]
    public void Message_UnderAnotherCulture_IsFormattedInvariantly()
    {
        var scorecard = Compile(Document([Pillar("cx", 1), Pillar("ex", 1)], Metrics,
        [
            Rule("report", "nps > 0", Finding("info", "NPS {nps}, CSAT {csat / 100}, eNPS {prev(enps)}, status {status(nps)}, {nps > 20}")),
        ]));
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var result = scorecard.Evaluate([Month(scorecard, nps: 30.25, csat: 81.5, enps: 5)]);

            Assert.Equal("NPS 30.25, CSAT 0.815, eNPS missing, status amber, true", Assert.Single(result.Findings).Message);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Evaluate_SameInputsTwiceAndOnManyThreads_GivesTheSameResult()
    {
        var scorecard = Sample("retail");
        var periods = SampleInputs.For(scorecard, periods: 4);
        var expected = ResultJson.Serialize(scorecard.Evaluate(periods));

        var results = new string[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = ResultJson.Serialize(scorecard.Evaluate(periods)));

        Assert.Equal(expected, ResultJson.Serialize(scorecard.Evaluate(periods)));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static string Finding(string severity, string message) =>
        $$"""[{ "finding": { "severity": "{{severity}}", "message": "{{message}}" } }]""";

    private static PeriodInputs Month(CompiledScorecard scorecard, double nps, double csat, double enps) =>
        scorecard.CreateInputs().Set("nps", nps).Set("csat", csat).Set("enps", enps);
}

public sealed class ValueTextTests
{
    [Theory]
    [InlineData(28, "28")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(40.456, "40.46")]
    [InlineData(2.005, "2.01")]
    [InlineData(0.0125, "0.0125")]
    [InlineData(0.123456, "0.1235")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789.123, "123456789.12")]
    [InlineData(double.NaN, "missing")]
    public void Number_IsInvariantRoundedAndNeverExponential(double value, string expected) =>
        Assert.Equal(expected, ValueText.Number(value));
}
