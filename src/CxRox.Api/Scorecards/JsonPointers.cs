using System.Globalization;

namespace CxRox.Api.Scorecards;

/// <summary>
/// The same node located in both versions of a document, as RFC 6901 pointers: the pointers part
/// when an array item sits at a different index in each version.
/// </summary>
public readonly record struct JsonPointers(string From, string To)
{
    public static readonly JsonPointers Root = new("", "");

    public JsonPointers Property(string name) => new(From + "/" + Escape(name), To + "/" + Escape(name));

    public JsonPointers Item(int fromIndex, int toIndex) => new(FromItem(fromIndex), ToItem(toIndex));

    public string FromItem(int index) => From + "/" + index.ToString(CultureInfo.InvariantCulture);

    public string ToItem(int index) => To + "/" + index.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
