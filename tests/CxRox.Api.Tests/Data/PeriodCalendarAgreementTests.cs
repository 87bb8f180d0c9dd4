using CxRox.Api.Data;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Engine.Model;
using CxRox.Engine.Time;
using Npgsql;

namespace CxRox.Api.Tests.Data;

/// <summary>
/// The engine's period arithmetic (<see cref="PeriodCalendar"/>) and PostgreSQL's date_trunc,
/// which groups the aggregates by period, put every day in the same period.
/// </summary>
public sealed class PeriodCalendarAgreementTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData(ScorecardPeriod.Week)]
    [InlineData(ScorecardPeriod.Month)]
    [InlineData(ScorecardPeriod.Quarter)]
    public async Task EveryDayOfFourYears_FallsInThePeriodPostgreSqlGroupsItIn(ScorecardPeriod period)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT d::date, date_trunc($1, d)::date FROM generate_series(date '2023-12-25', date '2027-12-31', interval '1 day') d", connection)
        {
            Parameters = { new() { Value = PeriodAggregates.PeriodUnit(period) } },
        };
        var mismatches = new List<string>();
        var days = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            days++;
            var (day, start) = (reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1));
            if (PeriodCalendar.Start(period, day) != start || PeriodCalendar.End(period, start) < day || PeriodCalendar.Next(period, start) <= day
                || PeriodCalendar.Previous(period, PeriodCalendar.Next(period, start)) != start)
            {
                mismatches.Add($"{day:yyyy-MM-dd}: PostgreSQL {start:yyyy-MM-dd}, engine {PeriodCalendar.Start(period, day):yyyy-MM-dd}");
            }
        }

        Assert.True(days > 1400, $"only {days} days read");
        Assert.Empty(mismatches);
    }
}
