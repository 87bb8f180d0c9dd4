-- Scorecard definitions move to Marten's event store (Scorecards/ScorecardDocuments.cs): each
-- version becomes an event of its scorecard's stream. Scores and summaries name a version by
-- number; it is no longer a row they can reference, and versions are never deleted, so the
-- references go. The rows themselves are carried over, and the old tables dropped, by
-- Scorecards/ScorecardSchema.cs right after the migrations, under the same lock.
DO $$
DECLARE
    reference record;
BEGIN
    FOR reference IN
        SELECT conrelid::regclass AS referencing, conname FROM pg_constraint
        WHERE contype = 'f' AND confrelid = 'scorecard_versions'::regclass AND conrelid <> confrelid
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', reference.referencing, reference.conname);
    END LOOP;
END
$$;
