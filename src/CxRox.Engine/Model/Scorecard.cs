using System.Collections.Immutable;
using CxRox.Engine.Scheduling;

namespace CxRox.Engine.Model;

public enum ScorecardPeriod
{
    Week,
    Month,
    Quarter,
}

/// <summary>What a pillar measures (JSON: cx, ex, outcomes, investment, other); employee-experience
/// pillars protect respondents with a higher default minSample.</summary>
public enum PillarKind
{
    CustomerExperience,
    EmployeeExperience,
    Outcomes,
    Investment,
    Other,
}

public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

public enum MetricStatus
{
    Green,
    Amber,
    Red,
}

public enum FindingSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>
/// One organization's scorecard as read from its JSON document (schemaVersion 1). Only produced when
/// the document has no errors, so every reference in it resolves.
/// </summary>
public sealed record Scorecard(
    int SchemaVersion,
    string Id,
    string Organization,
    string Name,
    string? Description,
    ScorecardPeriod Period,
    string TimeZone,
    ImmutableArray<Pillar> Pillars,
    ImmutableArray<Metric> Metrics,
    ImmutableArray<Rule> Rules,
    RoxDefinition Rox,
    ScheduleDefinition? Schedule)
{
    /// <summary>Ids of the facts some rule asserts, in order of first assertion; what <c>fact.&lt;id&gt;</c> may read.</summary>
    public ImmutableArray<string> AssertedFacts { get; init; } = [];

    /// <summary>Named constants that expressions read by name ("parameters"); no two share a name, and none has a metric's.</summary>
    public ImmutableArray<ScorecardParameter> Parameters { get; init; } = [];

    public Metric? FindMetric(string id) => Metrics.FirstOrDefault(m => m.Id == id);

    public Pillar? FindPillar(string id) => Pillars.FirstOrDefault(p => p.Id == id);
}

/// <summary>A named number of the scorecard, such as <c>"replacement_cost_eur": 6000</c>.</summary>
public sealed record ScorecardParameter(string Id, double Value, SourceLocation Location);

public sealed record Pillar(string Id, string Name, string? Description, PillarKind Kind, double Weight, SourceLocation Location);

/// <summary>
/// A metric. It is scored (0 at <see cref="MetricScoring.Floor"/>, 100 at <see cref="MetricScoring.Target"/>)
/// when <see cref="Scoring"/> is present; otherwise it is an input other metrics and rules read.
/// </summary>
public sealed record Metric(
    string Id,
    string Name,
    string? Description,
    string Pillar,
    string Unit,
    MetricDirection Direction,
    MetricSource Source,
    MetricScoring? Scoring,
    MetricTags Tags,
    DisplayFormat? Format,
    SourceLocation Location)
{
    /// <summary>The fewest answers an employee-experience survey metric may be reported from (SC058), and its default.</summary>
    public const int EmployeeMinSample = 5;

    /// <summary>Fewest answers a survey metric is reported from; 1 for metrics that are not surveys.</summary>
    public int MinSample { get; init; } = 1;
}

/// <summary>Floor scores 0, target scores 100; thresholds give the status from the raw value.</summary>
public sealed record MetricScoring(double Floor, double Target, double Green, double Amber, double Weight);

public sealed record MetricTags(string? JourneyStage, string? Touchpoint, string? Channel)
{
    public static MetricTags None { get; } = new(null, null, null);
}

/// <summary>How a value is shown: <c>prefix + round(value * multiplier, decimals) + suffix</c>.</summary>
public sealed record DisplayFormat(int Decimals, string? Prefix, string? Suffix, double Multiplier);

public abstract record MetricSource;

public enum SurveyAggregate
{
    /// <summary>% promoters minus % detractors.</summary>
    Nps,

    /// <summary>% of answers in the satisfied band.</summary>
    Csat,

    /// <summary>Customer effort: the mean answer.</summary>
    Ces,

    Mean,

    /// <summary>% of answers in the satisfied (top) band.</summary>
    TopBox,

    Count,
}

/// <summary>Inclusive range of whole-number answers.</summary>
public sealed record AnswerBand(int From, int To)
{
    public bool Contains(int answer) => answer >= From && answer <= To;
}

/// <summary>
/// Answers to one survey question. <see cref="Promoters"/> and <see cref="Detractors"/> are set for
/// NPS, <see cref="Satisfied"/> for CSAT and top-box, each resolved to explicit answer bands.
/// </summary>
public sealed record SurveySource(
    string Survey,
    string Question,
    SurveyAggregate Aggregate,
    AnswerBand Scale,
    AnswerBand? Promoters,
    AnswerBand? Detractors,
    AnswerBand? Satisfied) : MetricSource;

public enum ObservationAggregate
{
    Sum,
    Avg,
    Last,
    Min,
    Max,
    Count,
}

/// <summary>Values posted under <see cref="Key"/> during the period, folded by <see cref="Aggregate"/>.</summary>
public sealed record ObservationSource(string Key, ObservationAggregate Aggregate) : MetricSource;

public sealed record FormulaSource(ExpressionSource Expression) : MetricSource;

public sealed record Rule(string Id, string Name, string? Description, int Priority, ExpressionSource When, ImmutableArray<RuleAction> Then, SourceLocation Location);

public abstract record RuleAction(SourceLocation Location);

public sealed record FindingAction(FindingSeverity Severity, MessageTemplate Message, string? Action, SourceLocation Location) : RuleAction(Location);

public sealed record SetStatusAction(string Metric, MetricStatus Status, string Reason, SourceLocation Location) : RuleAction(Location);

public sealed record AssertAction(string Fact, SourceLocation Location) : RuleAction(Location);

/// <summary>A message with <c>{expression}</c> holes; <c>{{</c> and <c>}}</c> are literal braces.</summary>
public sealed record MessageTemplate(string Text, ImmutableArray<MessagePart> Parts);

public abstract record MessagePart;

public sealed record MessageText(string Text) : MessagePart;

public sealed record MessageHole(ExpressionSource Expression) : MessagePart;

public sealed record RoxDefinition(RoxIndexDefinition Index, RoxReturnDefinition? Return)
{
    public static RoxDefinition Default { get; } = new(RoxIndexDefinition.Default, null);
}

public sealed record RoxIndexDefinition(string Name, DisplayFormat? Format)
{
    public static RoxIndexDefinition Default { get; } = new("ROX index", null);
}

public sealed record RoxReturnDefinition(string Name, string Unit, ExpressionSource Formula, DisplayFormat? Format);

/// <summary>When the service recomputes scores and sends summaries, in <see cref="TimeZone"/>.</summary>
public sealed record ScheduleDefinition(CronExpression? Recompute, CronExpression? Summary, string TimeZone);
