-- Scores: one snapshot per scorecard version and period, replaced whole by a later recompute of
-- the same version and period, and the jobs that compute them.

-- Every snapshot write takes the next number, and stores it on the snapshot and on its scorecard,
-- in the same transaction. A reader that knows the scorecard's number knows whether anything it
-- cached is still what is stored: numbers only grow.
CREATE SEQUENCE score_revisions;
GRANT USAGE ON SEQUENCE score_revisions TO cxrox_app;
ALTER TABLE scorecards ADD COLUMN scores_revision bigint NOT NULL DEFAULT 0;

CREATE TABLE score_snapshots (
    org_id       uuid NOT NULL,
    scorecard_id text NOT NULL,
    version      integer NOT NULL,
    period_start date NOT NULL,
    -- The period's last day, inclusive, in the organization's time zone.
    period_end   date NOT NULL CHECK (period_end >= period_start),
    -- Computed "to date" before the period had ended.
    partial      boolean NOT NULL,
    -- The SHA-256 of the version's document, so that any number can be traced to its definition.
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    rox_index    double precision,
    -- What reads serve: values, scores and statuses of every metric and pillar, the ROX index, findings.
    result       jsonb NOT NULL,
    -- How the rules arrived at it: every rule that fired with the values it read.
    trace        jsonb NOT NULL,
    revision     bigint NOT NULL,
    job_id       uuid,
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, scorecard_id, version, period_start),
    FOREIGN KEY (org_id, scorecard_id, version) REFERENCES scorecard_versions (org_id, scorecard_id, version)
);

CREATE TABLE score_jobs (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL REFERENCES organizations (id),
    scorecard_id text NOT NULL,
    version      integer NOT NULL,
    -- Who asked: a person through the API, a schedule, or the first start's demo.
    requested_by text NOT NULL CHECK (requested_by IN ('api', 'schedule', 'demo')),
    first_period date NOT NULL,
    last_period  date NOT NULL CHECK (last_period >= first_period),
    status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    total        integer NOT NULL CHECK (total >= 0),
    done         integer NOT NULL DEFAULT 0 CHECK (done BETWEEN 0 AND total),
    attempts     integer NOT NULL DEFAULT 0,
    error        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    FOREIGN KEY (org_id, scorecard_id, version) REFERENCES scorecard_versions (org_id, scorecard_id, version)
);
CREATE INDEX score_jobs_by_scorecard ON score_jobs (org_id, scorecard_id, created_at DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON score_snapshots TO cxrox_app;
GRANT SELECT, INSERT, UPDATE ON score_jobs TO cxrox_app;

ALTER TABLE score_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE score_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON score_snapshots
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);

ALTER TABLE score_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE score_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON score_jobs
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);
