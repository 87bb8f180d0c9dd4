namespace CxRox.Engine.Rules;

internal enum RuleEventKind : byte
{
    Fired,
    Finding,
    StatusSet,
    FactAsserted,
}

/// <summary>
/// What a firing did, recorded as plain numbers while the rules run; the result turns the
/// events into trace entries, findings and overrides only when someone reads them.
/// </summary>
/// <param name="Action">Index of the action in the rule (findings, statuses, facts).</param>
/// <param name="ValuesStart">Where this event's values begin in the event values: the condition's reads
/// (when fired) or the message holes (a finding).</param>
/// <param name="From">A status set: the encoded status it replaced.</param>
internal readonly record struct RuleEvent(RuleEventKind Kind, int Step, int Rule, int Action, int ValuesStart, double From);
