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
    private readonly bool[] _withheld;

    internal PeriodInputs(CompiledScorecard scorecard)
    {
        _scorecard = scorecard;
        _values = new double[scorecard.Plan.Metrics.Length];
        _sampleSizes = new int[scorecard.Plan.Metrics.Length];
        _withheld = new bool[scorecard.Plan.Metrics.Length];
        Clear();
    }

    internal ReadOnlySpan<double> Values => _values;
    internal ReadOnlySpan<int> SampleSizes => _sampleSizes;

    /// <summary>Survey values the caller withheld for anonymity before they got here (see <see cref="Withhold"/>).</summary>
    internal ReadOnlySpan<bool> Withheld => _withheld;

    /// <summary>Sets a source metric's value; a NaN value means no data.</summary>
    public PeriodInputs Set(string metricId, double value, int sampleSize = 1)
    {
        var index = SourceIndex(metricId);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);
        _values[index] = value;
        _sampleSizes[index] = sampleSize;
        _withheld[index] = false;
        return this;
    }

    /// <summary>
    /// Says that a survey metric's value is withheld for anonymity by a caller whose data source
    /// withheld it itself: the metric is missing as withheld rather than as having no data. It
    /// takes no sample size, because how many answered is what withholding hides.
    /// </summary>
    public PeriodInputs Withhold(string metricId)
    {
        var index = SourceIndex(metricId);
        _values[index] = double.NaN;
        _sampleSizes[index] = 0;
        _withheld[index] = true;
        return this;
    }

    private int SourceIndex(string metricId)
    {
        var index = _scorecard.Bound.Layout.MetricIndex(metricId);
        if (_scorecard.Plan.Metrics[index].IsFormula)
        {
            throw new ArgumentException($"'{metricId}' is computed by its formula; it takes no input.", nameof(metricId));
        }
        return index;
    }

    public void Clear()
    {
        Array.Fill(_values, double.NaN);
        Array.Clear(_sampleSizes);
        Array.Clear(_withheld);
    }

    internal bool BelongsTo(CompiledScorecard scorecard) => ReferenceEquals(_scorecard, scorecard);
}
