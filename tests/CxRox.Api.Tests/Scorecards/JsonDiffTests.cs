using System.Text.Json;
using CxRox.Api.Scorecards;

namespace CxRox.Api.Tests.Scorecards;

public sealed class JsonDiffTests
{
    private static List<string> Diff(string from, string to) =>
        JsonDiff.Compare(from, to).Select(c => $"{c.Op} {c.Path} {Show(c.From)} -> {Show(c.To)}").ToList();

    private static string Show(JsonElement? value) => value is { } v ? v.GetRawText() : "·";

    [Fact]
    public void Compare_SameDocumentInAnotherKeyOrder_HasNoChanges() =>
        Assert.Empty(Diff("""{"a": 1, "b": [1, 2]}""", """{"b": [1, 2], "a": 1}"""));

    [Fact]
    public void Compare_ObjectProperties_AddedRemovedChangedInOrdinalOrder() =>
        Assert.Equal(
            ["removed /a 1 -> ·", "changed /b \"x\" -> \"y\"", "added /c {\"d\":true} -> ·".Replace("{\"d\":true} -> ·", "· -> {\"d\":true}", StringComparison.Ordinal)],
            Diff("""{"b": "x", "a": 1}""", """{"c": {"d": true}, "b": "y"}"""));

    [Fact]
    public void Compare_Arrays_ByIndex() =>
        Assert.Equal(
            ["changed /m/1/id \"b\" -> \"x\"", "changed /m/2/id \"c\" -> \"b\"", "added /m/3 · -> {\"id\":\"c\"}"],
            Diff("""{"m": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}""", """{"m": [{"id": "a"}, {"id": "x"}, {"id": "b"}, {"id": "c"}]}"""));

    [Fact]
    public void Compare_TypeChangeAndNull_AreOneChangeEach() =>
        Assert.Equal(
            ["changed /a {\"b\":1} -> [1]", "changed /n 1 -> null"],
            Diff("""{"a": {"b": 1}, "n": 1}""", """{"a": [1], "n": null}"""));

    [Fact]
    public void Compare_KeysNeedingEscapes_AreRfc6901Pointers() =>
        Assert.Equal(["added /a~1b~0c · -> 1"], Diff("{}", """{"a/b~c": 1}"""));
}
