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
        await using var command = transaction.Command(
            """
            SELECT v.document FROM scorecards s
            JOIN scorecard_versions v ON v.org_id = s.org_id AND v.scorecard_id = s.id AND v.version = s.current_version
            WHERE s.org_id = $1 AND s.archived_at IS NULL
            """,
            transaction.OrganizationId);
        var scales = new Dictionary<(string, string), List<AnswerBand>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (ScorecardReader.Read(reader.GetString(0)).Scorecard is not { } scorecard)
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
