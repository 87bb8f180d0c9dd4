namespace CxRox.Engine.Evaluation;

/// <summary>
/// The source-metric values of one period (survey and observation aggregates), with the number of
/// answers or observations behind each. Formula metrics are computed, not given. Sized for one
/// compiled scorecard; reusable through <see cref="Clear"/>.
/// </summary>
public sealed class PeriodInputs
{
    private readonly CompiledScorecard _scorecard;
    private readonly double[] _values;
    private readonly int[] _sampleSizes;

    internal PeriodInputs(CompiledScorecard scorecard)
    {
        _scorecard = scorecard;
        _values = new double[scorecard.Plan.Metrics.Length];
        _sampleSizes = new int[scorecard.Plan.Metrics.Length];
        Clear();
    }

    internal ReadOnlySpan<double> Values => _values;
    internal ReadOnlySpan<int> SampleSizes => _sampleSizes;

    /// <summary>Sets a source metric's value; a NaN value means no data.</summary>
    public PeriodInputs Set(string metricId, double value, int sampleSize = 1)
    {
        var index = _scorecard.Bound.Layout.MetricIndex(metricId);
        if (_scorecard.Plan.Metrics[index].IsFormula)
        {
            throw new ArgumentException($"'{metricId}' is computed by its formula; it takes no input.", nameof(metricId));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);
        _values[index] = value;
        _sampleSizes[index] = sampleSize;
        return this;
    }

    public void Clear()
    {
        Array.Fill(_values, double.NaN);
        Array.Clear(_sampleSizes);
    }

    internal bool BelongsTo(CompiledScorecard scorecard) => ReferenceEquals(_scorecard, scorecard);
}
