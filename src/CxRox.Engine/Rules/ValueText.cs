using System.Globalization;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;

namespace CxRox.Engine.Rules;

/// <summary>How values appear in messages and traces: invariant culture, never an exponent, "missing" for no value.</summary>
public static class ValueText
{
    public const string Missing = "missing";

    public static string Format(double value, ValueKind kind) => kind switch
    {
        ValueKind.Status => StatusEncoding.FromValue(value)?.ToString().ToLowerInvariant() ?? Missing,
        ValueKind.Boolean => value > 0.5 ? "true" : "false",
        _ => Number(value),
    };

    /// <summary>Two decimals from 1 upwards, four below (ratios such as 0.0125 keep their meaning).</summary>
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
}
