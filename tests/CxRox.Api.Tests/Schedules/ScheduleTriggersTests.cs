using CxRox.Api.Recompute;

namespace CxRox.Api.Tests.Schedules;

/// <summary>Next fire times as Hangfire (Cronos) fires them, in the schedule's time zone, across DST changes.</summary>
public sealed class ScheduleTriggersTests
{
    private static List<string> Next(string cron, string timeZone, string after, int count = 5) =>
        [.. ScheduleTriggers.NextFireTimes(cron, timeZone, DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), count)
            .Select(t => t.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void FiveFieldCron_InWarsaw_KeepsItsLocalHour_AcrossTheSpringChange()
    {
        var times = Next("0 7 * * *", "Europe/Warsaw", "2026-03-27T12:00:00Z");

        Assert.Equal(["2026-03-28 07:00 +01:00", "2026-03-29 07:00 +02:00", "2026-03-30 07:00 +02:00", "2026-03-31 07:00 +02:00", "2026-04-01 07:00 +02:00"], times);
    }

    [Fact]
    public void AnHourThatDoesNotExist_OnTheSpringChange_FiresOnceThatDay_AndNoDayIsSkipped()
    {
        // 02:30 does not exist in Warsaw on 29 March 2026 (02:00 -> 03:00).
        var times = Next("30 2 * * *", "Europe/Warsaw", "2026-03-27T12:00:00Z");

        Assert.Equal(5, times.Count);
        Assert.Equal(["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-01"], times.Select(t => t[..10]));
        Assert.Equal("2026-03-28 02:30 +01:00", times[0]);
        Assert.Equal("2026-03-30 02:30 +02:00", times[2]);
    }

    [Fact]
    public void AnHourThatHappensTwice_OnTheAutumnChange_FiresOnce()
    {
        // 02:30 happens twice in Warsaw on 25 October 2026 (03:00 -> 02:00).
        var times = Next("30 2 * * *", "Europe/Warsaw", "2026-10-23T12:00:00Z");

        Assert.Equal(["2026-10-24 02:30 +02:00", "2026-10-25 02:30 +02:00", "2026-10-26 02:30 +01:00", "2026-10-27 02:30 +01:00", "2026-10-28 02:30 +01:00"], times);
    }

    [Fact]
    public void QuartzForm_AndTheFirstOfTheMonth_InNewYork()
    {
        Assert.Equal(
            ["2026-12-01 07:00 -05:00", "2027-01-01 07:00 -05:00", "2027-02-01 07:00 -05:00"],
            Next("0 0 7 1 * ?", "America/New_York", "2026-11-23T00:00:00Z", 3));
        Assert.Equal(Next("0 7 1 * *", "America/New_York", "2026-11-23T00:00:00Z", 3), Next("0 0 7 1 * ?", "America/New_York", "2026-11-23T00:00:00Z", 3));
    }
}
