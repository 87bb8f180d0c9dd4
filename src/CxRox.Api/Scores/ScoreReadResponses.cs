using System.Collections.Immutable;
using CxRox.Engine.Evaluation;

namespace CxRox.Api.Scores;

// The shapes of the JSON the score reads answer. The database composes those bodies from the
// stored documents (they are not serialized from these records); the records describe them in
// the OpenAPI document, and the tests read the bodies back into them.

/// <summary>GET scores/latest/findings and scores/{date}/findings.</summary>
public sealed record ScoreFindingsResponse(string Scorecard, int Version, ScorePeriodDocument Period, RoxDocument Rox, ImmutableArray<Finding> Findings);

/// <summary>One page of GET scores.</summary>
/// <param name="Next">The next page's URL (also in the Link header); null on the last page.</param>
public sealed record ScoreSeriesResponse(string Scorecard, int Version, IReadOnlyList<ScoreSeriesPeriod> Periods, string? Next);

/// <summary>A period of a series, with the pillars and metrics its filters keep.</summary>
public sealed record ScoreSeriesPeriod(ScorePeriodDocument Period, RoxDocument Rox, ImmutableArray<PillarDocument> Pillars, ImmutableArray<MetricDocument> Metrics);
