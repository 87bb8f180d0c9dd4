-- An organization's data: observations (numbers other systems produce) and raw survey answers,
-- plus per-day answer histograms kept up to date by the ingest that writes the answers.
-- A segment is a touchpoint and a channel; '' means "not given", so that both can be part of a key.
CREATE TABLE observations (
    org_id      uuid NOT NULL REFERENCES organizations (id),
    metric_key  text NOT NULL CHECK (length(metric_key) BETWEEN 1 AND 200),
    -- The organization's local date: a timestamp sent with an offset is converted on ingest.
    observed_on date NOT NULL,
    touchpoint  text NOT NULL DEFAULT '' CHECK (length(touchpoint) <= 200),
    channel     text NOT NULL DEFAULT '' CHECK (length(channel) <= 200),
    value       double precision NOT NULL,
    source      text CHECK (length(source) <= 200),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, metric_key, observed_on, touchpoint, channel)
);

CREATE TABLE survey_answers (
    org_id      uuid NOT NULL REFERENCES organizations (id),
    answer_id   text NOT NULL CHECK (length(answer_id) BETWEEN 1 AND 200),
    survey      text NOT NULL CHECK (length(survey) BETWEEN 1 AND 200),
    question    text NOT NULL CHECK (length(question) BETWEEN 1 AND 200),
    answered_at timestamptz NOT NULL,
    score       smallint NOT NULL,
    respondent  text CHECK (length(respondent) <= 200),
    touchpoint  text NOT NULL DEFAULT '' CHECK (length(touchpoint) <= 200),
    channel     text NOT NULL DEFAULT '' CHECK (length(channel) <= 200),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, answer_id)
);
-- Rebuilding histograms and deleting a range read answers by time.
CREATE INDEX survey_answers_by_time ON survey_answers (org_id, answered_at);

-- How many answers each score got per survey, question, local day (in the organization's time
-- zone when they were counted) and segment. Every survey aggregate of the scorecard format
-- (nps, csat, ces, mean, top_box, count) is exact from these counts.
CREATE TABLE answer_histograms (
    org_id     uuid NOT NULL REFERENCES organizations (id),
    survey     text NOT NULL,
    question   text NOT NULL,
    local_day  date NOT NULL,
    touchpoint text NOT NULL,
    channel    text NOT NULL,
    score      smallint NOT NULL,
    answers    bigint NOT NULL CHECK (answers >= 0),
    PRIMARY KEY (org_id, survey, question, local_day, touchpoint, channel, score)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON observations TO cxrox_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON survey_answers TO cxrox_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON answer_histograms TO cxrox_app;

ALTER TABLE observations ENABLE ROW LEVEL SECURITY;
ALTER TABLE observations FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON observations
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);

ALTER TABLE survey_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE survey_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON survey_answers
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);

ALTER TABLE answer_histograms ENABLE ROW LEVEL SECURITY;
ALTER TABLE answer_histograms FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON answer_histograms
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);
