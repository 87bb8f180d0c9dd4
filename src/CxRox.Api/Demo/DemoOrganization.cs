using System.Diagnostics;
using System.Text;
using CxRox.Api.ApiKeys;
using CxRox.Api.Auth;
using CxRox.Api.Data;
using CxRox.Api.Jobs;
using CxRox.Api.Organizations;
using CxRox.Api.Recompute;
using CxRox.Api.Schedules;
using CxRox.Api.Scorecards;
using CxRox.Api.Scores;
using CxRox.Api.Storage;
using CxRox.Engine.Model;
using CxRox.Engine.Time;
using Npgsql;

namespace CxRox.Api.Demo;

/// <summary>How far the demo got on this database.</summary>
public enum DemoState
{
    /// <summary>No organization has the demo's slug.</summary>
    Absent,

    /// <summary>An organization has the demo's slug but another name: somebody else's, left alone.</summary>
    Taken,

    /// <summary>The demo's organization exists without its reader key: a seeding stopped before its last step.</summary>
    Incomplete,

    Complete,
}

/// <summary>What a seeding did, for the person at the terminal.</summary>
/// <param name="KeyFile">Where the reader key was written; null on Windows (no owner-only file).</param>
public sealed record DemoSeeding(ApiKeySecret ReaderKey, string? KeyFile, IReadOnlyList<ScorePeriod> Periods, long Observations, long Answers, TimeSpan Elapsed);

/// <summary>
/// The demo: the retail sample scorecard (scorecards/retail.scorecard.json, embedded at build
/// time) in the organization it names, with synthetic data for the <see cref="Months"/> months
/// before the current one and the current month to date, every month scored, and a reader key.
/// </summary>
/// <remarks>
/// Not one transaction: the organization is created by the login role (cxrox_app may not write
/// the registry), ingest stages each kind of data in a temporary table that lives until its
/// transaction ends, and a recompute commits its job in transactions of its own. Instead every
/// step can run again: the organization is found or created, the scorecard is stored unless it
/// is (the same bytes add no version), the data are upserted (deterministic, so the same rows
/// again change nothing), the scores are recomputed (replacing their snapshots) and, last, the
/// reader key is created. The key is therefore what says that the demo is complete, and a start
/// that finds the organization without it runs the steps again.
/// </remarks>
public sealed class DemoOrganization(
    NpgsqlDataSource dataSource, OrganizationsStore organizations, ApiKeysStore keys, ScoreRecompute recompute, ScheduleTriggers triggers,
    KeyFiles keyFiles, ILogger<DemoOrganization> logger)
{
    public const int Months = 24;
    public const string ReaderKeyName = "demo reader";
    public const string ReaderKeyFileName = "demo-reader.key";

    // Tells the demo's organization from one a user created with the sample's slug (the README's walk-through does).
    public const string OrganizationName = "Northwind Fashion (demo)";

    // Enough for every month's NPS and CSAT, and for the staff pulse's minSample of 8 (its answers
    // come in one weekly wave a month, some 60 of them), at a few seconds' ingest.
    private const int CustomerAnswersPerDay = 10;
    private const int EmployeeAnswersPerDay = 2;

    private const string SampleResource = "CxRox.Demo.retail.scorecard.json";

    private static readonly Lazy<byte[]> SampleBytes = new(() =>
    {
        using var stream = typeof(DemoOrganization).Assembly.GetManifestResourceStream(SampleResource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    private static readonly Lazy<Scorecard> SampleModel = new(() =>
        ScorecardReader.Read(Encoding.UTF8.GetString(SampleBytes.Value)).Scorecard
            ?? throw new InvalidOperationException($"The embedded sample {SampleResource} does not read as a scorecard."));

    /// <summary>The organization the sample names.</summary>
    public static string Slug => SampleModel.Value.Organization;

    public static string ScorecardId => SampleModel.Value.Id;

    public async Task<(DemoState State, bool AnyOrganization)> InspectAsync(CancellationToken cancellationToken)
    {
        var found = await organizations.FindAsync(Slug, cancellationToken);
        if (found is null)
        {
            return (DemoState.Absent, (await organizations.ListAsync(cancellationToken)).Count > 0);
        }
        if (found.Name != OrganizationName)
        {
            return (DemoState.Taken, true);
        }
        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, found.Id, cancellationToken);
        var complete = (await keys.ListAsync(transaction, cancellationToken)).Any(k => k.Name == ReaderKeyName);
        return (complete ? DemoState.Complete : DemoState.Incomplete, true);
    }

    /// <summary>Where the reader key is kept (see <see cref="KeyFiles"/>); null on Windows.</summary>
    public string? ReaderKeyFile => keyFiles.PathOf(ReaderKeyFileName);

    /// <summary>Seeds the demo, or finishes a seeding that stopped (see the remarks). The caller makes sure that one seeding runs at a time.</summary>
    public async Task<DemoSeeding> SeedAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var sample = SampleModel.Value;
        var organization = await organizations.CreateAsync(Slug, OrganizationName, sample.TimeZone, cancellationToken)
            ?? await organizations.FindAsync(Slug, cancellationToken);
        if (organization?.Name != OrganizationName)
        {
            throw new InvalidOperationException($"Organization '{Slug}' was created by someone else meanwhile; the demo leaves it alone.");
        }

        var now = DateTimeOffset.UtcNow;
        var today = PeriodCalendar.Today(organization.TimeZone, now);
        var first = PeriodCalendar.Start(sample.Period, today).AddMonths(-Months);
        var periods = ScorePeriods.Range(sample.Period, first, today, today)!;
        var data = new SyntheticData(sample, first, Months + 1) { Until = now.UtcDateTime };

        int version;
        long observations, answers;
        ScorecardSchedule? schedule;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organization.Id, cancellationToken))
        {
            version = await StoreScorecardAsync(transaction, cancellationToken);
            // As a PUT of the scorecard does: its schedule with it, its triggers after the commit.
            schedule = await ScheduleStore.SetFromScorecardAsync(transaction, ScorecardId, sample.Schedule, cancellationToken);
            observations = await IngestCsvAsync(data.ObservationsCsv(), ObservationIngest.Columns, rows =>
                ObservationIngest.IngestAsync(transaction, rows, Engine.Time.IanaTimeZones.Find(organization.TimeZone), cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await triggers.ApplyAsync(organization.Id, ScorecardId, schedule, cancellationToken);
        // Its own transaction: the answers' scales are read from the scorecard stored above, and ingest stages each kind in a table of the transaction.
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organization.Id, cancellationToken))
        {
            var scales = await SurveyScales.ReadAsync(transaction, cancellationToken);
            answers = await IngestCsvAsync(data.AnswersCsv(CustomerAnswersPerDay, EmployeeAnswersPerDay), AnswerIngest.Columns, rows =>
                AnswerIngest.IngestAsync(transaction, rows, organization.TimeZone, scales, cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var dataElapsed = stopwatch.Elapsed;

        await ComputeScoresAsync(organization.Id, version, periods, cancellationToken);
        var scoresElapsed = stopwatch.Elapsed - dataElapsed;

        var (readerKey, keyFile) = await CreateReaderKeyAsync(organization.Id, cancellationToken);
        logger.LogInformation(
            "Seeded the demo organization {Organization}: {Observations} observations and {Answers} survey answers in {DataMs:0} ms, {Periods} periods scored in {ScoresMs:0} ms, {TotalMs:0} ms in all",
            Slug, observations, answers, dataElapsed.TotalMilliseconds, periods.Count, scoresElapsed.TotalMilliseconds, stopwatch.Elapsed.TotalMilliseconds);
        return new DemoSeeding(readerKey, keyFile, periods, observations, answers, stopwatch.Elapsed);
    }

    /// <summary>Stores the sample unless it is stored already; the version now current.</summary>
    private async Task<int> StoreScorecardAsync(OrganizationTransaction transaction, CancellationToken cancellationToken)
    {
        var submission = ScorecardSubmission.Read(SampleBytes.Value, Slug, ScorecardId);
        // The platform seeds the demo, so the version is recorded as the work of its oldest active admin key (the first start has just created one).
        var admin = (await keys.ListAdminsAsync(cancellationToken)).FirstOrDefault(k => k.RevokedAt is null)
            ?? throw new InvalidOperationException("There is no active admin key to record as the demo scorecard's author.");
        var createOnly = new WritePrecondition(HasIfMatch: false, IfMatchVersions: new HashSet<int>(), IfNoneMatchAny: true);
        var outcome = await ScorecardsStore.PutAsync(transaction, ScorecardId, SampleModel.Value.Name, submission, createOnly, admin.Id, cancellationToken);
        return outcome.Version?.Version
            ?? throw new InvalidOperationException($"The demo scorecard could not be stored ({outcome.Kind}).");
    }

    /// <summary>Feeds CSV lines through the ingest path of the HTTP endpoints; the rows sent.</summary>
    private static async Task<long> IngestCsvAsync(
        IEnumerable<string> lines, IngestColumns columns, Func<IAsyncEnumerable<RawRow>, Task<(StagedBatch Batch, IngestCounts? Counts)>> ingest,
        CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var (batch, counts) = await ingest(IngestRows.ReadAsync(body, IngestFormat.Csv, columns, cancellationToken));
        return counts is null
            ? throw new InvalidOperationException($"The demo's synthetic data has {batch.ErrorCount} bad row(s); the first: row {batch.Errors[0].Row}: {batch.Errors[0].Reason}")
            : batch.Rows;
    }

    /// <summary>Recomputes every period now, as a job requested by the demo, so that the scores are stored before anybody is told to read them.</summary>
    private async Task ComputeScoresAsync(Guid organizationId, int version, IReadOnlyList<ScorePeriod> periods, CancellationToken cancellationToken)
    {
        ScoreJob job;
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken))
        {
            job = await JobsStore.CreateAsync(
                transaction, ScorecardId, version, JobRequester.Demo, periods[0].Start, periods[^1].Start, periods.Count, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var outcome = await recompute.RunAsync(organizationId, job.Id, cancellationToken);
        if (outcome == RecomputeOutcome.Succeeded)
        {
            return;
        }
        await using (var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, CancellationToken.None))
        {
            var ended = await JobsStore.FindAsync(transaction, job.Id, CancellationToken.None);
            // Nothing would run a retry (no firing was scheduled): the job ends here, and the next start recomputes in a new one.
            if (outcome == RecomputeOutcome.Retry)
            {
                await JobsStore.FinishAsync(transaction, job.Id, JobStatus.Failed, 0, ended?.Error, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
            throw new InvalidOperationException($"The demo's scores could not be computed (job {job.Id}): {ended?.Error}");
        }
    }

    /// <summary>The last step; the key file is written before the key is committed, so a stop in between leaves no key that nobody has.</summary>
    private async Task<(ApiKeySecret Key, string? File)> CreateReaderKeyAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await OrganizationTransaction.BeginAsync(dataSource, organizationId, cancellationToken);
        var (_, secret) = await keys.CreateAsync(transaction, Roles.Reader, ReaderKeyName, cancellationToken);
        var file = keyFiles.Write(ReaderKeyFileName, secret.Value);
        await transaction.CommitAsync(cancellationToken);
        return (secret, file);
    }
}
