-- When each scorecard recomputes its scores and writes its summary: taken from the schedule of
-- the version last stored, or set through the API since (source). Quartz holds the triggers;
-- these rows are what they are made from, and what a start reconciles them with.
CREATE TABLE scorecard_schedules (
    org_id         uuid NOT NULL,
    scorecard_id   text NOT NULL,
    -- As written (5-field or Quartz's form); null when that kind is not scheduled.
    recompute_cron text,
    summary_cron   text,
    time_zone      text NOT NULL,
    source         text NOT NULL CHECK (source IN ('scorecard', 'api')),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, scorecard_id),
    FOREIGN KEY (org_id, scorecard_id) REFERENCES scorecards (org_id, id)
);

-- One row per firing: a firing Quartz delivers twice (clusters have been seen to, after a slow
-- check-in) finds its row and does not run again; firings counts the deliveries.
CREATE TABLE schedule_runs (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL,
    scorecard_id   text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('recompute', 'summary')),
    -- When the firing was due (a run-now: when it was asked for).
    scheduled_for  timestamptz NOT NULL,
    requested_by   text NOT NULL CHECK (requested_by IN ('schedule', 'run-now')),
    status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'retrying')),
    firings        integer NOT NULL DEFAULT 1,
    attempts       integer NOT NULL DEFAULT 1,
    error          text,
    job_id         uuid,
    summary_period date,
    started_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at    timestamptz,
    UNIQUE (org_id, scorecard_id, kind, scheduled_for),
    FOREIGN KEY (org_id, scorecard_id) REFERENCES scorecards (org_id, id)
);
CREATE INDEX schedule_runs_by_scorecard ON schedule_runs (org_id, scorecard_id, scheduled_for DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON scorecard_schedules TO cxrox_app;
GRANT SELECT, INSERT, UPDATE ON schedule_runs TO cxrox_app;

ALTER TABLE scorecard_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON scorecard_schedules
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));

ALTER TABLE schedule_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedule_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON schedule_runs
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));
