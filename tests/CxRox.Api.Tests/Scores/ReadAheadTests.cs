using CxRox.Api.Scores;
using Microsoft.AspNetCore.Http;

namespace CxRox.Api.Tests.Scores;

/// <summary>A streamed read starts its query before the response does, so a failure is still an error status.</summary>
public sealed class ReadAheadTests
{
    [Fact]
    public async Task StartAsync_SequenceFailingOnItsFirstRead_FailsBeforeAnyBody()
    {
        var context = new DefaultHttpContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAhead.StartAsync(Failing(), context.Response, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_YieldsTheFirstItemThenTheRest()
    {
        var context = new DefaultHttpContext();

        var started = await ReadAhead.StartAsync(Numbers(3), context.Response, CancellationToken.None);

        Assert.Equal([1, 2, 3], await started.ToListAsync());
        Assert.Empty(await (await ReadAhead.StartAsync(Numbers(0), context.Response, CancellationToken.None)).ToListAsync());
    }

    private static async IAsyncEnumerable<int> Failing()
    {
        await Task.Yield();
        throw new InvalidOperationException("the database refused the query");
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<int> Numbers(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }
}
