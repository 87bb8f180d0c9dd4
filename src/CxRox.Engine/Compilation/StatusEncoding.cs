using CxRox.Engine.Syntax;
using CxRox.Engine.Model;

namespace CxRox.Engine.Compilation;

/// <summary>How statuses are stored as doubles in frames and returned by compiled expressions.</summary>
public static class StatusEncoding
{
    public const double Green = 0;
    public const double Amber = 1;
    public const double Red = 2;
    public const double Missing = double.NaN;

    public static double ToValue(MetricStatus status) => status switch
    {
        MetricStatus.Green => Green,
        MetricStatus.Amber => Amber,
        MetricStatus.Red => Red,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status a value encodes, or null for missing or any other value.</summary>
    public static MetricStatus? FromValue(double value) => value switch
    {
        Green => MetricStatus.Green,
        Amber => MetricStatus.Amber,
        Red => MetricStatus.Red,
        _ => null,
    };
}
