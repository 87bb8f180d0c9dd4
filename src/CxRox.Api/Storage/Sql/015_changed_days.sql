-- Which of an organization's local days had their data changed, and by which transaction
-- (docs/stale-scores.md). A day is the organization's local day: the one observations are stored
-- by and answers are counted by in answer_histograms, which is what scores are computed from.
-- A snapshot compares a day's last change with the database snapshot its computation read the
-- data through: a change it could not see makes it stale.
CREATE TABLE changed_days (
    org_id     uuid NOT NULL REFERENCES organizations (id),
    local_day  date NOT NULL,
    -- The last transaction that changed the day's data. Writers of one day queue on its row, so
    -- the last writer is also the last to commit: once it is visible, every earlier one is.
    changed_by xid8 NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, local_day)
);

GRANT SELECT, INSERT, UPDATE ON changed_days TO cxrox_app;

ALTER TABLE changed_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE changed_days FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON changed_days
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));

-- The database snapshot through which a recompute read the data of a score snapshot: the
-- transactions it saw committed. Snapshots stored before this migration saw everything
-- committed until now, which this statement's own snapshot says.
ALTER TABLE score_snapshots ADD COLUMN data_seen pg_snapshot;
UPDATE score_snapshots SET data_seen = pg_current_snapshot();
ALTER TABLE score_snapshots ALTER COLUMN data_seen SET NOT NULL;
-- A recompute notes its snapshot in cxrox.data_seen before it reads any data. A writer that did
-- not note one gets the writing statement's own, which may count as seen a change that committed
-- while it computed: every writer of snapshots should note it first (Recompute/StalePeriods.cs).
ALTER TABLE score_snapshots ALTER COLUMN data_seen
    SET DEFAULT coalesce(nullif(current_setting('cxrox.data_seen', true), '')::pg_snapshot, pg_current_snapshot());

-- Jobs a data change started (Recompute:AfterIngestDelay after an ingest or a deletion).
ALTER TABLE score_jobs DROP CONSTRAINT score_jobs_requested_by_check;
ALTER TABLE score_jobs ADD CONSTRAINT score_jobs_requested_by_check CHECK (requested_by IN ('api', 'schedule', 'demo', 'data-change'));
