using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// What one evaluated period leaves behind: copies of its value slots and per-metric facts, and
/// the rule events with the values they saw. Turns them into result records on request.
/// </summary>
internal sealed class ResultSnapshot(
    CompiledScorecard scorecard,
    double[] values,
    MissingReason?[] missing,
    int[] sampleSizes,
    double[] pillarWeightPresent,
    double roxWeightPresent,
    RuleEvent[] events,
    double[] eventValues)
{
    private readonly ScorecardPlan _plan = scorecard.Plan;

    internal sealed record RuleOutputs(ImmutableArray<Finding> Findings, ImmutableArray<TraceEntry> Trace, StatusOverride?[] Overrides);

    public ImmutableArray<MetricResult> Metrics(StatusOverride?[] overrides)
    {
        var metrics = new MetricResult[_plan.Metrics.Length];
        for (var i = 0; i < metrics.Length; i++)
        {
            var metric = _plan.Metrics[i];
            var score = values[metric.Slots.Score];
            var pillarWeight = pillarWeightPresent[metric.Pillar];
            double? contribution = metric.Weight > 0 && !double.IsNaN(score) && pillarWeight > 0 ? score * metric.Weight / pillarWeight : null;
            metrics[i] = new MetricResult(
                metric.Id,
                _plan.Pillars[metric.Pillar].Id,
                Present(values[metric.Slots.Value]),
                Present(score),
                StatusEncoding.FromValue(values[metric.Slots.Status]),
                missing[i],
                // The size of a withheld group is itself what withholding hides (docs/anonymity.md).
                missing[i] == MissingReason.BelowMinSample ? null : sampleSizes[i],
                metric.Weight,
                contribution,
                overrides[i]);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(metrics);
    }

    public ImmutableArray<PillarResult> Pillars()
    {
        var pillars = new PillarResult[_plan.Pillars.Length];
        for (var p = 0; p < pillars.Length; p++)
        {
            var pillar = _plan.Pillars[p];
            var score = values[pillar.Slot];
            var weightPresent = pillarWeightPresent[p];
            var weightMissing = pillar.ScoredMetrics.Sum(m => _plan.Metrics[m].Weight) - weightPresent;
            double? contribution = pillar.Weight > 0 && !double.IsNaN(score) && roxWeightPresent > 0 ? score * pillar.Weight / roxWeightPresent : null;
            pillars[p] = new PillarResult(pillar.Id, Present(score), weightPresent, weightMissing, contribution);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(pillars);
    }

    public RuleOutputs Rules()
    {
        var findings = ImmutableArray.CreateBuilder<Finding>();
        var trace = ImmutableArray.CreateBuilder<TraceEntry>(events.Length);
        var overrides = new StatusOverride?[_plan.Metrics.Length];
        foreach (var e in events)
        {
            var rule = scorecard.Rules.Plans[e.Rule];
            switch (e.Kind)
            {
                case RuleEventKind.Fired:
                    var read = new TracedValue[rule.Reads.Length];
                    for (var k = 0; k < read.Length; k++)
                    {
                        read[k] = new TracedValue(rule.Reads[k].Name, ValueText.Format(eventValues[e.ValuesStart + k], rule.Reads[k].Kind, rule.Reads[k].Format));
                    }
                    trace.Add(new RuleFired(e.Step, rule.Id, scorecard.Scorecard.Rules[e.Rule].Priority, ImmutableCollectionsMarshal.AsImmutableArray(read)));
                    break;
                case RuleEventKind.Finding:
                    var finding = (FindingPlan)rule.Actions[e.Action];
                    var message = finding.ConstantMessage ?? Message(finding, e.ValuesStart);
                    findings.Add(new Finding(rule.Id, finding.Severity, message, finding.Action));
                    trace.Add(new FindingRaised(e.Step, rule.Id, finding.Severity, message));
                    break;
                case RuleEventKind.StatusSet:
                    var set = (SetStatusPlan)rule.Actions[e.Action];
                    var from = StatusEncoding.FromValue(e.From);
                    // The first override keeps the status the thresholds gave, so the result says where it started.
                    overrides[set.Metric] = new StatusOverride(rule.Id, overrides[set.Metric] is { } earlier ? earlier.From : from, set.Status, set.Reason);
                    trace.Add(new StatusSet(e.Step, rule.Id, set.MetricId, from, set.Status, set.Reason));
                    break;
                case RuleEventKind.FactAsserted:
                    trace.Add(new FactAsserted(e.Step, rule.Id, ((AssertPlan)rule.Actions[e.Action]).FactId));
                    break;
            }
        }
        return new RuleOutputs(findings.ToImmutable(), trace.ToImmutable(), overrides);
    }

    private string Message(FindingPlan finding, int valuesStart)
    {
        var text = new StringBuilder();
        var hole = valuesStart;
        foreach (var piece in finding.Message)
        {
            text.Append(piece.Text ?? ValueText.Format(eventValues[hole++], piece.Kind, piece.Format));
        }
        return text.ToString();
    }

    private static double? Present(double value) => double.IsNaN(value) ? null : value;
}
