using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxRox.Api.Scorecards;

/// <summary>
/// One difference between two versions of a document. Pointers are RFC 6901 and each points into
/// its own version: <c>fromPath</c> into the older, <c>toPath</c> into the newer, so a field of an
/// item that moved or shifted has a different index in each. <c>path</c> is kept from the first
/// shape of this record: where the change is seen, <c>toPath</c> or, for a removal, <c>fromPath</c>.
/// </summary>
public sealed record JsonChange(
    [property: Description("Where the change is seen: toPath, or fromPath for a removal (RFC 6901 pointer).")]
    string Path,
    [property: Description("added, removed, changed or moved.")]
    string Op,
    [property: Description("Pointer into the 'from' version's document; absent for added.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? FromPath,
    [property: Description("Pointer into the 'to' version's document; absent for removed.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? ToPath,
    [property: Description("The value in the 'from' version; absent for added and moved.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? From,
    [property: Description("The value in the 'to' version; absent for removed and moved.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? To)
{
    public const string AddedOp = "added";
    public const string RemovedOp = "removed";
    public const string ChangedOp = "changed";
    public const string MovedOp = "moved";

    public static JsonChange Added(string toPath, JsonElement value) => new(toPath, AddedOp, null, toPath, null, value);

    public static JsonChange Removed(string fromPath, JsonElement value) => new(fromPath, RemovedOp, fromPath, null, value, null);

    public static JsonChange Changed(JsonPointers at, JsonElement from, JsonElement to) => new(at.To, ChangedOp, at.From, at.To, from, to);

    /// <summary>An item of an id-keyed list whose place among the items kept in both versions changed.</summary>
    public static JsonChange Moved(JsonPointers at) => new(at.To, MovedOp, at.From, at.To, null, null);
}
