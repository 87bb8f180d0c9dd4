using CxRox.Api.Storage;

namespace CxRox.Api.Tests.Storage;

/// <summary>
/// The lookup on its own, with a query the test holds open: which query answers whom, and how
/// many queries run.
/// </summary>
public sealed class CoalescedLookupTests
{
    /// <summary>A query that counts its runs, records their keys and waits until the test releases it; it answers every key with its run number.</summary>
    private sealed class HeldQuery
    {
        private readonly Lock _gate = new();
        private readonly List<TaskCompletionSource> _releases = [];

        public List<IReadOnlyCollection<string>> Runs { get; } = [];

        public TaskCompletionSource<int> Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyDictionary<string, long>> RunAsync(IReadOnlyCollection<string> keys)
        {
            TaskCompletionSource release;
            int run;
            lock (_gate)
            {
                Runs.Add([.. keys]);
                run = Runs.Count;
                release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _releases.Add(release);
            }
            var started = Started;
            Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            started.SetResult(run);
            await release.Task;
            return keys.Where(k => !k.StartsWith("missing", StringComparison.Ordinal)).ToDictionary(k => k, _ => (long)run);
        }

        public void Release(int run)
        {
            lock (_gate)
            {
                _releases[run - 1].SetResult();
            }
        }
    }

    [Fact]
    public async Task ACallerArrivingWhileAQueryRuns_GetsTheNextQuerysAnswer_NotTheRunningOnes()
    {
        var query = new HeldQuery();
        var lookup = new CoalescedLookup<string, long>(query.RunAsync);
        var first = lookup.GetAsync("a"); // starts query 1, which the test holds open
        var secondStarted = query.Started.Task;

        var late = lookup.GetAsync("a");
        query.Release(1);

        Assert.Equal(1, await first);
        Assert.Equal(2, await secondStarted);
        Assert.False(late.IsCompleted);
        query.Release(2);
        Assert.Equal(2, await late);
        Assert.Equal(2, query.Runs.Count);
    }

    [Fact]
    public async Task ManyConcurrentCallers_ShareOneQuery_WithAllTheirKeys()
    {
        var query = new HeldQuery();
        var lookup = new CoalescedLookup<string, long>(query.RunAsync);
        var first = lookup.GetAsync("first");
        var secondStarted = query.Started.Task;

        // 100 callers on pool threads, 40 distinct keys; each has joined once its call has returned a task.
        var waiting = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Factory.StartNew(() => lookup.GetAsync($"k{i % 40}"), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)));
        Assert.DoesNotContain(waiting, t => t.IsCompleted);
        Assert.Single(query.Runs);
        query.Release(1);
        Assert.Equal(2, await secondStarted);
        query.Release(2);

        Assert.Equal(1, await first);
        Assert.All(await Task.WhenAll(waiting), answer => Assert.Equal(2, answer));
        Assert.Equal(2, query.Runs.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"k{i}").Order(), query.Runs[1].Order());
    }

    private static readonly AsyncLocal<string?> Caller = new();

    [Fact]
    public async Task Queries_AfterTheirFirstAwait_DoNotRunInTheContextOfTheCallerThatStartedThem()
    {
        var seen = new List<string?>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookup = new CoalescedLookup<string, long>(async keys =>
        {
            await release.Task;
            lock (seen)
            {
                seen.Add(Caller.Value);
            }
            return keys.ToDictionary(k => k, _ => 1L);
        });

        Caller.Value = "first";
        var first = lookup.GetAsync("a");
        Caller.Value = "second";
        var second = lookup.GetAsync("b");
        Caller.Value = null;
        release.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal([null, null], seen);
    }

    [Fact]
    public async Task AKeyTheQueryDoesNotAnswer_HasNoValue()
    {
        var lookup = new CoalescedLookup<string, long>(keys => Task.FromResult<IReadOnlyDictionary<string, long>>(keys.Where(k => k != "missing").ToDictionary(k => k, _ => 7L)));

        Assert.Null(await lookup.GetAsync("missing"));
        Assert.Equal(7, await lookup.GetAsync("there"));
    }

    [Fact]
    public async Task AFailedQuery_FailsItsCallers_AndTheNextQueryStillRuns()
    {
        var calls = 0;
        var lookup = new CoalescedLookup<string, long>(keys =>
            Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("the database went away")
                : Task.FromResult<IReadOnlyDictionary<string, long>>(keys.ToDictionary(k => k, _ => 1L)));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => lookup.GetAsync("a"));

        Assert.Equal("the database went away", failed.Message);
        Assert.Equal(1, await lookup.GetAsync("a"));
    }

    [Fact]
    public async Task ACallerThatGivesUp_StopsWaiting_WithoutCancellingTheQueryOthersWaitFor()
    {
        var query = new HeldQuery();
        var lookup = new CoalescedLookup<string, long>(query.RunAsync);
        using var giveUp = new CancellationTokenSource();
        var patient = lookup.GetAsync("a");
        var impatient = lookup.GetAsync("a", giveUp.Token);

        await giveUp.CancelAsync();
        query.Release(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Assert.Equal(1, await patient);
    }
}
