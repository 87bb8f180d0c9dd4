using System.Text.Json;
using CxRox.Engine.Validation;

namespace CxRox.Api.Data;

/// <summary>
/// The text of a JSON or NDJSON row. JsonElement decodes a string only when asked, and refuses an
/// escaped lone surrogate ("\ud800") then with an InvalidOperationException; these turn that into
/// a row error. A NUL ("\u0000") decodes, and <see cref="RowParser"/> refuses it with the row's
/// other problems.
/// </summary>
public static class JsonRowText
{
    public static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    public static bool TryValue(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    public static string LoneSurrogate(string what) =>
        $"{what} {StorableText.EscapedLoneSurrogate}.";
}
