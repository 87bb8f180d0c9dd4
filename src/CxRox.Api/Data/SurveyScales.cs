using CxRox.Api.Scorecards;
using CxRox.Api.Storage;
using CxRox.Engine.Model;

namespace CxRox.Api.Data;

/// <summary>
/// The answer scales the organization's current scorecards declare for each survey question,
/// which ingest holds answers to. A question declared with different scales by different
/// scorecards accepts a score that fits any of them.
/// </summary>
public static class SurveyScales
{
    public static async Task<IReadOnlyDictionary<(string Survey, string Question), IReadOnlyList<AnswerBand>>> ReadAsync(
        OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        var scales = new Dictionary<(string, string), List<AnswerBand>>();
        foreach (var document in await ScorecardsStore.ListCurrentDocumentsAsync(transaction, cancellationToken))
        {
            if (ScorecardReader.Read(document).Scorecard is not { } scorecard)
            {
                continue;
            }
            foreach (var source in scorecard.Metrics.Select(m => m.Source).OfType<SurveySource>())
            {
                var key = (source.Survey, source.Question);
                if (!scales.TryGetValue(key, out var list))
                {
                    scales[key] = list = [];
                }
                if (!list.Contains(source.Scale))
                {
                    list.Add(source.Scale);
                }
            }
        }
        return scales.ToDictionary(p => p.Key, p => (IReadOnlyList<AnswerBand>)p.Value);
    }
}
