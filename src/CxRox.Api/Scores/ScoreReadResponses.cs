using System.Collections.Immutable;
using CxRox.Engine.Evaluation;

namespace CxRox.Api.Scores;

// The shapes of the JSON the score reads answer. The database composes those bodies from the
// stored documents (they are not serialized from these records); the records describe them in
// the OpenAPI document, and the tests read the bodies back into them.

/// <summary>GET scores/latest/findings and scores/{date}/findings.</summary>
public sealed record ScoreFindingsResponse(string Scorecard, int Version, ScorePeriodDocument Period, RoxDocument Rox, ImmutableArray<Finding> Findings);
