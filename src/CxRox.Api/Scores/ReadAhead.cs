using System.Runtime.CompilerServices;

namespace CxRox.Api.Scores;

/// <summary>
/// Starts reading a sequence before a streamed response starts, so that the query behind it runs,
/// and fails if it is going to, while the status can still be chosen: an error then is a
/// problem+json answer, not a 200 whose body breaks off. The rest is read while the body is written.
/// </summary>
public static class ReadAhead
{
    /// <summary>Reads the first item now; the sequence returned yields it and then the rest. Its enumerator is disposed with the response.</summary>
    public static async Task<IAsyncEnumerable<T>> StartAsync<T>(IAsyncEnumerable<T> sequence, HttpResponse response, CancellationToken cancellationToken)
    {
        var enumerator = sequence.GetAsyncEnumerator(cancellationToken);
        response.RegisterForDisposeAsync(enumerator);
        var any = await enumerator.MoveNextAsync();
        return Continue(enumerator, any, cancellationToken);
    }

    private static async IAsyncEnumerable<T> Continue<T>(IAsyncEnumerator<T> started, bool any, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!any)
        {
            yield break;
        }
        yield return started.Current;
        while (await started.MoveNextAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return started.Current;
        }
    }
}
