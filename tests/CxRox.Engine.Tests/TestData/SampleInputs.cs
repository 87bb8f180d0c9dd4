using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.TestData;

/// <summary>
/// Fixed, plausible inputs for any scorecard: each source metric drifts a little each period
/// from a level inside its range, so that history functions and rules have something to read.
/// Deterministic, so results can be approved.
/// </summary>
public static class SampleInputs
{
    public static PeriodInputs[] For(CompiledScorecard scorecard, int periods)
    {
        var inputs = new PeriodInputs[periods];
        for (var t = 0; t < periods; t++)
        {
            inputs[t] = scorecard.CreateInputs();
            for (var i = 0; i < scorecard.Scorecard.Metrics.Length; i++)
            {
                var metric = scorecard.Scorecard.Metrics[i];
                if (metric.Source is FormulaSource)
                {
                    continue;
                }
                var (value, sampleSize) = Level(metric, i, t);
                inputs[t].Set(metric.Id, value, sampleSize);
            }
        }
        return inputs;
    }

    private static (double Value, int SampleSize) Level(Metric metric, int index, int period)
    {
        // Alternate metrics improve and worsen, by 3% of their range per period.
        var drift = (index % 2 == 0 ? 1 : -1) * 0.03 * period;
        if (metric.Source is SurveySource survey)
        {
            var (low, high) = survey.Aggregate switch
            {
                SurveyAggregate.Nps => (-100.0, 100.0),
                SurveyAggregate.Csat or SurveyAggregate.TopBox => (0.0, 100.0),
                SurveyAggregate.Count => (0.0, 1000.0),
                _ => (survey.Scale.From, survey.Scale.To),
            };
            var position = 0.55 + (0.07 * (index % 5)) + drift;
            return (Math.Round(low + ((high - low) * Math.Clamp(position, 0, 1)), 2), 40 + (index * 7));
        }
        if (metric.Scoring is { } scoring)
        {
            var position = 0.35 + (0.12 * (index % 5)) + drift;
            return (scoring.Floor + ((scoring.Target - scoring.Floor) * position), 1);
        }
        // Unscored inputs: counts and amounts in the hundreds to thousands.
        return (Math.Round((100 + (index * 37)) * (1 + drift), 2), 1);
    }
}
