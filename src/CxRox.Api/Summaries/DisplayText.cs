using System.Globalization;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Api.Summaries;

/// <summary>
/// Values as a reader sees them: a scorecard's display format (prefix, value × multiplier rounded
/// to its decimals with thousands separators, suffix), or the engine's plain number without one.
/// Invariant culture, as everywhere in CxRox.
/// </summary>
public static class DisplayText
{
    /// <summary>Scores (0-100) and the ROX index unless the scorecard formats it.</summary>
    public static readonly DisplayFormat Score = new(1, null, null, 1);

    public static string Value(double? value, DisplayFormat? format)
    {
        if (value is not { } number)
        {
            return ValueText.Missing;
        }
        if (format is null)
        {
            return ValueText.Number(number);
        }
        var scaled = Math.Round(number * format.Multiplier, format.Decimals, MidpointRounding.AwayFromZero);
        var sign = scaled < 0 ? "-" : "";
        return sign + format.Prefix + Math.Abs(scaled).ToString("N" + format.Decimals, CultureInfo.InvariantCulture) + format.Suffix;
    }

    /// <summary>
    /// A signed difference in the value's own format; a difference of percentages is in
    /// percentage points ("+1.5 pp"), not a percentage of a percentage.
    /// </summary>
    public static string? Change(double? change, DisplayFormat? format)
    {
        if (change is not { } number)
        {
            return null;
        }
        if (format is null)
        {
            var plain = ValueText.Number(number);
            return plain is "0" or "-0" ? "±0" : number > 0 ? "+" + plain : plain;
        }
        var scaled = Math.Round(number * format.Multiplier, format.Decimals, MidpointRounding.AwayFromZero);
        var sign = scaled > 0 ? "+" : scaled < 0 ? "-" : "±";
        var suffix = format.Suffix?.Trim() == "%" ? " pp" : format.Suffix;
        return sign + format.Prefix + Math.Abs(scaled).ToString("N" + format.Decimals, CultureInfo.InvariantCulture) + suffix;
    }
}
