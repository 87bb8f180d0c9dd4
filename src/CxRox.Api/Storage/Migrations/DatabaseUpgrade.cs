using CxRox.Api.Scorecards;

namespace CxRox.Api.Storage.Migrations;

/// <summary>
/// Everything a start does to the schema, in one transaction under the migrations' advisory
/// lock: the numbered SQL migrations, then Marten's objects for the scorecards (with their
/// row-level security) and the carrying over of scorecards stored by older builds.
/// </summary>
public static class DatabaseUpgrade
{
    public static Task<int> ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default) =>
        Migrator.ApplyAsync(connectionString, Migration.Embedded(), logger,
            (transaction, token) => ScorecardSchema.ApplyAsync(transaction, connectionString, logger, token), cancellationToken);
}
