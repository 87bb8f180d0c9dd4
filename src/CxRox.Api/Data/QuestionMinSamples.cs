using CxRox.Api.Scorecards;
using CxRox.Api.Storage;
using CxRox.Engine.Model;
using Npgsql;

namespace CxRox.Api.Data;

/// <summary>
/// The largest minSample any stored version of any of an organization's scorecards (archived
/// ones too: keys can still read them) gives each survey question, as the reader maps it:
/// minSample, 1 by default, and <see cref="Metric.EmployeeMinSample"/> at least in an
/// employee-experience pillar (its kind, or its id when the kind is left out). A question's
/// withholding threshold is at least this (docs/anonymity.md), so that publishing it through a
/// version with a smaller minSample reveals nothing more. Versions are never deleted, so the
/// largest only grows: each saved version raises it, in the transaction that saves it, and the
/// survey query reads one row per question instead of parsing every version ever stored.
/// </summary>
public static class QuestionMinSamples
{
    // What each document asks is the database's function question_min_samples_of (migration 020),
    // which the migration used for the versions stored before it.
    private static string UpsertFrom(string documents) => $"""
        INSERT INTO question_min_samples AS q (org_id, survey, question, min_sample)
        SELECT d.org_id, s.survey, s.question, max(s.min_sample)
        FROM ({documents}) d
        CROSS JOIN LATERAL question_min_samples_of(d.parsed, {Metric.EmployeeMinSample}) s
        GROUP BY 1, 2, 3
        ON CONFLICT (org_id, survey, question) DO UPDATE SET min_sample = greatest(q.min_sample, EXCLUDED.min_sample)
        """;

    /// <summary>Raises the organization's thresholds to what a version being saved asks.</summary>
    public static async Task RecordAsync(OrganizationTransaction transaction, string document, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(UpsertFrom("SELECT $1::uuid AS org_id, $2::jsonb AS parsed"), transaction.OrganizationId, document);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Raises every organization's thresholds to what all its stored versions ask (after versions are carried over from an older build).</summary>
    public static async Task RecordAllAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            // The documents as the scorecards' version-saved events hold them (Marten's mt_events, as sent in data->>'document').
            UpsertFrom($"SELECT e.tenant_id::uuid AS org_id, (e.data->>'document')::jsonb AS parsed FROM mt_events e WHERE e.type = '{ScorecardDocuments.VersionSavedType}'"),
            connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
