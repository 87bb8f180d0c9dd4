using CxRox.Api.Schedules;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CxRox.Api.Scorecards;

/// <summary>
/// A scorecard as its stream says it is now: the current version (with its document, so reading
/// a scorecard is one document), every version's summary and where its event sits in the
/// stream (so any version is one event away), the schedule and whether it is archived. Kept by
/// an inline projection: it is written in the same transaction as the events.
/// </summary>
public sealed class CurrentScorecard
{
    /// <summary>The scorecard's id, which is also its stream's key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The stream's version after its last event (counts every event, not only saved versions).</summary>
    public long StreamVersion { get; set; }

    public string Name { get; set; } = "";
    public int CurrentVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public ScorecardSchedule? Schedule { get; set; }

    /// <summary>The current version's event, document included.</summary>
    public ScorecardVersionSaved? Current { get; set; }

    /// <summary>Every version, oldest first.</summary>
    public List<ScorecardVersionEntry> Versions { get; set; } = [];
}

/// <summary>One version of a scorecard without its document, and the stream version of the event that holds it.</summary>
public sealed record ScorecardVersionEntry(
    int Version, long StreamVersion, string Name, string ContentHash, string CanonicalHash, DateTimeOffset SavedAt, Guid SavedBy);

/// <summary>Folds a scorecard's events into its <see cref="CurrentScorecard"/>.</summary>
public sealed class CurrentScorecardProjection : SingleStreamProjection<CurrentScorecard, string>
{
    public override CurrentScorecard Evolve(CurrentScorecard? snapshot, string id, IEvent e)
    {
        var scorecard = snapshot ?? new CurrentScorecard { Id = id };
        switch (e.Data)
        {
            case ScorecardVersionSaved saved:
                if (scorecard.Versions.Count == 0)
                {
                    scorecard.CreatedAt = saved.SavedAt;
                }
                scorecard.Name = saved.Name;
                scorecard.CurrentVersion = saved.Version;
                scorecard.UpdatedAt = saved.SavedAt;
                scorecard.Current = saved;
                scorecard.Versions.Add(new ScorecardVersionEntry(
                    saved.Version, e.Version, saved.Name, saved.ContentHash, saved.CanonicalHash, saved.SavedAt, saved.SavedBy));
                break;
            case ScorecardScheduleChanged changed:
                scorecard.Schedule = changed.Schedule;
                break;
            case ScorecardArchived archived:
                scorecard.ArchivedAt ??= archived.ArchivedAt;
                break;
            case ScorecardRestored:
                scorecard.ArchivedAt = null;
                break;
        }
        scorecard.StreamVersion = e.Version;
        return scorecard;
    }
}
