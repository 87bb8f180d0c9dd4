using System.Runtime.CompilerServices;
using CxRox.Engine.Tests.TestData;
using CxRox.Testing;
using Xunit.Abstractions;

namespace CxRox.Engine.Tests.Rules.Baseline;

/// <summary>
/// The rule agenda's results as they are before the rules move onto NRules (issue 13): the
/// findings, statuses and overrides, asserted facts, the full trace in firing order, and the
/// loops, of the samples, the generated 200-metric scorecard and 500 random chaining scorecards,
/// on fixed seeded inputs. The NRules path must reproduce every one. README.md beside this file
/// says how to read and approve them.
/// </summary>
public sealed class RuleBaselineTests(ITestOutputHelper output)
{
    private const int Periods = 24;
    private const int InputSeed = 13;
    private const int RandomScorecards = 500;
    private const int RandomPeriods = 12;
    private const int GeneratedPeriods = 12;

    [Theory]
    [InlineData("retail")]
    [InlineData("saas")]
    [InlineData("bank-contact-centre")]
    public void Fire_SampleOverSeededPeriods_MatchesBaseline(string sample)
    {
        var scorecard = TestScorecards.Sample(sample);
        var inputs = SeededInputs.For(scorecard, Periods, InputSeed, SeededInputs.SampleLevels(sample));

        var outcomes = RuleBaselineRecorder.Run(scorecard, inputs);

        Assert.Contains(outcomes, o => o.Result is { Findings.IsEmpty: false });
        Approval.Verify(RuleBaselineJson.Document(sample, outcomes), "json", sample);
    }

    [Fact]
    public void Fire_GeneratedScorecardOverSeededPeriods_MatchesBaseline()
    {
        var scorecard = TestScorecards.Compile(new Benchmarks.GeneratedScorecard().Json);
        var inputs = SeededInputs.For(scorecard, GeneratedPeriods, InputSeed);

        var outcomes = RuleBaselineRecorder.Run(scorecard, inputs);

        Assert.Contains(outcomes, o => o.Result is { Trace.Length: > 20 });
        Approval.Verify(RuleBaselineJson.Document("generated-200", outcomes), "json");
    }

    [Fact]
    public void Fire_RandomChainingScorecards_MatchBaseline()
    {
        var corpus = RandomCorpus.Record(RandomScorecards, RandomPeriods);

        var figures = corpus.Count();
        output.WriteLine($"Random rule baseline: {figures}");
        // The corpus must keep exercising chaining, re-activation, ties and loops, or it proves little.
        Assert.True(figures.FactChained > 2000 && figures.StatusChained > 1500 && figures.Refirings > 250, $"Too little chaining: {figures}");
        Assert.True(figures.ScorecardsThatLoop > 25 && figures.PriorityTies > 500, $"Too few loops or ties: {figures}");

        VerifyIndex(corpus);
        Approval.Verify(corpus.InFull(), "json", "in-full");
    }

    /// <summary>The index through the approval helper, with the first differing scorecard explained when it fails.</summary>
    private static void VerifyIndex(RandomCorpus corpus, [CallerFilePath] string sourceFile = "")
    {
        var stem = Path.Combine(Path.GetDirectoryName(sourceFile)!, $"{nameof(RuleBaselineTests)}.{nameof(Fire_RandomChainingScorecards_MatchBaseline)}.index");
        try
        {
            Approval.VerifyFile(stem, "txt", corpus.Index());
        }
        catch (ApprovalException e) when (File.Exists(stem + ".verified.txt"))
        {
            throw new ApprovalException(e.Message + "\n" + corpus.FirstDifference(File.ReadAllText(stem + ".verified.txt")));
        }
    }
}
