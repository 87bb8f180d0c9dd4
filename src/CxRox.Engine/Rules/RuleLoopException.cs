using System.Collections.Immutable;

namespace CxRox.Engine.Rules;

/// <summary>Rules kept activating each other past the firing limit; <see cref="RuleIds"/> is the repeating sequence.</summary>
public sealed class RuleLoopException(ImmutableArray<string> ruleIds, int firings) : Exception(
    $"The rules did not settle: after {firings} firings they were still activating each other in the cycle "
    + $"{string.Join(" -> ", ruleIds.Append(ruleIds.IsEmpty ? "" : ruleIds[0]))}. Change their conditions or actions so that one of them stops applying.")
{
    public ImmutableArray<string> RuleIds { get; } = ruleIds;
    public int Firings { get; } = firings;
}
