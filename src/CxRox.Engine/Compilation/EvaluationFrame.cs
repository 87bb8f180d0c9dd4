namespace CxRox.Engine.Compilation;

/// <summary>
/// The values one evaluation reads: <see cref="PeriodCount"/> periods of <see cref="SlotsPerPeriod"/>
/// slots each, laid out as <c>Values[periodOffset * SlotsPerPeriod + slot]</c> with offset 0 the
/// current period, 1 the previous one, and so on. Missing is <see cref="double.NaN"/>; statuses are
/// encoded by <see cref="StatusEncoding"/>; facts are 1 (asserted) or 0. Reads beyond
/// <see cref="PeriodCount"/> give missing. Reuse one frame across evaluations: nothing allocates.
/// </summary>
public sealed class EvaluationFrame
{
    public EvaluationFrame(int slotsPerPeriod, int periodCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotsPerPeriod);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodCount);
        SlotsPerPeriod = slotsPerPeriod;
        PeriodCount = periodCount;
        Values = new double[checked(slotsPerPeriod * periodCount)];
        Clear();
    }

#pragma warning disable CA1819 // Compiled expressions index this array directly; a copy or wrapper would cost every read.
    public double[] Values { get; }
#pragma warning restore CA1819

    public int SlotsPerPeriod { get; }

    public int PeriodCount { get; }

    public double this[int periodOffset, int slot]
    {
        get => Values[Index(periodOffset, slot)];
        set => Values[Index(periodOffset, slot)] = value;
    }

    /// <summary>Marks every value missing.</summary>
    public void Clear() => Array.Fill(Values, double.NaN);

    private int Index(int periodOffset, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(periodOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(periodOffset, PeriodCount);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, SlotsPerPeriod);
        return (periodOffset * SlotsPerPeriod) + slot;
    }
}
