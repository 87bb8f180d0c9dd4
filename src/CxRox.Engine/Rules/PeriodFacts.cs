using CxRox.Engine.Compilation;

namespace CxRox.Engine.Rules;

/// <summary>
/// What a period's rule session holds: the frame every condition reads (metric values, scores and
/// statuses, pillar scores, the facts rules assert, and earlier periods) and the log the actions
/// write to. Rules whose conditions read nothing another rule can change match this fact, which is
/// never updated; each rule that reads a status or fact that rules set or assert matches a
/// <see cref="ChainedRuleFact"/> of its own, which is updated when what it reads changes, so NRules
/// evaluates again only the conditions that may have changed. Reused period after period by one
/// evaluation; not thread-safe.
/// </summary>
internal sealed class PeriodFacts
{
    private readonly ChainedRuleFact?[] _chained;
    private readonly List<object> _changed = [];

    public PeriodFacts(EvaluationFrame frame, IReadOnlyList<bool> chainedRules)
    {
        Frame = frame;
        _chained = [.. chainedRules.Select((chained, rule) => chained ? new ChainedRuleFact(rule, this) : null)];
        All = [this, .. _chained.OfType<ChainedRuleFact>()];
    }

    public EvaluationFrame Frame { get; }

    public FiringLog Log { get; } = new();

    /// <summary>Every fact a session of the period starts with.</summary>
    public object[] All { get; }

    /// <summary>The chaining rules that read a slot which has just changed: their facts are updated after the firing.</summary>
    public void Changed(int[] readers)
    {
        foreach (var rule in readers)
        {
            var fact = _chained[rule]!;
            if (!fact.Changed)
            {
                fact.Changed = true;
                _changed.Add(fact);
            }
        }
    }

    public bool HasChanges => _changed.Count > 0;

    /// <summary>The facts to update after a firing.</summary>
    public IReadOnlyList<object> ChangedFacts => _changed;

    public void ClearChanged()
    {
        foreach (ChainedRuleFact fact in _changed)
        {
            fact.Changed = false;
        }
        _changed.Clear();
    }
}

/// <summary>The fact of one rule whose condition reads a status or fact that rules set or assert.</summary>
internal sealed class ChainedRuleFact(int rule, PeriodFacts period)
{
    public int Rule { get; } = rule;

    public PeriodFacts Period { get; } = period;

    public bool Changed { get; set; }
}
