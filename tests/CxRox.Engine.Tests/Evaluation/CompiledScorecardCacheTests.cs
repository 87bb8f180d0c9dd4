using CxRox.Engine.Evaluation;
using static CxRox.Engine.Tests.TestData.TestScorecards;

namespace CxRox.Engine.Tests.Evaluation;

public sealed class CompiledScorecardCacheTests
{
    private static readonly string Valid = Document([Pillar("cx", 1)], [Observed("nps", "cx", -10, 60, 45, 25)]);

    [Fact]
    public void GetOrCompile_SameDocument_CompilesOnceAndSharesIt()
    {
        var cache = new CompiledScorecardCache();

        var compilations = new ScorecardCompilation[16];
        Parallel.For(0, compilations.Length, i => compilations[i] = cache.GetOrCompile(Valid));

        Assert.All(compilations, c => Assert.Same(compilations[0].Scorecard, c.Scorecard));
        Assert.Equal(1, cache.Count);
        Assert.Equal(CompiledScorecardCache.ContentHash(Valid), compilations[0].Scorecard!.ContentHash);
    }

    [Fact]
    public void GetOrCompile_AnyByteChanged_IsAnotherVersion()
    {
        var cache = new CompiledScorecardCache();

        var first = cache.GetOrCompile(Valid);
        var second = cache.GetOrCompile(Valid + "\n");

        Assert.NotEqual(first.ContentHash, second.ContentHash);
        Assert.NotSame(first.Scorecard, second.Scorecard);
    }

    [Fact]
    public void GetOrCompile_BeyondCapacity_DropsTheOldest()
    {
        var cache = new CompiledScorecardCache(capacity: 2);

        // Other targets, not only other spaces: those would share one compile (SharedCompileTests).
        var oldest = cache.GetOrCompile(Valid);
        cache.GetOrCompile(Valid.Replace("60", "61", StringComparison.Ordinal));
        cache.GetOrCompile(Valid.Replace("60", "62", StringComparison.Ordinal));

        Assert.Equal(2, cache.Count);
        Assert.NotSame(oldest.Scorecard, cache.GetOrCompile(Valid).Scorecard);
    }

    [Fact]
    public void GetOrCompile_InvalidDocument_GivesDiagnosticsAndNoScorecard()
    {
        var compilation = new CompiledScorecardCache().GetOrCompile(Valid.Replace("\"nps\"", "\"NPS\"", StringComparison.Ordinal));

        Assert.Null(compilation.Scorecard);
        Assert.Contains(compilation.Diagnostics, d => d.Code == "SC020");
    }
}
