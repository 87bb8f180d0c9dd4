using CxRox.Engine.Compilation;

namespace CxRox.Engine.Rules;

/// <summary>
/// What a period's rule session holds: the frame every condition reads (metric values, scores and
/// statuses, pillar scores, the facts rules assert, and earlier periods) and the log the actions
/// write to. Rules whose conditions read nothing another rule can change match this fact, which is
/// never updated; the rules that read a status or fact that rules set or assert match the
/// <see cref="ChainedGroupFact"/> of their group, which is updated when what one of them reads
/// changes, so NRules evaluates again only the conditions of the groups that read the change.
/// Reused period after period by one evaluation; not thread-safe.
/// </summary>
internal sealed class PeriodFacts
{
    private readonly ChainedGroupFact[] _groups;
    private readonly List<object> _changed = [];

    public PeriodFacts(EvaluationFrame frame, int chainedGroups)
    {
        Frame = frame;
        _groups = [.. Enumerable.Range(0, chainedGroups).Select(group => ChainedGroupFact.Create(group, this))];
        All = [this, .. _groups];
    }

    public EvaluationFrame Frame { get; }

    public FiringLog Log { get; } = new();

    /// <summary>Every fact a session of the period starts with.</summary>
    public object[] All { get; }

    /// <summary>The groups of the chaining rules that read a slot which has just changed: their facts are updated after the firing.</summary>
    public void Changed(int[] groups)
    {
        foreach (var group in groups)
        {
            var fact = _groups[group];
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
        foreach (ChainedGroupFact fact in _changed)
        {
            fact.Changed = false;
        }
        _changed.Clear();
    }
}
