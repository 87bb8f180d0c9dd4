namespace CxRox.Api.Recompute;

/// <summary>
/// How often one kind of job is tried, and how long it waits between attempts; one subclass, and
/// one configuration section, per kind. <see cref="JobRetries"/> reads them when a job fails.
/// </summary>
public abstract class JobRetryOptions
{
    /// <summary>The most waits a kind of job may have: Hangfire keeps a failed job's retries in its store, and a longer list is a mistake.</summary>
    public const int MaxRetries = 20;

    /// <summary>
    /// The waits before each retry of a failed attempt, in order; a job is attempted once more
    /// than there are waits. Unset, <see cref="DefaultRetryDelays"/>. (Not defaulted in the
    /// property: the configuration binder would append the configured waits to the default ones.)
    /// </summary>
    public IReadOnlyList<TimeSpan>? RetryDelays { get; set; }

    protected abstract IReadOnlyList<TimeSpan> DefaultRetryDelays { get; }

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays is { Count: > 0 } delays ? delays : DefaultRetryDelays;

    public int MaxAttempts => EffectiveRetryDelays.Count + 1;

    /// <summary>Whether the waits can be used: none negative, at most <see cref="MaxRetries"/>.</summary>
    public bool HasValidRetryDelays => EffectiveRetryDelays.Count <= MaxRetries && EffectiveRetryDelays.All(d => d >= TimeSpan.Zero);
}

/// <summary>
/// Recompute jobs (section "Recompute"): retries 5 s, 15 s, 45 s, so that a database blip costs
/// seconds; and the recompute a data change starts.
/// </summary>
public sealed class RecomputeOptions : JobRetryOptions
{
    public const string Section = "Recompute";

    /// <summary>
    /// How long after an ingest or a deletion that changed data the organization's stale periods
    /// are recomputed (<see cref="DebouncedRecompute"/>). Later changes within that time join the same run.
    /// </summary>
    public TimeSpan AfterIngestDelay { get; set; } = TimeSpan.FromMinutes(5);

    protected override IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45)];
}

/// <summary>Retries of a schedule's firing or a run-now (section "ScheduledRuns"): as a recompute's, since the firing recomputes.</summary>
public sealed class ScheduledRunOptions : JobRetryOptions
{
    public const string Section = "ScheduledRuns";

    protected override IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45)];
}
