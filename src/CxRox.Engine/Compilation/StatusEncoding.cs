using CxRox.Engine.Syntax;

namespace CxRox.Engine.Compilation;

/// <summary>How statuses are stored as doubles in frames and returned by compiled expressions.</summary>
public static class StatusEncoding
{
    public const double Green = 0;
    public const double Amber = 1;
    public const double Red = 2;
    public const double Missing = double.NaN;

    public static double ToValue(RoxStatus status) => status switch
    {
        RoxStatus.Green => Green,
        RoxStatus.Amber => Amber,
        RoxStatus.Red => Red,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status a value encodes, or null for missing or any other value.</summary>
    public static RoxStatus? FromValue(double value) => value switch
    {
        Green => RoxStatus.Green,
        Amber => RoxStatus.Amber,
        Red => RoxStatus.Red,
        _ => null,
    };
}
