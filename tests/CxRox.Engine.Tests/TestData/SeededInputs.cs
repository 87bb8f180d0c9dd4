using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.TestData;

/// <summary>
/// Long, noisy input series for any scorecard, fixed by a seed: each source metric walks at random
/// around its floor-to-target range (or from a given level), so that values cross thresholds in
/// both directions, deltas change sign and rules turn false and true again. Now and then a value
/// is missing or a survey has too few answers. Values are rounded, so that they print exactly.
/// </summary>
public static class SeededInputs
{
    /// <summary>Where the samples' unscored inputs (counts, amounts) start, so that the ratios formed from them are plausible.</summary>
    public static IReadOnlyDictionary<string, double> SampleLevels(string sample) => sample switch
    {
        "retail" => new Dictionary<string, double>
        {
            ["complaints"] = 350, ["orders"] = 20000, ["returned_orders"] = 4200, ["separations"] = 8, ["avg_headcount"] = 400,
            ["customers_at_start"] = 15000, ["customers_lost"] = 750, ["gross_margin"] = 0.4, ["returns_cost_saving"] = 14000,
            ["rfid_investment"] = 50000, ["training_investment"] = 20000, ["training_hours"] = 1200,
        },
        "saas" => new Dictionary<string, double>
        {
            ["support_tickets"] = 4000, ["resolved_first_contact"] = 2900, ["customers_at_start"] = 2000, ["customers_lost"] = 30,
            ["new_customers"] = 60, ["customers_at_end"] = 2030, ["arpa"] = 1500, ["gross_margin"] = 0.78, ["expansion_revenue"] = 120000,
            ["engineers_left"] = 2, ["engineering_headcount"] = 150, ["customer_success_spend"] = 80000, ["onboarding_investment"] = 40000,
        },
        "bank-contact-centre" => new Dictionary<string, double>
        {
            ["contacts"] = 120000, ["resolved_first_contact"] = 86000, ["offered_calls"] = 90000, ["abandoned_calls"] = 5400,
            ["complaints"] = 600, ["agents_left"] = 3, ["agent_headcount"] = 600, ["contact_centre_cost"] = 840000,
            ["training_hours"] = 900, ["training_spend"] = 30000,
        },
        _ => new Dictionary<string, double>(),
    };

    public static PeriodInputs[] For(CompiledScorecard scorecard, int periods, int seed, IReadOnlyDictionary<string, double>? levels = null)
    {
        var random = new Random(seed);
        var inputs = new PeriodInputs[periods];
        for (var t = 0; t < periods; t++)
        {
            inputs[t] = scorecard.CreateInputs();
        }
        foreach (var metric in scorecard.Scorecard.Metrics)
        {
            if (metric.Source is FormulaSource)
            {
                continue;
            }
            var walk = Walk.Start(metric, random, levels?.GetValueOrDefault(metric.Id));
            for (var t = 0; t < periods; t++)
            {
                var roll = random.NextDouble();
                if (roll < 0.02)
                {
                    inputs[t].Set(metric.Id, double.NaN, 0);
                }
                else if (metric.Source is SurveySource && roll < 0.06)
                {
                    inputs[t].Set(metric.Id, walk.Value, random.Next(1, 5)); // below most minSamples: withheld
                }
                else
                {
                    inputs[t].Set(metric.Id, walk.Value, metric.Source is SurveySource ? random.Next(30, 400) : 1);
                }
                walk.Step(random);
            }
        }
        return inputs;
    }

    /// <summary>A scored metric moves by up to 15% of its range per period; an unscored one by up to 3% of its level.</summary>
    private sealed class Walk(double value, double low, double high, double step, bool relative, int decimals)
    {
        private double _value = value;

        public double Value => Math.Round(_value, decimals);

        public static Walk Start(Metric metric, Random random, double? level)
        {
            var (naturalLow, naturalHigh) = metric.Source is SurveySource survey ? Natural(survey) : (double.MinValue, double.MaxValue);
            if (metric.Scoring is { } scoring)
            {
                var from = Math.Min(scoring.Floor, scoring.Target);
                var span = Math.Abs(scoring.Target - scoring.Floor);
                var low = Math.Max(naturalLow, from - (0.25 * span));
                var high = Math.Min(naturalHigh, from + (1.25 * span));
                var start = from + (span * (0.1 + (0.8 * random.NextDouble())));
                return new Walk(Math.Clamp(start, low, high), low, high, 0.15 * span, relative: false, span >= 10 ? 2 : 4);
            }
            if (metric.Source is SurveySource)
            {
                var span = naturalHigh - naturalLow;
                return new Walk(naturalLow + (span * (0.3 + (0.4 * random.NextDouble()))), naturalLow, naturalHigh, 0.1 * span, relative: false, 2);
            }
            var startLevel = level ?? random.Next(100, 5000);
            return new Walk(startLevel, 0, double.MaxValue, 0.03, relative: true, startLevel >= 10 ? 2 : 4);
        }

        public void Step(Random random)
        {
            var move = ((2 * random.NextDouble()) - 1) * step;
            _value = Math.Clamp(relative ? _value * (1 + move) : _value + move, low, high);
        }

        private static (double Low, double High) Natural(SurveySource survey) => survey.Aggregate switch
        {
            SurveyAggregate.Nps => (-100, 100),
            SurveyAggregate.Csat or SurveyAggregate.TopBox => (0, 100),
            SurveyAggregate.Count => (0, 1000),
            _ => (survey.Scale.From, survey.Scale.To),
        };
    }
}
