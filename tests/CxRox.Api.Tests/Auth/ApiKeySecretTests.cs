using CxRox.Api.Auth;

namespace CxRox.Api.Tests.Auth;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Generate_HasPrefixAndLongRandomSecret_AndParsesBack()
    {
        var key = ApiKeySecret.Generate();

        Assert.Matches("^cxr_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$", key.Value);
        Assert.True(ApiKeySecret.TryParse(key.Value, out var parsed));
        Assert.Equal(key.Prefix, parsed.Prefix);
        Assert.True(parsed.Matches(key.Sha256()));
    }

    [Fact]
    public void Generate_TwoKeys_Differ() => Assert.NotEqual(ApiKeySecret.Generate().Value, ApiKeySecret.Generate().Value);

    [Theory]
    [InlineData("")]
    [InlineData("cxr_short_abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("xyz_ABCDEFGH_abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("cxr_ABCDEFGH_tooshort")]
    [InlineData("cxr_ABCDEFGH_abcdefghij-bcdefghijabcdefghijabcdefghij")]
    public void TryParse_NotOurFormat_IsRejectedWithoutLookup(string value) => Assert.False(ApiKeySecret.TryParse(value, out _));

    [Fact]
    public void Matches_OtherKeyWithSamePrefix_IsFalse()
    {
        var key = ApiKeySecret.Generate();
        var forged = key.Value[..^1] + (key.Value[^1] == 'a' ? 'b' : 'a');

        Assert.True(ApiKeySecret.TryParse(forged, out var parsed));
        Assert.False(parsed.Matches(key.Sha256()));
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        var key = ApiKeySecret.Generate();

        Assert.DoesNotContain(key.Value[14..], key.ToString(), StringComparison.Ordinal);
    }
}
