using System.Globalization;
using System.Numerics;

namespace CxRox.Api.Data;

/// <summary>
/// <c>(100.0 * part / whole)::float8</c> exactly as PostgreSQL computes it, where survey values
/// were computed before they were folded in C# (SurveyCells): the quotient of numerics is
/// rounded, half away from zero, to the number of decimals PostgreSQL chooses for it (at least 16
/// significant digits), and that decimal is read as the nearest double. Dividing doubles instead
/// would differ in the last bit now and then, and stored scores would move.
/// </summary>
public static class NumericDivision
{
    private const int MinSignificantDigits = 16; // NUMERIC_MIN_SIG_DIGITS
    private const int DigitsPerBaseDigit = 4;    // numerics are stored in base 10,000

    public static double PercentToDouble(long part, long whole)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(whole);
        // 100.0 * part is exact, with one decimal.
        var dividend = 100 * (BigInteger)part;
        var scale = QuotientScale(BigInteger.Abs(dividend), whole, dividendScale: 1);
        var scaled = BigInteger.Abs(dividend) * BigInteger.Pow(10, scale);
        var quotient = BigInteger.DivRem(scaled, whole, out var remainder);
        if (remainder * 2 >= whole)
        {
            quotient += 1;
        }
        var digits = quotient.ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = (dividend.Sign < 0 ? "-" : "") + digits[..^scale] + (scale > 0 ? "." + digits[^scale..] : "");
        return double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    /// <summary>PostgreSQL's select_div_scale: enough decimals for 16 significant digits of the estimated quotient.</summary>
    private static int QuotientScale(BigInteger dividend, long divisor, int dividendScale)
    {
        var (weight1, first1) = WeightAndFirstDigit(dividend);
        var (weight2, first2) = WeightAndFirstDigit(divisor);
        var quotientWeight = weight1 - weight2 - (first1 <= first2 ? 1 : 0);
        return Math.Max(MinSignificantDigits - (quotientWeight * DigitsPerBaseDigit), dividendScale);
    }

    /// <summary>The power of 10,000 of the leading base-10,000 digit of a whole number, and that digit (0 and 0 for zero).</summary>
    private static (int Weight, BigInteger First) WeightAndFirstDigit(BigInteger value)
    {
        var weight = 0;
        while (value >= 10_000)
        {
            value /= 10_000;
            weight++;
        }
        return (weight, value);
    }
}
