using CxRox.Engine.Compilation;

namespace CxRox.Engine.Rules;

/// <summary>
/// The one fact a period's rule session holds: the frame every condition reads (metric values,
/// scores and statuses, pillar scores, the facts rules assert, and earlier periods), and the log
/// the actions write to. An action that sets a status or asserts a fact changes the frame and
/// updates this fact, so NRules evaluates the conditions again.
/// </summary>
internal sealed class PeriodFacts(EvaluationFrame frame)
{
    public EvaluationFrame Frame { get; } = frame;

    public FiringLog Log { get; } = new();
}
