namespace CxRox.Engine.Binding;

/// <summary>Where a metric's value, score (0-100) and status live in each period of the frame.</summary>
public readonly record struct MetricSlots
{
    public MetricSlots(int value, int score, int status)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfNegative(score);
        ArgumentOutOfRangeException.ThrowIfNegative(status);
        Value = value;
        Score = score;
        Status = status;
    }

    public int Value { get; }
    public int Score { get; }
    public int Status { get; }
}

/// <summary>
/// The names an expression may use and the frame slots they map to, built by the caller
/// (typically once per scorecard version). Slots index one period of an <c>EvaluationFrame</c>.
/// </summary>
public sealed class SymbolScope
{
    private readonly Dictionary<string, MetricSlots> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pillars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _parameters = new(StringComparer.Ordinal);

    public IEnumerable<string> MetricIds => _metrics.Keys;
    public IEnumerable<string> PillarIds => _pillars.Keys;
    public IEnumerable<string> FactIds => _facts.Keys;
    public IEnumerable<string> ParameterIds => _parameters.Keys;

    public SymbolScope AddMetric(string id, MetricSlots slots)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _metrics.Add(id, slots);
        return this;
    }

    public SymbolScope AddPillar(string id, int slot)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        _pillars.Add(id, slot);
        return this;
    }

    /// <summary>Declares a fact that rules may assert; its slot holds 1 when asserted, 0 otherwise.</summary>
    public SymbolScope AddFact(string id, int slot)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        _facts.Add(id, slot);
        return this;
    }

    /// <summary>Declares a named constant; expressions read it by name, as they read a metric.</summary>
    public SymbolScope AddParameter(string id, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (_metrics.ContainsKey(id))
        {
            throw new ArgumentException($"'{id}' already names a metric.", nameof(id));
        }
        _parameters.Add(id, value);
        return this;
    }

    public bool TryGetParameter(string id, out double value) => _parameters.TryGetValue(id, out value);

    public bool TryGetMetric(string id, out MetricSlots slots) => _metrics.TryGetValue(id, out slots);

    public bool TryGetPillar(string id, out int slot) => _pillars.TryGetValue(id, out slot);

    public bool TryGetFact(string id, out int slot) => _facts.TryGetValue(id, out slot);
}
