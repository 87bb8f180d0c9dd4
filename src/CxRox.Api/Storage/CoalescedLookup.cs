namespace CxRox.Api.Storage;

/// <summary>
/// Looks keys up in batches: one query answers every key asked for while no query was running.
/// A caller that arrives while a query is in flight waits for the next one, which starts when the
/// running one ends, so every answer comes from a query that started after its caller asked:
/// never older than what was stored when the caller arrived. Under load this costs one query per
/// round trip however many callers there are; alone, a caller pays one round trip.
/// </summary>
/// <param name="query">
/// Answers a set of keys at once; a key missing from its answer has no value. It is not given a
/// caller's cancellation token, because its answer is shared: a caller that gives up stops
/// waiting, not the query.
/// </param>
public sealed class CoalescedLookup<TKey, TValue>(Func<IReadOnlyCollection<TKey>, Task<IReadOnlyDictionary<TKey, TValue>>> query)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private Batch? _waiting;
    private bool _running;

    /// <summary>The value of <paramref name="key"/> as read by a query that started after this call, if it has one.</summary>
    public async Task<(bool Found, TValue Value)> TryGetAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Batch batch;
        var start = false;
        lock (_gate)
        {
            batch = _waiting ??= new Batch();
            batch.Keys.Add(key);
            if (!_running)
            {
                _running = true;
                _waiting = null;
                start = true;
            }
        }
        if (start)
        {
            // The queries serve everyone: they must not carry this caller's context (its
            // Activity, logging scopes, AsyncLocals) into the batches that follow.
            using (ExecutionContext.SuppressFlow())
            {
                _ = RunAsync(batch);
            }
        }
        var answer = await batch.Answer.Task.WaitAsync(cancellationToken);
        return answer.TryGetValue(key, out var value) ? (true, value) : (false, default!);
    }

    // Runs batches one after the other until none is waiting. A batch leaves _waiting only here,
    // at the moment its query starts, so nobody joins a batch whose query has begun.
    private async Task RunAsync(Batch batch)
    {
        while (true)
        {
            try
            {
                batch.Answer.SetResult(await query(batch.Keys));
            }
            catch (Exception e)
            {
                batch.Answer.SetException(e);
            }
            lock (_gate)
            {
                if (_waiting is null)
                {
                    _running = false;
                    return;
                }
                batch = _waiting;
                _waiting = null;
            }
        }
    }

    private sealed class Batch
    {
        public HashSet<TKey> Keys { get; } = [];

        // Callers continue on their own threads, not on the one that ran the query.
        public TaskCompletionSource<IReadOnlyDictionary<TKey, TValue>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public static class CoalescedLookupExtensions
{
    /// <summary>The value of <paramref name="key"/> as read by a query that started after this call; null when it has none.</summary>
    public static async Task<TValue?> GetAsync<TKey, TValue>(this CoalescedLookup<TKey, TValue> lookup, TKey key, CancellationToken cancellationToken = default)
        where TKey : notnull
        where TValue : struct
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var (found, value) = await lookup.TryGetAsync(key, cancellationToken);
        return found ? value : null;
    }
}
