using CxRox.Engine.Scheduling;

namespace CxRox.Engine.Tests.Scheduling;

public class CronExpressionTests
{
    [Theory]
    [InlineData("0 2 * * *", "0 0 2 * * ?")]
    [InlineData("*/15 * * * *", "0 */15 * * * ?")]
    [InlineData("0 7 1 * *", "0 0 7 1 * ?")]
    [InlineData("0 8 * * MON", "0 0 8 ? * 2")]
    [InlineData("0 8 * * 1-5", "0 0 8 ? * 2-6")]
    [InlineData("0 8 * * 0", "0 0 8 ? * 1")]
    [InlineData("0 8 * * 7", "0 0 8 ? * 1")]
    [InlineData("0 8 * * 5-7", "0 0 8 ? * 1,6-7")]
    [InlineData("0 8 * * sat,sun", "0 0 8 ? * 1,7")]
    [InlineData("30 6 * jan-mar mon", "0 30 6 ? JAN-MAR 2")]
    [InlineData("0 0 1-15/2 * *", "0 0 0 1-15/2 * ?")]
    [InlineData("@daily", "0 0 0 * * ?")]
    [InlineData("@weekly", "0 0 0 ? * 1")]
    public void Parse_StandardExpression_ConvertsToEquivalentQuartz(string text, string quartz)
    {
        var result = CronExpression.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(CronDialect.Standard, result.Expression!.Dialect);
        Assert.Equal(quartz, result.Expression.QuartzText);
    }

    [Theory]
    [InlineData("0 0 6 ? * MON")]
    [InlineData("0 0/30 * * * ?")]
    [InlineData("0 0 12 L * ?")]
    [InlineData("0 0 12 L-3 * ?")]
    [InlineData("0 0 12 15W * ?")]
    [InlineData("0 0 12 LW * ?")]
    [InlineData("0 0 12 ? * 6L")]
    [InlineData("0 0 12 ? * MON#2")]
    [InlineData("0 0 12 ? * 2-6 *")]
    [InlineData("0 15 10 ? * MON-FRI")]
    public void Parse_QuartzExpression_IsValid(string text)
    {
        var result = CronExpression.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(CronDialect.Quartz, result.Expression!.Dialect);
        Assert.Equal(text.ToUpperInvariant(), result.Expression.QuartzText);
    }

    [Theory]
    [InlineData("0 7 * * *", "0 0 7 * * ?")]
    [InlineData("*/15 9-17 * * 1-5", "0 0,15,30,45 9,10,11,12,13,14,15,16,17 ? * 1,2,3,4,5")]
    [InlineData("0 0 6 ? * SUN", "0 0 6 ? * 0")]
    [InlineData("0 0 6 ? * 7", "0 0 6 ? * 6")]
    [InlineData("0 0 12 ? * 6L", "0 0 12 ? * 5L")]
    [InlineData("0 0 12 ? * MON#2", "0 0 12 ? * 1#2")]
    [InlineData("0 0 12 L-3 * ?", "0 0 12 L-3 * ?")]
    [InlineData("0 0 12 LW * ?", "0 0 12 LW * ?")]
    [InlineData("0 0 12 15W 2,8 ?", "0 0 12 15W 2,8 ?")]
    [InlineData("0 0 12 ? * MON *", "0 0 12 ? * 1")]
    public void CronosText_SpellsTheScheduleAsHangfireReadsIt(string text, string cronos)
    {
        Assert.Equal(cronos, CronExpression.Parse(text).Expression!.CronosText);
    }

    [Theory]
    [InlineData("61 * * * *", "61 is out of range for the minute field, which takes 0-59.")]
    [InlineData("0 24 * * *", "24 is out of range for the hour field, which takes 0-23.")]
    [InlineData("0 0 0 * *", "0 is out of range for the day-of-month field, which takes 1-31.")]
    [InlineData("0 0 * 13 *", "13 is out of range for the month field, which takes 1-12 or JAN-DEC.")]
    [InlineData("0 0 * * 8", "8 is out of range for the day-of-week field, which takes 0-7 or SUN-SAT.")]
    [InlineData("0 0 * * MOM", "'MOM' is not a number or a name in the day-of-week field, which takes 0-7 or SUN-SAT.")]
    [InlineData("0 0 * * 5-1", "The range '5-1' in the day-of-week field runs backwards; write it from low to high, or as two items ('5-7,0-1').")]
    [InlineData("*/0 * * * *", "The step in '*/0' of the minute field must be a whole number from 1 to 59, not '0'.")]
    [InlineData("5/10 * * * *", "'5/10' in the minute field: standard cron steps need a range; write '5-59/10' or '*/10'.")]
    [InlineData("0 0 1,,2 * *", "The day-of-month field has an empty item (two commas in a row, or a comma at an end).")]
    [InlineData("0 0 L * *", "'L' is not a number in the day-of-month field, which takes 1-31.")]
    [InlineData("* * * *", "The cron expression has 4 fields; write 5 (minute hour day-of-month month day-of-week) or 6-7 for Quartz (second minute hour day-of-month month day-of-week [year]).")]
    [InlineData("", "The cron expression is empty.")]
    [InlineData("@reboot", "'@reboot' is not a supported shortcut; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or write the fields.")]
    [InlineData("0 0 6 ? * ?", "'?' is in both day-of-month and day-of-week; Quartz needs it in exactly one of them.")]
    [InlineData("? 0 6 ? * MON", "'?' is only allowed in day-of-month or day-of-week, not in the second field.")]
    [InlineData("0 0 6 ? * 0", "0 is out of range for the day-of-week field, which takes 1-7 or SUN-SAT.")]
    [InlineData("0 0 6 1,L * ?", "The day-of-month field '1,L' combines a special form (L, W or #) with a list; Quartz allows it only on its own.")]
    [InlineData("0 0 6 ? * MON#6", "The week of the month in 'day#n' of the day-of-week field must be a whole number from 1 to 5, not '6'.")]
    [InlineData("0 0 6 ? * MON 1969", "1969 is out of range for the year field, which takes 1970-2099.")]
    [InlineData("0 0 6 ? * MON 2027", "The year field '2027' limits the years, which the scheduler (Hangfire) cannot do: drop it, or write '*', and the schedule fires every year.")]
    public void Parse_InvalidExpression_SaysWhatIsWrong(string text, string message)
    {
        var result = CronExpression.Parse(text);

        Assert.Null(result.Expression);
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("0 6 1 * MON", "either one")]
    [InlineData("0 6 */2 * MON", "both")]
    [InlineData("0 6 1 * */2", "both")]
    public void Parse_BothDayFieldsRestricted_IsRejectedAsNotConvertible(string text, string meaning)
    {
        var result = CronExpression.Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.True(error.NotConvertible);
        Assert.Contains($"a day that matches {meaning}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEach()
    {
        var result = CronExpression.Parse("60 24 * * *");

        Assert.Equal(2, result.Errors.Length);
    }
}
