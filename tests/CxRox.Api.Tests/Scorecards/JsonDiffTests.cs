using System.Text.Json;
using System.Text.Json.Nodes;
using CxRox.Api.Scorecards;

namespace CxRox.Api.Tests.Scorecards;

/// <summary>The diff alone, on documents written inline: no database, no engine.</summary>
public sealed class JsonDiffTests
{
    private static List<string> Diff(string from, string to) => JsonDiff.Compare(from, to).Select(Line).ToList();

    // One line per change, with only what that kind of change carries.
    private static string Line(JsonChange c) => c.Op switch
    {
        JsonChange.AddedOp => $"added {c.ToPath} {Show(c.To)}",
        JsonChange.RemovedOp => $"removed {c.FromPath} {Show(c.From)}",
        JsonChange.MovedOp => $"moved {c.FromPath} -> {c.ToPath}",
        _ => $"{c.Op} {c.FromPath} -> {c.ToPath}: {Show(c.From)} -> {Show(c.To)}",
    };

    private static string Show(JsonElement? value) => value is { } v ? v.GetRawText() : "·";

    // An id-keyed list of one-letter items, each with a weight.
    private static string Items(params string[] ids) =>
        "{\"m\": [" + string.Join(", ", ids.Select(id => $$"""{"id": "{{id}}", "w": 1}""")) + "]}";

    private static string Sample() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", "retail.scorecard.json"));

    [Fact]
    public void Compare_SameDocumentInAnotherKeyOrder_HasNoChanges() =>
        Assert.Empty(Diff("""{"a": 1, "b": [1, 2], "m": [{"id": "x", "p": 1, "q": 2}]}""", """{"m": [{"q": 2, "id": "x", "p": 1}], "b": [1, 2], "a": 1}"""));

    [Fact]
    public void Compare_RealScorecardWithItself_HasNoChanges() =>
        Assert.Empty(JsonDiff.Compare(Sample(), Sample()));

    [Fact]
    public void Compare_ObjectProperties_AddedRemovedChangedInOrdinalOrder() =>
        Assert.Equal(
            ["removed /a 1", "changed /b -> /b: \"x\" -> \"y\"", "added /c {\"d\":true}"],
            Diff("""{"b": "x", "a": 1}""", """{"c": {"d": true}, "b": "y"}"""));

    [Fact]
    public void Compare_TypeChangeAndNull_AreOneChangeEach() =>
        Assert.Equal(
            ["changed /a -> /a: {\"b\":1} -> [1]", "changed /n -> /n: 1 -> null"],
            Diff("""{"a": {"b": 1}, "n": 1}""", """{"a": [1], "n": null}"""));

    [Fact]
    public void Compare_KeysNeedingEscapes_AreRfc6901Pointers() =>
        Assert.Equal(["added /a~1b~0c 1"], Diff("{}", """{"a/b~c": 1}"""));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Compare_ItemInsertedById_IsOneAddition(int at)
    {
        var before = new List<string> { "a", "b", "c", "d" };
        var after = before.ToList();
        after.Insert(at, "x");

        Assert.Equal([$"added /m/{at} {{\"id\":\"x\",\"w\":1}}"], Diff(Items([.. before]), Items([.. after])));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void Compare_ItemDeletedById_IsOneRemoval(int at)
    {
        var before = new List<string> { "a", "b", "c", "d" };
        var after = before.ToList();
        after.RemoveAt(at);

        Assert.Equal([$"removed /m/{at} {{\"id\":\"{before[at]}\",\"w\":1}}"], Diff(Items([.. before]), Items([.. after])));
    }

    [Fact]
    public void Compare_ItemMovedToTheFront_IsOneMove() =>
        Assert.Equal(["moved /m/3 -> /m/0"], Diff(Items("a", "b", "c", "d"), Items("d", "a", "b", "c")));

    [Fact]
    public void Compare_ItemMovedToTheEnd_IsOneMove() =>
        Assert.Equal(["moved /m/0 -> /m/3"], Diff(Items("a", "b", "c", "d"), Items("b", "c", "d", "a")));

    [Fact]
    public void Compare_TwoItemsSwapped_IsOneMove() =>
        Assert.Single(Diff(Items("a", "b", "c"), Items("a", "c", "b")), line => line.StartsWith("moved ", StringComparison.Ordinal));

    [Fact]
    public void Compare_FieldChangedInMovedItem_IsAMoveAndAChangeWithEachVersionsIndex() =>
        Assert.Equal(
            ["moved /m/2 -> /m/0", "changed /m/2/w -> /m/0/w: 1 -> 5"],
            Diff(Items("a", "b", "c"), """{"m": [{"id": "c", "w": 5}, {"id": "a", "w": 1}, {"id": "b", "w": 1}]}"""));

    [Fact]
    public void Compare_FieldChangedAfterAnInsertion_PointsIntoEachVersion() =>
        Assert.Equal(
            ["added /m/0 {\"id\":\"x\",\"w\":1}", "changed /m/1/w -> /m/2/w: 1 -> 7"],
            Diff(Items("a", "b"), """{"m": [{"id": "x", "w": 1}, {"id": "a", "w": 1}, {"id": "b", "w": 7}]}"""));

    [Fact]
    public void Compare_RemovalsAdditionAndMove_RemovalsFirstThenInTheNewOrder() =>
        Assert.Equal(
            ["removed /m/1 {\"id\":\"b\",\"w\":1}", "moved /m/3 -> /m/0", "added /m/2 {\"id\":\"x\",\"w\":1}"],
            Diff(Items("a", "b", "c", "d"), Items("d", "a", "x", "c")));

    [Fact]
    public void Compare_EscapedKeyInMovedItem_IsEscapedInBothPointers() =>
        Assert.Equal(
            ["moved /m/2 -> /m/0", "changed /m/2/a~1b~0c -> /m/0/a~1b~0c: 1 -> 2"],
            Diff("""{"m": [{"id": "p"}, {"id": "r"}, {"id": "q/~", "a/b~c": 1}]}""", """{"m": [{"id": "q/~", "a/b~c": 2}, {"id": "p"}, {"id": "r"}]}"""));

    [Fact]
    public void Compare_IdListInsideMovedItem_IsMatchedByIdAtEachLevel() =>
        Assert.Equal(
            ["moved /p/2 -> /p/0", "added /p/0/m/0 {\"id\":\"z\"}", "changed /p/2/m/1/w -> /p/0/m/2/w: 1 -> 2"],
            Diff(
                """{"p": [{"id": "cx", "m": []}, {"id": "out"}, {"id": "ex", "m": [{"id": "a", "w": 1}, {"id": "b", "w": 1}]}]}""",
                """{"p": [{"id": "ex", "m": [{"id": "z"}, {"id": "a", "w": 1}, {"id": "b", "w": 2}]}, {"id": "cx", "m": []}, {"id": "out"}]}"""));

    [Fact]
    public void Compare_ActionsOfAMovedRule_AreAlignedAsASequence()
    {
        const string before = """
            {"rules": [
              {"id": "r1", "then": [{"assert": "f"}]},
              {"id": "r3", "then": [{"assert": "h"}]},
              {"id": "r2", "then": [{"assert": "g"}, {"finding": {"severity": "info", "message": "old"}}]}]}
            """;
        const string after = """
            {"rules": [
              {"id": "r2", "then": [{"assert": "new"}, {"assert": "g"}, {"finding": {"message": "new", "severity": "info"}}]},
              {"id": "r1", "then": [{"assert": "f"}]},
              {"id": "r3", "then": [{"assert": "h"}]}]}
            """;

        Assert.Equal(
            [
                "moved /rules/2 -> /rules/0",
                "added /rules/0/then/0 {\"assert\":\"new\"}",
                "changed /rules/2/then/1/finding/message -> /rules/0/then/2/finding/message: \"old\" -> \"new\"",
            ],
            Diff(before, after));
    }

    [Fact]
    public void Compare_RealScorecardWithAMetricInsertedAndOneMovedAndEdited_IsThreeChanges()
    {
        var edited = JsonNode.Parse(Sample())!.AsObject();
        var metrics = edited["metrics"]!.AsArray();
        var nps = metrics[0]!;
        metrics.RemoveAt(0);
        nps["weight"] = 4;
        metrics.Add(nps);
        metrics.Insert(5, JsonNode.Parse("""{"id": "app_rating", "name": "App rating", "pillar": "cx", "unit": "points", "direction": "higher"}"""));

        var changes = JsonDiff.Compare(Sample(), edited.ToJsonString()).Select(Line);

        Assert.Equal(
            [
                "added /metrics/5 {\"id\":\"app_rating\",\"name\":\"App rating\",\"pillar\":\"cx\",\"unit\":\"points\",\"direction\":\"higher\"}",
                $"moved /metrics/0 -> /metrics/{metrics.Count - 1}",
                $"changed /metrics/0/weight -> /metrics/{metrics.Count - 1}/weight: 3 -> 4",
            ],
            changes);
    }

    [Fact]
    public void Compare_ScalarsInsertedAndDeleted_AreAlignedNotShifted() =>
        Assert.Equal(
            ["added /s/0 0", "removed /s/2 3", "changed /s/5 -> /s/5: 6 -> 9", "added /s/7 8"],
            Diff("""{"s": [1, 2, 3, 4, 5, 6, 7]}""", """{"s": [0, 1, 2, 4, 5, 9, 7, 8]}"""));

    [Fact]
    public void Compare_DuplicateIds_FallBackToTheSequence() =>
        Assert.Equal(
            ["changed /m/1/w -> /m/1/w: 1 -> 2", "added /m/2 {\"id\":\"b\"}"],
            Diff("""{"m": [{"id": "a"}, {"id": "a", "w": 1}]}""", """{"m": [{"id": "a"}, {"id": "a", "w": 2}, {"id": "b"}]}"""));

    [Theory]
    [InlineData("""[{"id": "a"}, {"name": "b"}]""")]
    [InlineData("""[{"id": "a"}, {"id": 2}]""")]
    [InlineData("""[{"id": "a"}, "b"]""")]
    public void Compare_ItemWithoutStringId_FallsBackToTheSequence(string withoutIds) =>
        Assert.Equal(
            ["removed /m/0 {\"id\":\"a\"}"],
            Diff($$"""{"m": {{withoutIds}}}""", $$"""{"m": {{withoutIds.Replace("""{"id": "a"}, """, "", StringComparison.Ordinal)}}}"""));

    [Fact]
    public void Compare_IdListBecomingDuplicated_FallsBackWithoutThrowing() =>
        Assert.Equal(
            ["added /m/1 {\"id\":\"a\"}"],
            Diff("""{"m": [{"id": "a"}]}""", """{"m": [{"id": "a"}, {"id": "a"}]}"""));

    [Fact]
    public void Compare_ChangeAndAdditionAndRemoval_FillPathFromTheVersionTheyAreSeenIn()
    {
        var changes = JsonDiff.Compare(Items("a", "b"), """{"m": [{"id": "b", "w": 2}, {"id": "x", "w": 1}]}""");

        Assert.All(changes, c => Assert.Equal(c.ToPath ?? c.FromPath, c.Path));
        Assert.Equal(["/m/0", "/m/0/w", "/m/1"], changes.Select(c => c.Path));
    }
}
