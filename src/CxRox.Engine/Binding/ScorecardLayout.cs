using System.Collections.Frozen;
using CxRox.Engine.Model;

namespace CxRox.Engine.Binding;

/// <summary>
/// Where each value of a scorecard lives in one period of an evaluation frame: every metric's
/// value, score and status, every pillar's score, then every fact rules assert. Built once per
/// scorecard version; the order follows the document, so equal documents get equal layouts.
/// </summary>
public sealed class ScorecardLayout
{
    private readonly FrozenDictionary<string, int> _metricIndex;
    private readonly FrozenDictionary<string, int> _pillarIndex;
    private readonly FrozenDictionary<string, int> _factIndex;

    public ScorecardLayout(Scorecard scorecard, IEnumerable<string>? unmappedMetricIds = null)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        MetricCount = scorecard.Metrics.Length;
        PillarCount = scorecard.Pillars.Length;
        FactCount = scorecard.AssertedFacts.Length;
        SlotsPerPeriod = Math.Max(1, (3 * MetricCount) + PillarCount + FactCount);
        _metricIndex = IndexOf(scorecard.Metrics.Select(m => m.Id));
        _pillarIndex = IndexOf(scorecard.Pillars.Select(p => p.Id));
        _factIndex = IndexOf(scorecard.AssertedFacts);

        Scope = new SymbolScope();
        foreach (var (id, index) in _metricIndex)
        {
            Scope.AddMetric(id, Metric(index));
        }
        // Metrics the reader rejected still exist for the author: naming them is not a second error.
        foreach (var id in (unmappedMetricIds ?? []).Where(id => id.Length > 0 && !_metricIndex.ContainsKey(id)).Distinct())
        {
            Scope.AddMetric(id, Metric(0));
        }
        foreach (var (id, index) in _pillarIndex)
        {
            Scope.AddPillar(id, Pillar(index));
        }
        foreach (var (id, index) in _factIndex)
        {
            Scope.AddFact(id, Fact(index));
        }
        foreach (var parameter in scorecard.Parameters)
        {
            Scope.AddParameter(parameter.Id, parameter.Value);
        }
    }

    public int MetricCount { get; }
    public int PillarCount { get; }
    public int FactCount { get; }
    public int SlotsPerPeriod { get; }

    /// <summary>The names expressions of this scorecard may use, mapped to these slots.</summary>
    public SymbolScope Scope { get; }

    public static MetricSlots Metric(int metricIndex) => new(3 * metricIndex, (3 * metricIndex) + 1, (3 * metricIndex) + 2);

    public int Pillar(int pillarIndex) => (3 * MetricCount) + pillarIndex;

    public int Fact(int factIndex) => (3 * MetricCount) + PillarCount + factIndex;

    public int MetricIndex(string id) => _metricIndex[id];

    public int PillarIndex(string id) => _pillarIndex[id];

    public int FactIndex(string id) => _factIndex[id];

    private static FrozenDictionary<string, int> IndexOf(IEnumerable<string> ids)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids.Where(id => id.Length > 0))
        {
            index.TryAdd(id, index.Count);
        }
        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
