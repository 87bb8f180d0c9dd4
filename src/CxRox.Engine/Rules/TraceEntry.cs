using System.Collections.Immutable;
using System.Text.Json.Serialization;
using CxRox.Engine.Model;

namespace CxRox.Engine.Rules;

/// <summary>
/// One step of how the rules reached a result, in the order it happened. Entries of one firing
/// share its <see cref="Step"/> (1 for the first rule that fired).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RuleFired), "ruleFired")]
[JsonDerivedType(typeof(StatusSet), "statusSet")]
[JsonDerivedType(typeof(FactAsserted), "factAsserted")]
[JsonDerivedType(typeof(FindingRaised), "findingRaised")]
public abstract record TraceEntry(int Step, string RuleId);

/// <summary>A rule fired; <see cref="Read"/> holds every value its condition read, as it was then.</summary>
public sealed record RuleFired(int Step, string RuleId, int Priority, ImmutableArray<TracedValue> Read) : TraceEntry(Step, RuleId);

/// <param name="Name">As a consultant writes it: nps, prev(nps), status(nps), pillar.cx, fact.ex_drags_cx.</param>
/// <param name="Value">Invariant text: a number, green/amber/red, true/false, or "missing".</param>
public sealed record TracedValue(string Name, string Value);

public sealed record StatusSet(int Step, string RuleId, string Metric, MetricStatus? From, MetricStatus To, string Reason) : TraceEntry(Step, RuleId);

public sealed record FactAsserted(int Step, string RuleId, string Fact) : TraceEntry(Step, RuleId);

public sealed record FindingRaised(int Step, string RuleId, FindingSeverity Severity, string Message) : TraceEntry(Step, RuleId);
