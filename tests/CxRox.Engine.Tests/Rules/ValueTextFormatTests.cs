using CxRox.Engine.Binding;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Tests.Rules;

/// <summary>How messages and traces write a value: a metric's value in its format, anything else at full precision.</summary>
public class ValueTextFormatTests
{
    private static readonly DisplayFormat Percent = new(1, null, "%", 100);

    [Theory]
    [InlineData(0.000012, "0.000012")]
    [InlineData(0.0225, "0.0225")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(72.29166666666667, "72.2916666666667")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(6000, "6000")]
    [InlineData(0, "0")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1.5e-20, "0.000000000000000000015")]
    [InlineData(double.NaN, "missing")]
    public void Precise_KeepsEveryDigitWithoutExponent(double value, string text)
    {
        Assert.Equal(text, ValueText.Precise(value));
        Assert.Equal(text, ValueText.Format(value, ValueKind.Number));
    }

    [Theory]
    [InlineData(0.0225, 1, null, "%", 100, "2.3%")]
    [InlineData(-0.0225, 1, null, "%", 100, "-2.3%")]
    [InlineData(0.285, 2, null, null, 1, "0.29")]
    [InlineData(1234567.891, 2, "€", null, 1, "€1,234,567.89")]
    [InlineData(0.000012, 2, null, null, 1, "0.000012")]
    [InlineData(0.0000123, 1, null, "%", 100, "0.0012%")]
    [InlineData(0.4, 0, null, " h", 1, "0.40 h")]
    [InlineData(12.4, 0, null, " h", 1, "12 h")]
    [InlineData(0, 2, null, "%", 100, "0.00%")]
    public void Formatted_UsesTheMetricsFormat_AndNeverShowsANonZeroValueAsZero(double value, int decimals, string? prefix, string? suffix, double multiplier, string text)
    {
        Assert.Equal(text, ValueText.Format(value, ValueKind.Number, new DisplayFormat(decimals, prefix, suffix, multiplier)));
    }

    [Fact]
    public void Format_MissingStatusAndCondition_AreWords()
    {
        Assert.Equal("missing", ValueText.Format(double.NaN, ValueKind.Number, Percent));
        Assert.Equal("missing", ValueText.Format(double.NaN, ValueKind.Status));
        Assert.Equal("amber", ValueText.Format(1, ValueKind.Status));
        Assert.Equal("true", ValueText.Format(1, ValueKind.Boolean));
    }
}
