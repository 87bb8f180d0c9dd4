using System.Runtime.CompilerServices;
using CxRox.Api.Storage;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using Weasel.Core;

namespace CxRox.Api.Scorecards;

/// <summary>
/// Where scorecard definitions live: Marten's event store and documents in the service's
/// PostgreSQL, one stream per scorecard, conjoined tenancy keyed by the organization's id (the
/// tenant_id column, which row-level security matches with the transaction's organization).
/// Marten never changes the schema at run time (AutoCreate.None): its objects are created by
/// <see cref="ScorecardSchema"/> under the migrations' advisory lock.
/// </summary>
public static class ScorecardDocuments
{
    // Event type names are part of the stored data (mt_events.type) and of SQL that reads it, so they are fixed here rather than derived from class names.
    public const string VersionSavedType = "scorecard_version_saved";
    public const string ScheduleChangedType = "scorecard_schedule_changed";
    public const string ArchivedType = "scorecard_archived";
    public const string RestoredType = "scorecard_restored";

    /// <summary>The table of the projected current scorecards (Marten's name for <see cref="CurrentScorecard"/>).</summary>
    public const string CurrentScorecardTable = "mt_doc_currentscorecard";

    // One store per data source (a store holds mappings and caches, not connections: every
    // session runs on an organization transaction's connection).
    private static readonly ConditionalWeakTable<NpgsqlDataSource, DocumentStore> Stores = [];

    public static DocumentStore For(NpgsqlDataSource dataSource) => Stores.GetValue(dataSource, source => new DocumentStore(Options(source)));

    public static StoreOptions Options(NpgsqlDataSource dataSource)
    {
        var options = new StoreOptions();
        options.Connection(dataSource);
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.MapEventType<ScorecardVersionSaved>(VersionSavedType);
        options.Events.MapEventType<ScorecardScheduleChanged>(ScheduleChangedType);
        options.Events.MapEventType<ScorecardArchived>(ArchivedType);
        options.Events.MapEventType<ScorecardRestored>(RestoredType);
        options.Projections.Add(new CurrentScorecardProjection(), ProjectionLifecycle.Inline);
        return options;
    }

    /// <summary>
    /// A Marten session inside <paramref name="transaction"/> (its role and organization setting
    /// included), for its organization as tenant. Saving it writes in that transaction and
    /// commits nothing: the transaction's owner commits.
    /// </summary>
    public static IDocumentSession OpenSession(OrganizationTransaction transaction)
    {
        var options = Marten.Services.SessionOptions.ForTransaction(transaction.NpgsqlTransaction, false);
        options.TenantId = transaction.OrganizationId.ToString();
        return For(transaction.DataSource).LightweightSession(options);
    }
}
