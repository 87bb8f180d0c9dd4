namespace CxRox.Engine.Compilation;

/// <summary>
/// The arithmetic of the language where it differs from plain IEEE doubles: missing (NaN) in
/// gives missing out, division by zero and non-finite results give missing. Compiled expressions
/// call these methods and the interpreter calls them too, so the two agree by construction on
/// arithmetic; they are compared on everything else (reads, comparisons, branching).
/// </summary>
public static class RuntimeMath
{
    public static double Finite(double value) => double.IsFinite(value) ? value : double.NaN;

    public static double Divide(double dividend, double divisor) =>
        divisor == 0 ? double.NaN : Finite(dividend / divisor);

    /// <summary>Unlike <see cref="Math.Pow"/>, missing stays missing: Math.Pow(NaN, 0) is 1.</summary>
    public static double Power(double value, double exponent) =>
        double.IsNaN(value) || double.IsNaN(exponent) ? double.NaN : Finite(Math.Pow(value, exponent));

    public static double Min(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);

    public static double Max(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    /// <summary>Missing when any argument is missing or the band is inverted (<paramref name="low"/> above <paramref name="high"/>).</summary>
    public static double Clamp(double value, double low, double high) =>
        double.IsNaN(value) || double.IsNaN(low) || double.IsNaN(high) || low > high
            ? double.NaN
            : Math.Clamp(value, low, high);

    /// <summary>
    /// Half away from zero on the decimal value the number stands for, as spreadsheets round:
    /// the double nearest 1.005 lies just below it, so rounding the double itself gives 1.00.
    /// The conversion to decimal rounds to 15 significant digits (all a double is good for), which
    /// turns 1.00499999999999989... back into 1.005. From 1e15 on that would drop digits a double
    /// does hold, so such a number is rounded as it is.
    /// </summary>
    public static double Round(double value, int digits) =>
        double.IsFinite(value) && Math.Abs(value) < DecimalRoundingLimit
            ? (double)Math.Round((decimal)value, digits, MidpointRounding.AwayFromZero)
            : Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private const double DecimalRoundingLimit = 1e15;

    /// <summary>Mean of the present values, from their sum and count; missing when none was present.</summary>
    public static double Average(double sum, double count) =>
        count == 0 ? double.NaN : Finite(sum / count);

    /// <summary>
    /// Least-squares slope from running sums over the present points (t, y); missing with fewer
    /// than two points.
    /// </summary>
    public static double TrendSlope(double count, double sumT, double sumY, double sumTT, double sumTY)
    {
        if (count < 2)
        {
            return double.NaN;
        }

        var denominator = (count * sumTT) - (sumT * sumT);
        return denominator == 0 ? double.NaN : Finite(((count * sumTY) - (sumT * sumY)) / denominator);
    }
}
