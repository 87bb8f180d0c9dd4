-- The projected current scorecard (Scorecards/CurrentScorecard.cs) kept a summary of every
-- version (name, hashes, author, time): every write read and rewrote all of them, and a
-- scorecard with a thousand versions was read twice as slowly as a new one. It now keeps only
-- where each version's event is (versionEvents, version 1 first); the summaries are read from
-- the events. Documents projected by the previous build are converted here. On a new database
-- the table does not exist yet: Marten's objects are created after the migrations.
DO $$
BEGIN
    IF to_regclass('mt_doc_currentscorecard') IS NOT NULL THEN
        UPDATE mt_doc_currentscorecard
        SET data = (data - 'versions') || jsonb_build_object('versionEvents', coalesce((
            SELECT jsonb_agg((v->>'streamVersion')::bigint ORDER BY (v->>'version')::int)
            FROM jsonb_array_elements(data->'versions') v), '[]'::jsonb))
        WHERE data ? 'versions';
    END IF;
END
$$;
