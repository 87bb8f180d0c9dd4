using System.Collections.Immutable;

namespace CxRox.Engine.Validation;

/// <summary>
/// Every diagnostic the scorecard reader can report. Codes are stable: tests, the API and
/// scorecards/README.md refer to them, so a code is never reused for another meaning.
/// </summary>
public static class ScorecardDiagnostics
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    // Document
    public static readonly DiagnosticDescriptor InvalidJson = new("SC001", Error, "The document is not well-formed JSON.");
    public static readonly DiagnosticDescriptor DocumentTooLarge = new("SC002", Error, "The document is larger than the reader accepts.");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("SC003", Error, "Objects and arrays are nested deeper than the reader accepts.");
    public static readonly DiagnosticDescriptor StringTooLong = new("SC004", Error, "A string is longer than the reader accepts.");
    public static readonly DiagnosticDescriptor TooManyItems = new("SC005", Error, "A list has more items than the reader accepts (pillars, metrics, rules, actions).");
    public static readonly DiagnosticDescriptor DuplicateProperty = new("SC006", Error, "The same property is written twice in one object.");
    public static readonly DiagnosticDescriptor UnstorableText = new("SC007", Error, "A string holds a NUL character or a lone UTF-16 surrogate, which cannot be stored.");

    // Structure
    public static readonly DiagnosticDescriptor MissingProperty = new("SC010", Error, "A required property is missing.");
    public static readonly DiagnosticDescriptor WrongType = new("SC011", Error, "A value has the wrong JSON type.");
    public static readonly DiagnosticDescriptor UnknownProperty = new("SC012", Error, "A property is not part of the format (or is in the wrong place).");
    public static readonly DiagnosticDescriptor UnknownValue = new("SC013", Error, "A value is not one of the allowed choices.");
    public static readonly DiagnosticDescriptor InvalidNumber = new("SC014", Error, "A number is out of range, or not a whole number where one is required.");
    public static readonly DiagnosticDescriptor EmptyText = new("SC015", Error, "A text value is empty or only whitespace.");
    public static readonly DiagnosticDescriptor UnsupportedSchemaVersion = new("SC016", Error, "The schemaVersion is not one this reader understands.");

    // Identifiers and references
    public static readonly DiagnosticDescriptor InvalidId = new("SC020", Error, "An id does not follow the id syntax.");
    public static readonly DiagnosticDescriptor ReservedId = new("SC021", Error, "An id is a reserved word of the expression language.");
    public static readonly DiagnosticDescriptor DuplicateId = new("SC022", Error, "Two pillars, metrics or rules share an id.");
    public static readonly DiagnosticDescriptor UnknownPillar = new("SC023", Error, "A metric names a pillar that is not declared.");
    public static readonly DiagnosticDescriptor UnknownMetric = new("SC024", Error, "A rule action names a metric that is not declared.");
    public static readonly DiagnosticDescriptor ParameterNamesMetric = new("SC025", Error, "A parameter has the id of a metric.");
    public static readonly DiagnosticDescriptor UnknownLibraryMetric = new("SC028", Error, "A metric's 'use' names no entry or revision of the metric library.");
    public static readonly DiagnosticDescriptor LibraryFieldPinned = new("SC029", Error, "A metric that uses the metric library changes a field of the library's definition.");

    // Weights
    public static readonly DiagnosticDescriptor NegativeWeight = new("SC030", Error, "A weight is negative.");
    public static readonly DiagnosticDescriptor PillarWeightsAllZero = new("SC031", Error, "Every pillar has weight 0, so the ROX index cannot be computed.");
    public static readonly DiagnosticDescriptor MetricWeightsAllZero = new("SC032", Error, "Every scored metric of a weighted pillar has weight 0.");
    public static readonly DiagnosticDescriptor PillarWithoutScoredMetrics = new("SC033", Error, "A pillar has weight but no scored metric.");
    public static readonly DiagnosticDescriptor WeightWithoutScoring = new("SC034", Error, "A metric without floor and target carries a weight.");

    // Scoring
    public static readonly DiagnosticDescriptor TargetEqualsFloor = new("SC040", Error, "A metric's target equals its floor.");
    public static readonly DiagnosticDescriptor TargetAgainstDirection = new("SC041", Error, "Target and floor contradict the metric's direction.");
    public static readonly DiagnosticDescriptor ThresholdOrder = new("SC042", Error, "Green and amber thresholds are in the wrong order for the metric's direction.");
    public static readonly DiagnosticDescriptor IncompleteScoring = new("SC043", Error, "floor, target and thresholds must be given together (or all left out).");
    public static readonly DiagnosticDescriptor ThresholdOutsideRange = new("SC044", Warning, "A threshold lies outside the range from floor to target.");

    // Sources
    public static readonly DiagnosticDescriptor MissingSource = new("SC050", Error, "A metric has no source (survey, observation or formula).");
    public static readonly DiagnosticDescriptor MultipleSources = new("SC051", Error, "A metric has more than one source.");
    public static readonly DiagnosticDescriptor InvalidScale = new("SC052", Error, "A survey scale is not a valid range of whole numbers.");
    public static readonly DiagnosticDescriptor InvalidBand = new("SC053", Error, "An answer band (promoters, detractors, satisfied, topBoxes) is invalid for its scale.");
    public static readonly DiagnosticDescriptor BandsRequired = new("SC054", Error, "The aggregate needs its answer bands stated explicitly on this scale.");
    public static readonly DiagnosticDescriptor FieldNotForAggregate = new("SC055", Error, "A survey field does not apply to the chosen aggregate.");
    public static readonly DiagnosticDescriptor SurveyOnlyField = new("SC056", Error, "A survey-only field is used on a metric that is not a survey metric.");
    public static readonly DiagnosticDescriptor MinSampleTooSmall = new("SC057", Error, "minSample is below 1.");
    public static readonly DiagnosticDescriptor LowAnonymityThreshold = new("SC058", Error, "An employee-experience survey metric reports from fewer than 5 answers.");
    public static readonly DiagnosticDescriptor InvalidObservationKey = new("SC059", Error, "An observation key does not follow the key syntax.");

    // Time
    public static readonly DiagnosticDescriptor InvalidTimeZone = new("SC060", Error, "A time zone is not a known IANA time zone.");
    public static readonly DiagnosticDescriptor InvalidCron = new("SC061", Error, "A cron expression is invalid.");
    public static readonly DiagnosticDescriptor CronNotConvertible = new("SC062", Error, "A cron expression means something the scheduler cannot fire as written.");
    public static readonly DiagnosticDescriptor CronNeverFires = new("SC063", Error, "A schedule's cron expression never fires (31 February, or only past years).");
    public static readonly DiagnosticDescriptor CronTooFrequent = new("SC064", Error, "A schedule's cron expression fires more often than the service allows.");

    /// <summary>The code of a cron's parse error, the same in a scorecard's schedule and in the schedule PUT.</summary>
    public static DiagnosticDescriptor For(Scheduling.CronError error) => error.NotConvertible ? CronNotConvertible : InvalidCron;

    /// <summary>The code of a schedule that breaks <see cref="Scheduling.ScheduleRules"/>, the same in both places.</summary>
    public static DiagnosticDescriptor For(Scheduling.ScheduleProblem problem) =>
        problem.Kind == Scheduling.ScheduleProblemKind.NeverFires ? CronNeverFires : CronTooFrequent;

    // Rules
    public static readonly DiagnosticDescriptor NoActions = new("SC070", Error, "A rule has no actions.");
    public static readonly DiagnosticDescriptor InvalidAction = new("SC071", Error, "A rule action is not exactly one of finding, setStatus or assert.");
    public static readonly DiagnosticDescriptor InvalidTemplate = new("SC072", Error, "A message template has an unclosed, stray or empty {hole}.");

    // Display
    public static readonly DiagnosticDescriptor InvalidUnit = new("SC080", Error, "A unit is neither a known unit nor an ISO 4217 currency code.");

    // The scorecard as a whole (expression errors themselves carry the language's EXPR codes)
    public static readonly DiagnosticDescriptor FormulaCycle = new("SC090", Error, "Formulas depend on each other in a circle within one period.");
    public static readonly DiagnosticDescriptor UnusedMetric = new("SC091", Warning, "A metric carries no weight and nothing reads it.");
    public static readonly DiagnosticDescriptor PillarReadInFormula = new("SC092", Error, "A metric formula reads this period's pillar score, which depends on the metrics.");
    public static readonly DiagnosticDescriptor FactReadOutsideRules = new("SC093", Error, "A formula reads a fact; only rules assert facts, after every formula is computed.");
    public static readonly DiagnosticDescriptor OverBudget = new("SC094", Error, "The scorecard's expressions need more computation every period than the budget allows.");

    // Lint: warnings about what is allowed but most likely not meant; they never block a PUT.
    public static readonly DiagnosticDescriptor FactNeverRead = new("SC100", Warning, "A rule asserts a fact that no rule condition or message reads.");
    public static readonly DiagnosticDescriptor RuleReadsOnlyItsOwnFact = new("SC101", Warning, "A rule's condition reads only facts that no rule but itself asserts.");
    public static readonly DiagnosticDescriptor UnscoredMetricStatus = new("SC102", Warning, "setStatus, status() or score() on a metric that is not scored.");
    public static readonly DiagnosticDescriptor TargetOutsideScale = new("SC103", Warning, "A survey metric's target or floor lies outside what its aggregate can give, or looks like a fraction of a 0-100 share.");
    public static readonly DiagnosticDescriptor PctChangeWholeNumber = new("SC104", Warning, "pct_change(x), a fraction, compared with a whole number (5 where 0.05 or 5% was likely meant).");
    public static readonly DiagnosticDescriptor NotIsoCurrency = new("SC105", Warning, "A unit written as a currency code (three capital letters) that is not in ISO 4217.");

    /// <summary>The whole catalogue, in code order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        InvalidJson, DocumentTooLarge, NestingTooDeep, StringTooLong, TooManyItems, DuplicateProperty, UnstorableText,
        MissingProperty, WrongType, UnknownProperty, UnknownValue, InvalidNumber, EmptyText, UnsupportedSchemaVersion,
        InvalidId, ReservedId, DuplicateId, UnknownPillar, UnknownMetric, ParameterNamesMetric, UnknownLibraryMetric, LibraryFieldPinned,
        NegativeWeight, PillarWeightsAllZero, MetricWeightsAllZero, PillarWithoutScoredMetrics, WeightWithoutScoring,
        TargetEqualsFloor, TargetAgainstDirection, ThresholdOrder, IncompleteScoring, ThresholdOutsideRange,
        MissingSource, MultipleSources, InvalidScale, InvalidBand, BandsRequired, FieldNotForAggregate, SurveyOnlyField,
        MinSampleTooSmall, LowAnonymityThreshold, InvalidObservationKey,
        InvalidTimeZone, InvalidCron, CronNotConvertible, CronNeverFires, CronTooFrequent,
        NoActions, InvalidAction, InvalidTemplate,
        InvalidUnit,
        FormulaCycle, UnusedMetric, PillarReadInFormula, FactReadOutsideRules, OverBudget,
        FactNeverRead, RuleReadsOnlyItsOwnFact, UnscoredMetricStatus, TargetOutsideScale, PctChangeWholeNumber, NotIsoCurrency,
    ];
}
