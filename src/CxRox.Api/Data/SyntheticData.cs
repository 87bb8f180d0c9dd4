using System.Globalization;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>
/// Realistic data for a scorecard over a number of months, deterministic for a seed: daily
/// observations for every observation metric and daily survey answers for every survey question,
/// with yearly seasonality (a December peak, a summer dip) and noise. From
/// <see cref="ChangesAfterMonths"/> on, the keys of the worked case in docs/domain.md move by their
/// factors (complaints -30%, purchase frequency +20%, out-of-stock -40%, return rate -25%: returned
/// orders x0.9 over orders x1.2), and customer answers improve a little; other keys only wander.
/// Employee pulse answers arrive in one wave a month (Monday to Friday of the week holding the
/// 15th), as pulse surveys usually do: a month's answers then lie in one atom and are published
/// whole, where a trickle of two a day would leave small atoms that withhold the month
/// (docs/anonymity.md). Rows come out as CSV lines (header first) in the ingest format, one at a time.
/// </summary>
public sealed class SyntheticData(Scorecard scorecard, DateOnly start, int months, int seed = 1)
{
    /// <summary>The changes of the worked case take effect this many months after the start.</summary>
    public const int ChangesAfterMonths = 12;

    /// <summary>Multipliers from the changes on, per observation key (the retail sample's keys).</summary>
    public static readonly IReadOnlyDictionary<string, double> WorkedCaseFactors = new Dictionary<string, double>
    {
        ["service.complaints"] = 0.7,
        ["sales.purchases_per_active_customer"] = 1.2,
        ["sales.orders"] = 1.2,
        ["inventory.out_of_stock_share"] = 0.6,
        ["sales.returned_orders"] = 0.9,
        ["store.fitting_room_wait_seconds"] = 0.5,
        ["support.chatbot_resolved_share"] = 1.5,
        // The RFID tags of the worked case: a fifth of the assortment tagged before, nine tenths after.
        ["inventory.rfid_tagged_share"] = 4.5,
    };

    /// <summary>Typical daily levels of the retail sample's keys; other keys take the middle of their floor and target, or 100.</summary>
    private static readonly Dictionary<string, double> Baselines = new()
    {
        ["service.complaints"] = 40,
        ["sales.orders"] = 2_000,
        ["sales.returned_orders"] = 240,
        ["inventory.out_of_stock_share"] = 0.08,
        ["sales.purchases_per_active_customer"] = 1.5,
        ["sales.average_order_value"] = 210,
        ["store.fitting_room_wait_seconds"] = 420,
        ["support.chatbot_resolved_share"] = 0.4,
        ["hr.headcount"] = 800,
        ["hr.separations"] = 1.2,
        ["crm.active_customers_at_start"] = 120_000,
        ["crm.customers_lost"] = 150,
        ["finance.gross_margin"] = 0.52,
        ["inventory.rfid_tagged_share"] = 0.2,
    };

    private DateOnly End => start.AddMonths(months);

    /// <summary>
    /// Nothing at or after this instant (UTC), so that a month still running gets its data to date
    /// and ingest sees no answer from the future. Observations stop at its date (a day's value is
    /// known once the day is over). Rows past it are still drawn, so the rows before it, and their
    /// answer ids, are the same whatever the cutoff.
    /// </summary>
    public DateTime? Until { get; init; }

    public IEnumerable<string> ObservationsCsv()
    {
        var random = new Random(seed);
        yield return "metric,date,value";
        var keys = scorecard.Metrics
            .Select(m => (Metric: m, Source: m.Source as ObservationSource))
            .Where(m => m.Source is not null)
            .DistinctBy(m => m.Source!.Key);
        foreach (var (metric, source) in keys)
        {
            var baseline = Baselines.TryGetValue(source!.Key, out var known) ? known
                : metric.Scoring is { } scoring ? (scoring.Floor + scoring.Target) / 2 : 100;
            var isShare = baseline is > 0 and < 1;
            for (var day = start; day < End; day = day.AddDays(1))
            {
                // Stocks ("last") are reported once a month; flows and levels every day.
                if (source.Aggregate == ObservationAggregate.Last && day.Day != 1)
                {
                    continue;
                }
                var value = baseline * Seasonality(day) * Factor(source.Key, day) * (1 + (0.05 * Gaussian(random)));
                if (Until is { } until && day >= DateOnly.FromDateTime(until))
                {
                    continue;
                }
                value = isShare ? Math.Clamp(value, 0, 1) : Math.Max(0, value);
                var text = isShare || baseline < 10 ? value.ToString("0.####", CultureInfo.InvariantCulture) : Math.Round(value).ToString(CultureInfo.InvariantCulture);
                yield return $"{source.Key},{day:yyyy-MM-dd},{text}";
            }
        }
    }

    /// <param name="employeeAnswersPerDay">On average over the month: the month's employee answers all arrive in its pulse week.</param>
    public IEnumerable<string> AnswersCsv(int customerAnswersPerDay = 20, int employeeAnswersPerDay = 2)
    {
        var random = new Random(seed + 1);
        yield return "answerId,survey,question,answeredAt,score,respondent,touchpoint,channel";
        var questions = scorecard.Metrics
            .Select(m => (Metric: m, Source: m.Source as SurveySource))
            .Where(m => m.Source is not null)
            .DistinctBy(m => (m.Source!.Survey, m.Source.Question));
        string[] touchpoints = ["store", "app", "web"];
        long id = 0;
        foreach (var (metric, source) in questions)
        {
            var employee = scorecard.FindPillar(metric.Pillar)?.Kind == PillarKind.EmployeeExperience;
            var perDay = employee ? employeeAnswersPerDay : customerAnswersPerDay;
            var scale = source!.Scale;
            for (var day = start; day < End; day = day.AddDays(1))
            {
                // Mean answer at 72% of the scale, 78% once the changes have settled in.
                var level = 0.72 + (day >= start.AddMonths(ChangesAfterMonths) ? 0.06 : 0);
                var mean = scale.From + ((scale.To - scale.From) * level);
                var spread = (scale.To - scale.From) / 5.0;
                var answers = !employee ? perDay
                    : InPulseWave(day) ? perDay * DateTime.DaysInMonth(day.Year, day.Month) / PulseWaveDays
                    : 0;
                for (var i = 0; i < answers; i++)
                {
                    var score = (int)Math.Clamp(Math.Round(mean + (spread * Gaussian(random))), scale.From, scale.To);
                    var at = day.ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc).AddMinutes(random.Next(0, 14 * 60));
                    var touchpoint = employee ? "" : touchpoints[random.Next(touchpoints.Length)];
                    var respondent = $"r{random.Next(1, 50_000)}";
                    ++id;
                    if (Until is { } until && at >= until)
                    {
                        continue;
                    }
                    yield return $"syn-{seed}-{id},{source.Survey},{source.Question},{at:yyyy-MM-ddTHH:mm:ssZ},{score},{respondent},{touchpoint},{touchpoint}";
                }
            }
        }
    }

    private const int PulseWaveDays = 5;

    /// <summary>Monday to Friday of the ISO week holding the 15th: always inside the month, and one atom.</summary>
    private static bool InPulseWave(DateOnly day)
    {
        var fifteenth = new DateOnly(day.Year, day.Month, 15);
        var monday = fifteenth.AddDays(-(((int)fifteenth.DayOfWeek + 6) % 7));
        return day >= monday && day < monday.AddDays(PulseWaveDays);
    }

    private double Factor(string key, DateOnly day) =>
        day >= start.AddMonths(ChangesAfterMonths) && WorkedCaseFactors.TryGetValue(key, out var factor) ? factor : 1;

    /// <summary>Retail seasonality: a December peak, a quieter late summer.</summary>
    private static double Seasonality(DateOnly day) => 1 + (0.15 * Math.Cos(2 * Math.PI * (day.DayOfYear - 350) / 365.0));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
