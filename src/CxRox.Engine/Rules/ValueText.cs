using System.Globalization;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Model;

namespace CxRox.Engine.Rules;

/// <summary>
/// How values appear in messages and traces: invariant culture, never an exponent, "missing" for
/// no value. A metric's value is shown in the metric's format; any other number at full precision.
/// </summary>
public static class ValueText
{
    public const string Missing = "missing";

    /// <summary>Below this, and from <see cref="DecimalLimit"/> on, a number is not written through decimal.</summary>
    private const double Tiny = 1e-15;
    private const double DecimalLimit = 1e15;
    private const int MaxShownDecimals = 15;

    public static string Format(double value, ValueKind kind, DisplayFormat? format = null) => kind switch
    {
        ValueKind.Status => StatusEncoding.FromValue(value)?.ToString().ToLowerInvariant() ?? Missing,
        ValueKind.Boolean => value > 0.5 ? "true" : "false",
        _ when format is not null => Formatted(value, format),
        _ => Precise(value),
    };

    /// <summary>Two decimals from 1 upwards, four below: the plain figure summaries show where a scorecard gives no format.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return Missing;
        }
        var rounded = Math.Round(value, Math.Abs(value) >= 1 ? 2 : 4, MidpointRounding.AwayFromZero);
        // The shortest round-trip form is the fast path; it switches to exponents from 1e15 on.
        return Math.Abs(rounded) < 1e15
            ? rounded.ToString(CultureInfo.InvariantCulture)
            : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Every digit a double is good for (15 significant), without trailing zeros: 0.000012 stays
    /// 0.000012 and 0.1 + 0.2 reads 0.3.
    /// </summary>
    public static string Precise(double value)
    {
        if (double.IsNaN(value))
        {
            return Missing;
        }
        var magnitude = Math.Abs(value);
        if (value == 0 || (magnitude >= Tiny && magnitude < DecimalLimit))
        {
            // A double converts to decimal at 15 significant digits, and decimal prints no exponent.
            return ((decimal)value).ToString(CultureInfo.InvariantCulture);
        }
        return value.ToString(magnitude < Tiny ? "0." + new string('#', 340) : "0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// prefix + value × multiplier + suffix, rounded as round() rounds to the format's decimals, with
    /// thousands separators. A value that is not zero never reads as zero: where the format's
    /// decimals would show it so, it gets decimals up to its second significant digit.
    /// </summary>
    public static string Formatted(double value, DisplayFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (double.IsNaN(value))
        {
            return Missing;
        }
        var scaled = value * format.Multiplier;
        var decimals = format.Decimals;
        if (scaled != 0 && RuntimeMath.Round(scaled, decimals) == 0)
        {
            var firstSignificant = (int)Math.Floor(-Math.Log10(Math.Abs(scaled))) + 1;
            decimals = Math.Min(MaxShownDecimals, firstSignificant + 1);
        }
        var rounded = RuntimeMath.Round(scaled, decimals);
        var sign = rounded < 0 ? "-" : "";
        return sign + format.Prefix + Math.Abs(rounded).ToString("N" + decimals, CultureInfo.InvariantCulture) + format.Suffix;
    }
}
