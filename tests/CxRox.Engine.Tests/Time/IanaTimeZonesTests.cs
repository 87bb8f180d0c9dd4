using CxRox.Engine.Time;

namespace CxRox.Engine.Tests.Time;

public class IanaTimeZonesTests
{
    [Theory]
    [InlineData("europe/warsaw", "Europe/Warsaw")]
    [InlineData("EUROPE/WARSAW", "Europe/Warsaw")]
    [InlineData("Europe/Warsaw", "Europe/Warsaw")]
    [InlineData("us/eastern", "US/Eastern")]
    [InlineData("etc/utc", "Etc/UTC")]
    [InlineData("utc", "UTC")]
    public void Spelling_AnyLetterCase_GivesTheDatabasesSpelling(string id, string spelling)
    {
        Assert.Equal(spelling, IanaTimeZones.Spelling(id));
    }

    [Theory]
    [InlineData("Europe/Warsow")]
    [InlineData("posixrules")]
    [InlineData("localtime")]
    [InlineData("Factory")]
    [InlineData("right/Europe/Warsaw")]
    [InlineData("posix/Europe/Warsaw")]
    [InlineData("zone.tab")]
    [InlineData("")]
    public void Spelling_NoZone_IsNull(string id)
    {
        Assert.Null(IanaTimeZones.Spelling(id));
    }

    [Fact]
    public void IsSpelledExactly_RefusesAnotherLetterCase_WhateverTheProcessLookedUpBefore()
    {
        // Once Europe/Warsaw is in .NET's lookup cache, the cache finds 'europe/warsaw' too.
        _ = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

        Assert.True(IanaTimeZones.IsSpelledExactly("Europe/Warsaw"));
        Assert.False(IanaTimeZones.IsSpelledExactly("europe/warsaw"));
    }

    [Fact]
    public void Find_StoredIdInAnotherLetterCase_FindsTheZone()
    {
        Assert.Equal("Asia/Tokyo", IanaTimeZones.Find("asia/tokyo").Id);
    }
}
