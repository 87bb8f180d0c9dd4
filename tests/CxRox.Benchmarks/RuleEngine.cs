namespace CxRox.Benchmarks;

/// <summary>Transitional: which engine runs a scorecard's rules, to measure both in one run before the legacy agenda goes.</summary>
public enum RuleEngine
{
    NRules,
    LegacyAgenda,
}
