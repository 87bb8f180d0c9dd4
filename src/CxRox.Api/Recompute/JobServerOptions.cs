namespace CxRox.Api.Recompute;

/// <summary>The Hangfire server of this node (section "Jobs").</summary>
public sealed class JobServerOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Jobs run at once on this node. Recomputes also wait for a slot of the compute gate
    /// (Compute:MaxConcurrent), so more workers than that only serve webhook deliveries and
    /// waiting jobs; by default twice the cores (at least four) and two for deliveries.
    /// </summary>
    public int Workers { get; set; } = Math.Max(4, Environment.ProcessorCount * 2) + 2;

    /// <summary>
    /// How often an idle worker looks for a queued job. A job enqueued on this node wakes its
    /// workers at once (Hangfire.PostgreSql signals them in the process), so this is how late
    /// another node's job, or a retry, may be picked up. (PostgreSQL's LISTEN/NOTIFY, the
    /// storage's long polling, is off: its listener clones the connection from its connection
    /// string, which a data source's connections do not carry whole.)
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the node looks for recurring jobs that are due and for delayed jobs (retries,
    /// debounced recomputes) whose time has come: a schedule fires at most this late.
    /// </summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a job taken by a node that died stays hidden before another node runs it again (renewed while it runs).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
