using CxRox.Engine.Compilation;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;
using CxRox.Engine.Scoring;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// The buffers of one evaluation, reused by the next: the frame of the current and earlier
/// periods, and what the current period's result reports beyond the frame. Not thread-safe;
/// <see cref="CompiledScorecard"/> lends each one to one evaluation at a time.
/// </summary>
internal sealed class EvaluationSession
{
    private readonly CompiledScorecard _scorecard;
    private readonly ScorecardPlan _plan;
    private readonly EvaluationFrame _frame;
    private readonly MissingReason?[] _missing;
    private readonly int[] _sampleSizes;
    private readonly double[] _pillarWeightPresent;
    private readonly PeriodFacts _facts;
    private double _roxIndex;
    private double _roxWeightPresent;
    private double _roxReturn;

    public EvaluationSession(CompiledScorecard scorecard)
    {
        _scorecard = scorecard;
        _plan = scorecard.Plan;
        _frame = new EvaluationFrame(scorecard.Bound.Layout.SlotsPerPeriod, scorecard.HistoryDepth + 1);
        _missing = new MissingReason?[_plan.Metrics.Length];
        _sampleSizes = new int[_plan.Metrics.Length];
        _pillarWeightPresent = new double[_plan.Pillars.Length];
        _facts = scorecard.Rules.CreateFacts(_frame);
    }

    public void Reset() => _frame.Clear();

    /// <summary>Moves the frame one period on, then computes the new current period and runs the rules.</summary>
    public void EvaluatePeriod(PeriodInputs inputs, bool record)
    {
        var values = _frame.Values;
        var slots = _frame.SlotsPerPeriod;
        // Earlier periods move one step back; the oldest drops out.
        Array.Copy(values, 0, values, slots, values.Length - slots);
        Array.Fill(values, double.NaN, 0, slots);

        foreach (var metric in _plan.SourceMetrics)
        {
            LoadSource(metric, inputs);
        }
        foreach (var metric in _plan.FormulaOrder)
        {
            ComputeFormula(metric);
        }
        RollUp();
        _roxReturn = _plan.RoxReturn >= 0 ? _scorecard.Numbers(_frame, _plan.RoxReturn) : double.NaN;
        _scorecard.Rules.Run(_facts, record);
    }

    private void LoadSource(int index, PeriodInputs inputs)
    {
        var metric = _plan.Metrics[index];
        var value = inputs.Values[index];
        var sampleSize = inputs.SampleSizes[index];
        MissingReason? missing = null;
        if (inputs.Withheld[index])
        {
            missing = MissingReason.BelowMinSample;
        }
        else if (!double.IsFinite(value))
        {
            missing = MissingReason.NoData;
            value = double.NaN;
        }
        else if (metric.IsSurvey && sampleSize < metric.MinSample)
        {
            // Withheld, not just hidden: nothing downstream may read it either.
            missing = MissingReason.BelowMinSample;
            value = double.NaN;
        }
        _missing[index] = missing;
        _sampleSizes[index] = sampleSize;
        Score(metric, value);
    }

    private void ComputeFormula(int index)
    {
        var metric = _plan.Metrics[index];
        var value = _scorecard.Numbers(_frame, metric.Formula);
        _missing[index] = double.IsNaN(value) ? WhyMissing(metric) : null;
        _sampleSizes[index] = 0;
        Score(metric, value);
    }

    private MissingReason WhyMissing(MetricPlan metric)
    {
        var values = _frame.Values;
        foreach (var read in metric.FormulaReads)
        {
            if (double.IsNaN(values[read]))
            {
                return MissingReason.DependsOnMissing;
            }
        }
        return MissingReason.Undefined;
    }

    private void Score(MetricPlan metric, double value)
    {
        var values = _frame.Values;
        values[metric.Slots.Value] = value;
        if (metric.Scoring is { } scoring)
        {
            values[metric.Slots.Score] = MetricScorer.Score(value, scoring);
            values[metric.Slots.Status] = MetricScorer.Status(value, scoring, metric.Direction);
        }
    }

    /// <summary>Pillars: weighted mean of the metric scores present. ROX index: weighted mean of the pillar scores present.</summary>
    private void RollUp()
    {
        var values = _frame.Values;
        double roxSum = 0, roxWeight = 0;
        for (var p = 0; p < _plan.Pillars.Length; p++)
        {
            var pillar = _plan.Pillars[p];
            double sum = 0, weight = 0;
            foreach (var m in pillar.ScoredMetrics)
            {
                var metric = _plan.Metrics[m];
                var score = values[metric.Slots.Score];
                if (!double.IsNaN(score))
                {
                    sum += score * metric.Weight;
                    weight += metric.Weight;
                }
            }
            var pillarScore = weight > 0 ? sum / weight : double.NaN;
            values[pillar.Slot] = pillarScore;
            _pillarWeightPresent[p] = weight;
            if (pillar.Weight > 0 && !double.IsNaN(pillarScore))
            {
                roxSum += pillarScore * pillar.Weight;
                roxWeight += pillar.Weight;
            }
        }
        _roxIndex = roxWeight > 0 ? roxSum / roxWeight : double.NaN;
        _roxWeightPresent = roxWeight;
    }

    /// <summary>The current period as a result: copies of what it reports, so the session can move on.</summary>
    public EvaluationResult BuildResult()
    {
        var slots = _frame.SlotsPerPeriod;
        var values = new double[slots];
        Array.Copy(_frame.Values, values, slots);
        var roxWeightMissing = 0.0;
        foreach (var pillar in _plan.Pillars)
        {
            if (pillar.Weight > 0 && double.IsNaN(values[pillar.Slot]))
            {
                roxWeightMissing += pillar.Weight;
            }
        }
        var snapshot = new ResultSnapshot(
            _scorecard, values, [.. _missing], [.. _sampleSizes], [.. _pillarWeightPresent], _roxWeightPresent,
            _facts.Log.Events(), _facts.Log.EventValues());
        return new EvaluationResult(snapshot, new RoxResult(Present(_roxIndex), _roxWeightPresent, roxWeightMissing, Present(_roxReturn)));
    }

    private static double? Present(double value) => double.IsNaN(value) ? null : value;
}
