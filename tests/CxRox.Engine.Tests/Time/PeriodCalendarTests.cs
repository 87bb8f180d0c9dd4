using CxRox.Engine.Model;
using CxRox.Engine.Time;

namespace CxRox.Engine.Tests.Time;

public class PeriodCalendarTests
{
    [Theory]
    [InlineData(ScorecardPeriod.Week, "2026-03-01", "2026-02-23", "2026-03-01")]
    [InlineData(ScorecardPeriod.Week, "2026-03-02", "2026-03-02", "2026-03-08")]
    [InlineData(ScorecardPeriod.Month, "2024-02-29", "2024-02-01", "2024-02-29")]
    [InlineData(ScorecardPeriod.Quarter, "2026-12-31", "2026-10-01", "2026-12-31")]
    [InlineData(ScorecardPeriod.Quarter, "2026-04-01", "2026-04-01", "2026-06-30")]
    public void StartAndEnd_OfThePeriodHoldingADay(ScorecardPeriod period, string day, string start, string end)
    {
        var first = PeriodCalendar.Start(period, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), first);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), PeriodCalendar.End(period, first));
    }

    [Theory]
    [InlineData(ScorecardPeriod.Week)]
    [InlineData(ScorecardPeriod.Month)]
    [InlineData(ScorecardPeriod.Quarter)]
    public void PreviousAndNext_AreEachOthersInverse_AndLeaveNoDayOut(ScorecardPeriod period)
    {
        for (var start = PeriodCalendar.Start(period, new DateOnly(2023, 12, 1)); start < new DateOnly(2028, 1, 1); start = PeriodCalendar.Next(period, start))
        {
            Assert.Equal(start, PeriodCalendar.Previous(period, PeriodCalendar.Next(period, start)));
            Assert.Equal(PeriodCalendar.Next(period, start), PeriodCalendar.End(period, start).AddDays(1));
            Assert.Equal(start, PeriodCalendar.Start(period, PeriodCalendar.End(period, start)));
        }
    }

    [Fact]
    public void Today_IsTheLocalDayInTheZone()
    {
        var now = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2027, 1, 1), PeriodCalendar.Today("Europe/Warsaw", now));
        Assert.Equal(new DateOnly(2026, 12, 31), PeriodCalendar.Today("America/New_York", now));
    }
}
