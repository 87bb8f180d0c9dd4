-- Summaries: what executives read about a complete period, written after its recompute. One per
-- scorecard and period: a later summary of the same period (a recompute, a newer version)
-- replaces it.

CREATE TABLE summaries (
    org_id       uuid NOT NULL,
    scorecard_id text NOT NULL,
    -- The version whose snapshots it summarises.
    version      integer NOT NULL,
    period_start date NOT NULL,
    -- The period's last day, inclusive, in the organization's time zone.
    period_end   date NOT NULL CHECK (period_end >= period_start),
    -- The SHA-256 of the version's document, as on the snapshots it was built from.
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    -- The summary document; the Markdown and HTML are rendered from it on read.
    content      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, scorecard_id, period_start),
    FOREIGN KEY (org_id, scorecard_id, version) REFERENCES scorecard_versions (org_id, scorecard_id, version)
);

-- A summary that could not be written does not fail the recompute that stored its snapshots;
-- the job keeps the reason.
ALTER TABLE score_jobs ADD COLUMN summary_error text;

GRANT SELECT, INSERT, UPDATE ON summaries TO cxrox_app;

ALTER TABLE summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON summaries
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));
