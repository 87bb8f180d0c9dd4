using System.Runtime.InteropServices;
using CxRox.Api.Storage;

namespace CxRox.Api.Data;

/// <summary>
/// What a batch of new answers adds to the per-day histograms, counted in memory while the batch
/// streams in: one count per (survey, question, local day, segment, score) cell, so it grows with
/// days × cells, not with rows. The local day is the one <c>(answered_at AT TIME ZONE zone)::date</c>
/// gives in SQL (the merge and the rebuild): .NET and PostgreSQL both read the IANA rules (tzdata)
/// of the machine they run on.
/// </summary>
public sealed class AnswerHistogramDeltas(TimeZoneInfo timeZone)
{
    private readonly record struct Cell(string Survey, string Question, DateOnly LocalDay, string Touchpoint, string Channel, short Score);

    private readonly Dictionary<Cell, long> _counts = [];

    /// <summary>The local days the batch's answers fall on, once each or more.</summary>
    public IEnumerable<DateOnly> LocalDays => _counts.Keys.Select(cell => cell.LocalDay);

    public void Add(string survey, string question, DateTime answeredAtUtc, string touchpoint, string channel, short score)
    {
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(answeredAtUtc, timeZone));
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, new Cell(survey, question, localDay, touchpoint, channel, score), out _)++;
    }

    /// <summary>Adds the counts to the organization's histograms, in one statement.</summary>
    public async Task AddToHistogramsAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        if (_counts.Count == 0)
        {
            return;
        }
        var surveys = new string[_counts.Count];
        var questions = new string[_counts.Count];
        var days = new DateOnly[_counts.Count];
        var touchpoints = new string[_counts.Count];
        var channels = new string[_counts.Count];
        var scores = new short[_counts.Count];
        var answers = new long[_counts.Count];
        var i = 0;
        foreach (var (cell, count) in _counts)
        {
            (surveys[i], questions[i], days[i], touchpoints[i], channels[i], scores[i], answers[i]) =
                (cell.Survey, cell.Question, cell.LocalDay, cell.Touchpoint, cell.Channel, cell.Score, count);
            i++;
        }
        await using var add = transaction.Command(
            """
            INSERT INTO answer_histograms AS h (org_id, survey, question, local_day, touchpoint, channel, score, answers)
            SELECT $1, c.* FROM unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::smallint[], $8::bigint[]) AS c
            ON CONFLICT (org_id, survey, question, local_day, touchpoint, channel, score) DO UPDATE
                SET answers = h.answers + EXCLUDED.answers
            """,
            transaction.OrganizationId, surveys, questions, days, touchpoints, channels, scores, answers);
        await add.ExecuteNonQueryAsync(cancellationToken);
    }
}
