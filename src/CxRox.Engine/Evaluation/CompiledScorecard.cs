using System.Collections.Concurrent;
using System.Collections.Immutable;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Evaluation;

/// <summary>
/// A scorecard version ready to evaluate: immutable and safe to share between threads. Each
/// evaluation borrows a session of reusable buffers from a pool, so evaluating allocates only
/// the result it returns.
/// </summary>
public sealed class CompiledScorecard
{
    private readonly ConcurrentBag<EvaluationSession> _sessions = [];

    internal CompiledScorecard(
        BoundScorecard bound, ScorecardPlan plan, Func<EvaluationFrame, int, double> numbers, RuleNetwork rules, string contentHash)
    {
        Bound = bound;
        Plan = plan;
        Numbers = numbers;
        Rules = rules;
        ContentHash = contentHash;
    }

    public BoundScorecard Bound { get; }
    public Scorecard Scorecard => Bound.Scorecard;

    /// <summary>SHA-256 of the document this was compiled from (hex), when known: what results are traced back to.</summary>
    public string ContentHash { get; }

    /// <summary>How many periods before the current one any one expression reads directly (the frame's window).</summary>
    public int HistoryDepth => Bound.HistoryDepth;

    /// <summary>
    /// How many periods before the first one asked for to evaluate so that each one asked for
    /// is exact: formulas read one another's history, so chains add up
    /// (<see cref="BoundScorecard.LeadInPeriods"/>). Pass that many before the current period to
    /// <see cref="Evaluate"/>, or before the first to <see cref="EvaluateSeries"/>.
    /// </summary>
    public int LeadInPeriods => Bound.LeadInPeriods;

    /// <summary>
    /// The most periods one preview or recompute may ask for: periods evaluated (these and the
    /// <see cref="LeadInPeriods"/> before them) times its expression nodes, and times its metrics,
    /// stay within <see cref="ScorecardBudget"/>.
    /// </summary>
    public int MaxRunPeriods => ScorecardBudget.MaxRunPeriods(Bound.ExpressionNodes, Scorecard.Metrics.Length, LeadInPeriods);

    internal ScorecardPlan Plan { get; }
    internal Func<EvaluationFrame, int, double> Numbers { get; }

    /// <summary>The rules, compiled once into an NRules session factory; each evaluated period runs in a session of its own.</summary>
    internal RuleNetwork Rules { get; }

    /// <summary>The firing limit that stops rules which never settle.</summary>
    public int MaxRuleFirings => Rules.FiringLimit;

    public PeriodInputs CreateInputs() => new(this);

    /// <summary>
    /// This compiled scorecard for another document whose engine content is the same (it differs
    /// only in what <see cref="EngineContent"/> leaves out): the plan, formulas and rule network
    /// are shared, the scorecard and hash are the other document's own.
    /// </summary>
    internal CompiledScorecard For(BoundScorecard bound, string contentHash) =>
        new(bound, Plan, Numbers, Rules, contentHash);

    /// <summary>
    /// Evaluates the last of <paramref name="periods"/> (oldest first); the earlier ones give
    /// prev, delta, trend and avg_over their history and are evaluated on the way, rules included.
    /// </summary>
    public EvaluationResult Evaluate(IReadOnlyList<PeriodInputs> periods)
    {
        Check(periods);
        var session = Rent();
        try
        {
            var last = periods.Count - 1;
            for (var i = 0; i < last; i++)
            {
                session.EvaluatePeriod(periods[i], record: false);
            }
            session.EvaluatePeriod(periods[last], record: true);
            return session.BuildResult();
        }
        finally
        {
            _sessions.Add(session);
        }
    }

    /// <summary>Evaluates every one of <paramref name="periods"/> (oldest first), each with the ones before it as history.</summary>
    /// <param name="cancellationToken">Checked before each period, so a caller that went away stops a long series within one period's work.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ImmutableArray<EvaluationResult> EvaluateSeries(IReadOnlyList<PeriodInputs> periods, CancellationToken cancellationToken = default)
    {
        Check(periods);
        var results = ImmutableArray.CreateBuilder<EvaluationResult>(periods.Count);
        var session = Rent();
        try
        {
            for (var i = 0; i < periods.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                session.EvaluatePeriod(periods[i], record: true);
                results.Add(session.BuildResult());
            }
        }
        finally
        {
            _sessions.Add(session);
        }
        return results.MoveToImmutable();
    }

    private EvaluationSession Rent()
    {
        var session = _sessions.TryTake(out var pooled) ? pooled : new EvaluationSession(this);
        session.Reset();
        return session;
    }

    private void Check(IReadOnlyList<PeriodInputs> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            throw new ArgumentException("Give at least the current period.", nameof(periods));
        }
        for (var i = 0; i < periods.Count; i++)
        {
            if (!periods[i].BelongsTo(this))
            {
                throw new ArgumentException("Inputs must come from this scorecard's CreateInputs().", nameof(periods));
            }
        }
    }
}
