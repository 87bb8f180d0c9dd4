using System.Text.Json.Nodes;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Tests.TestData;

namespace CxRox.Engine.Tests.Evaluation;

/// <summary>Documents that differ only in their labels (organization, id, name) share one compile and evaluate exactly as if compiled alone.</summary>
public sealed class SharedCompileTests
{
    private static readonly string Retail = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", "retail.scorecard.json"));

    [Fact]
    public void GetOrCompile_OnlyLabelsDiffer_SharesTheCompileAndKeepsEachDocumentsOwn()
    {
        var cache = new CompiledScorecardCache();
        var other = Relabel(Retail, "another-org", "another-id", "Another name");

        var first = cache.GetOrCompile(Retail).Scorecard!;
        var second = cache.GetOrCompile(other).Scorecard!;

        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.SharedCount);
        Assert.NotSame(first, second);
        Assert.Equal(CompiledScorecardCache.ContentHash(other), second.ContentHash);
        Assert.Equal(("another-org", "another-id", "Another name"), (second.Scorecard.Organization, second.Scorecard.Id, second.Scorecard.Name));
        Assert.Equal(Series(CompiledScorecardCache.Compile(other).Scorecard!), Series(second));
    }

    [Theory]
    [InlineData("\"period\": \"month\"", "\"period\": \"quarter\"")]
    [InlineData("\"weight\": 1", "\"weight\": 1.0")]
    public void GetOrCompile_AnythingButTheLabelsDiffers_CompilesApart(string from, string to)
    {
        var cache = new CompiledScorecardCache();
        var document = TestScorecards.Document([TestScorecards.Pillar("cx", 1)], [TestScorecards.Observed("nps", "cx", -10, 60, 45, 25)]);
        var changed = Relabel(document, "other", "other", "Other").Replace(from, to, StringComparison.Ordinal);

        cache.GetOrCompile(document);
        cache.GetOrCompile(changed);

        Assert.Equal(2, cache.SharedCount);
    }

    [Fact]
    public void EngineContent_NestedNamesAndIds_AreContent()
    {
        var document = TestScorecards.Document([TestScorecards.Pillar("cx", 1)], [TestScorecards.Observed("nps", "cx", -10, 60, 45, 25)]);

        Assert.NotEqual(EngineContent.Hash(document), EngineContent.Hash(document.Replace("\"id\": \"nps\"", "\"id\": \"csat\"", StringComparison.Ordinal)));
        Assert.Equal(EngineContent.Hash(document), EngineContent.Hash(Relabel(document, "other", "other", "Other")));
        Assert.Null(EngineContent.Hash("[1, 2]"));
        Assert.Null(EngineContent.Hash("{ \"id\": "));
    }

    /// <summary>The document with other top-level labels, written back with the same layout.</summary>
    private static string Relabel(string document, string organization, string id, string name)
    {
        var node = JsonNode.Parse(document)!.AsObject();
        node["organization"] = organization;
        node["id"] = id;
        node["name"] = name;
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string[] Series(CompiledScorecard scorecard)
    {
        var data = scorecard.Scorecard.Metrics.Where(m => m.Source is not FormulaSource).Select(m => m.Id).ToList();
        var inputs = Enumerable.Range(0, 6)
            .Select(month => data.Select((id, i) => (id, i)).Aggregate(scorecard.CreateInputs(), (inputs, m) => inputs.Set(m.id, 10 + ((month * 7) + (m.i * 3)) % 50)))
            .ToList();
        return [.. scorecard.EvaluateSeries(inputs).Select(ResultJson.Serialize)];
    }
}
