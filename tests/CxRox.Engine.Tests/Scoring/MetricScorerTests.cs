using CxRox.Engine.Compilation;
using CxRox.Engine.Model;
using CxRox.Engine.Scoring;
using CxRox.Engine.Tests.TestData;

namespace CxRox.Engine.Tests.Scoring;

public sealed class MetricScorerTests
{
    [Theory]
    [MemberData(nameof(StandardMetrics.All), MemberType = typeof(StandardMetrics))]
    public void Score_StandardMetric_FollowsFloorAndTargetInItsDirection(
        string metric, MetricDirection direction, double floor, double target, double green, double amber)
    {
        var scoring = new MetricScoring(floor, target, green, amber, 1);
        var span = target - floor; // negative for lower-is-better: "beyond" is further in its own direction

        Assert.Equal(0, MetricScorer.Score(floor, scoring), 9);
        Assert.Equal(100, MetricScorer.Score(target, scoring), 9);
        Assert.Equal(50, MetricScorer.Score(floor + (span / 2), scoring), 9);
        Assert.Equal(100, MetricScorer.Score(target + (span / 2), scoring), 9);
        Assert.Equal(0, MetricScorer.Score(floor - (span / 2), scoring), 9);
        Assert.True(double.IsNaN(MetricScorer.Score(double.NaN, scoring)), metric);
        Assert.Equal(direction == MetricDirection.LowerIsBetter, target < floor);
    }

    [Theory]
    [MemberData(nameof(StandardMetrics.All), MemberType = typeof(StandardMetrics))]
    public void Status_StandardMetric_FollowsThresholdsInItsDirection(
        string metric, MetricDirection direction, double floor, double target, double green, double amber)
    {
        var scoring = new MetricScoring(floor, target, green, amber, 1);
        var worse = direction == MetricDirection.HigherIsBetter ? -1 : 1;
        var step = Math.Abs(green - amber) / 10;

        Assert.Equal(StatusEncoding.Green, MetricScorer.Status(green, scoring, direction));
        Assert.Equal(StatusEncoding.Green, MetricScorer.Status(target, scoring, direction));
        Assert.Equal(StatusEncoding.Amber, MetricScorer.Status(green + (worse * step), scoring, direction));
        Assert.Equal(StatusEncoding.Amber, MetricScorer.Status(amber, scoring, direction));
        Assert.Equal(StatusEncoding.Red, MetricScorer.Status(amber + (worse * step), scoring, direction));
        Assert.Equal(StatusEncoding.Red, MetricScorer.Status(floor, scoring, direction));
        Assert.True(double.IsNaN(MetricScorer.Status(double.NaN, scoring, direction)), metric);
    }
}
