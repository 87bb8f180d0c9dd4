using System.Collections.Immutable;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Evaluation;

/// <summary>Why a metric has no value in a period.</summary>
public enum MissingReason
{
    /// <summary>No answers or observations arrived for the period.</summary>
    NoData,

    /// <summary>Fewer answers than the metric's minSample: withheld to protect anonymity.</summary>
    BelowMinSample,

    /// <summary>A formula read a value that is missing (this period or an earlier one).</summary>
    DependsOnMissing,

    /// <summary>A formula's inputs were present but its result is undefined, such as a division by zero.</summary>
    Undefined,
}

/// <summary>
/// One period's evaluation of a scorecard: every number, and how the rules arrived at the rest.
/// Evaluation captures the period's values and what the rules did as compact arrays; the
/// records below are built from them the first time they are read (and kept), so that an
/// evaluation costs little whatever it explains. Immutable and safe to share between threads.
/// </summary>
public sealed class EvaluationResult
{
    private readonly ResultSnapshot _snapshot;
    private ImmutableArray<MetricResult> _metrics;
    private ImmutableArray<PillarResult> _pillars;
    private ResultSnapshot.RuleOutputs? _ruleOutputs;

    internal EvaluationResult(ResultSnapshot snapshot, RoxResult rox)
    {
        _snapshot = snapshot;
        Rox = rox;
    }

    public ImmutableArray<MetricResult> Metrics => _metrics.IsDefault ? _metrics = _snapshot.Metrics(RuleOutputs.Overrides) : _metrics;

    public ImmutableArray<PillarResult> Pillars => _pillars.IsDefault ? _pillars = _snapshot.Pillars() : _pillars;

    public RoxResult Rox { get; }

    /// <summary>What the rules' finding actions said, in the order they fired.</summary>
    public ImmutableArray<Finding> Findings => RuleOutputs.Findings;

    /// <summary>Every rule that fired with the values its condition read, and every status set and fact asserted, in order.</summary>
    public ImmutableArray<TraceEntry> Trace => RuleOutputs.Trace;

    private ResultSnapshot.RuleOutputs RuleOutputs => _ruleOutputs ??= _snapshot.Rules();

    public MetricResult Metric(string id) => Metrics.First(m => m.Id == id);

    public PillarResult Pillar(string id) => Pillars.First(p => p.Id == id);
}

/// <param name="Value">The metric's value; null when missing.</param>
/// <param name="Score">0-100 against floor and target; null when missing or when the metric is not scored.</param>
/// <param name="Status">From the thresholds, or as a rule set it (see <paramref name="StatusOverride"/>).</param>
/// <param name="SampleSize">Answers (survey metrics) or observations behind the value, as given to the evaluation;
/// null when the value is withheld below minSample, since the size of a small group is what withholding hides.</param>
/// <param name="Weight">The metric's weight in its pillar (0 for unscored metrics).</param>
/// <param name="Contribution">Points this metric adds to its pillar's score: score × weight ÷ the weight present.</param>
public sealed record MetricResult(
    string Id,
    string Pillar,
    double? Value,
    double? Score,
    MetricStatus? Status,
    MissingReason? Missing,
    int? SampleSize,
    double Weight,
    double? Contribution,
    StatusOverride? StatusOverride)
{
    public bool IsMissing => Missing is not null;
}

/// <summary>A status a rule set in place of the one the thresholds gave.</summary>
public sealed record StatusOverride(string RuleId, MetricStatus? From, MetricStatus To, string Reason);

/// <param name="Score">Weighted mean of the scores present; null when none is.</param>
/// <param name="WeightPresent">Weight of the pillar's scored metrics that have a score this period.</param>
/// <param name="WeightMissing">Weight of those that do not.</param>
/// <param name="Contribution">Points this pillar adds to the ROX index.</param>
public sealed record PillarResult(string Id, double? Score, double WeightPresent, double WeightMissing, double? Contribution);

/// <param name="Index">Weighted mean of the pillar scores present.</param>
/// <param name="Return">The scorecard's own ROX return formula, where it defines one.</param>
public sealed record RoxResult(double? Index, double WeightPresent, double WeightMissing, double? Return);

/// <summary>What a rule's finding action said, with its values filled in.</summary>
public sealed record Finding(string RuleId, FindingSeverity Severity, string Message, string? Action);
