using CxRox.Api.Schedules;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CxRox.Api.Scorecards;

/// <summary>
/// A scorecard as its stream says it is now: the current version (with its document, so reading
/// a scorecard is one document), where each version's event sits in the stream (so any version
/// is one event away), the schedule and whether it is archived. Kept by an inline projection: it
/// is written in the same transaction as the events, so every write reads and rewrites it, and it
/// holds nothing per version but a number; the versions' names, hashes and authors are read from
/// their events (ScorecardHistory).
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

    /// <summary>
    /// The stream version of each version's event, version 1 first: versions are numbered from 1
    /// without gaps (each is the current one plus one, and older builds' versions were too).
    /// </summary>
    public List<long> VersionEvents { get; set; } = [];

    /// <summary>The stream version of the event holding <paramref name="version"/>; null when there is no such version.</summary>
    public long? EventOf(int version) => version >= 1 && version <= VersionEvents.Count ? VersionEvents[version - 1] : null;
}

/// <summary>Folds a scorecard's events into its <see cref="CurrentScorecard"/>.</summary>
public sealed class CurrentScorecardProjection : SingleStreamProjection<CurrentScorecard, string>
{
    public override CurrentScorecard Evolve(CurrentScorecard? snapshot, string id, IEvent e)
    {
        var scorecard = snapshot ?? new CurrentScorecard { Id = id };
        switch (e.Data)
        {
            case ScorecardVersionSaved saved:
                if (scorecard.VersionEvents.Count == 0)
                {
                    scorecard.CreatedAt = saved.SavedAt;
                }
                scorecard.Name = saved.Name;
                scorecard.CurrentVersion = saved.Version;
                scorecard.UpdatedAt = saved.SavedAt;
                scorecard.Current = saved;
                scorecard.VersionEvents.Add(e.Version);
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
