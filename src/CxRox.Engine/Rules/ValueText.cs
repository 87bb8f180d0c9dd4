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
    public static string Number(double value) =>
        double.IsNaN(value) ? Missing
        : Math.Abs(value) >= 1 ? value.ToString("0.##", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);
}
