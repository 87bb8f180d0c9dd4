using CxRox.Api.Storage;
using JasperFx;
using Marten;
using Npgsql;
using Weasel.Core;

namespace CxRox.Api.Scorecards;

/// <summary>
/// Marten's schema objects for the scorecards, made on the migrations' connection, in their
/// transaction and under their advisory lock (Marten itself never changes the schema at run
/// time): what Marten's configuration needs and the database lacks, then row-level security on
/// its tables, then, once, the scorecards an older build stored in tables, carried over into
/// streams.
/// </summary>
public static class ScorecardSchema
{
    // Marten's tables hold an organization's data under tenant_id (the organization's id as
    // text); the policy is the one every other table has (migrations 004 and 008), on that column.
    private const string Security = $$"""
        DO $$
        DECLARE
            t record;
        BEGIN
            FOR t IN
                SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S') AND c.relname LIKE 'mt\_%'
            LOOP
                IF t.relkind = 'S' THEN
                    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO {{OrganizationTransaction.AppRole}}', t.relname);
                    CONTINUE;
                END IF;
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO {{OrganizationTransaction.AppRole}}', t.relname);
                IF EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = ('public.' || quote_ident(t.relname))::regclass AND a.attname = 'tenant_id' AND NOT a.attisdropped) THEN
                    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
                    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
                    IF NOT EXISTS (SELECT FROM pg_policies WHERE schemaname = 'public' AND tablename = t.relname AND policyname = 'organization_isolation') THEN
                        EXECUTE format(
                            'CREATE POLICY organization_isolation ON %I
                                USING (tenant_id = (SELECT nullif(current_setting(''cxrox.org_id'', true), '''')))
                                WITH CHECK (tenant_id = (SELECT nullif(current_setting(''cxrox.org_id'', true), '''')))',
                            t.relname);
                    END IF;
                END IF;
            END LOOP;
        END
        $$
        """;

    public static async Task ApplyAsync(NpgsqlTransaction transaction, string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var store = new DocumentStore(ScorecardDocuments.Options(dataSource));

        var migration = await SchemaMigration.DetermineAsync(connection, cancellationToken, store.Storage.Database.AllObjects().ToArray());
        if (migration.Difference != SchemaPatchDifference.None)
        {
            using var sql = new StringWriter();
            migration.WriteAllUpdates(sql, store.Options.Advanced.Migrator, AutoCreate.CreateOrUpdate);
            await ExecuteAsync(connection, sql.ToString(), cancellationToken);
            logger.LogInformation("Created or updated Marten's schema objects for scorecards ({Difference})", migration.Difference);
        }
        await ExecuteAsync(connection, Security, cancellationToken);
        await LegacyScorecards.CarryOverAsync(transaction, store, logger, cancellationToken);
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
