-- The largest minSample any stored version gives each survey question of an organization
-- (Data/QuestionMinSamples.cs): the survey query parsed every version ever stored for it, on
-- every computation, which grew with the versions an organization keeps. Saving a version now
-- raises these rows in its transaction; the versions stored by earlier builds are counted here.
CREATE TABLE question_min_samples (
    org_id     uuid NOT NULL REFERENCES organizations (id),
    survey     text NOT NULL,
    question   text NOT NULL,
    min_sample numeric NOT NULL,
    PRIMARY KEY (org_id, survey, question)
);

GRANT SELECT, INSERT, UPDATE ON question_min_samples TO cxrox_app;

ALTER TABLE question_min_samples ENABLE ROW LEVEL SECURITY;
ALTER TABLE question_min_samples FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON question_min_samples
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));

-- What one scorecard document asks of the questions it reads, as the reader maps it: minSample,
-- 1 by default, and employee_min_sample at least in an employee-experience pillar (its kind, or
-- its id when the kind is left out). Documents were valid when stored.
CREATE FUNCTION question_min_samples_of(document jsonb, employee_min_sample int)
RETURNS TABLE (survey text, question text, min_sample numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT m->'survey'->>'survey', m->'survey'->>'question',
        greatest(coalesce((m->>'minSample')::numeric, 1), CASE WHEN ex.employee THEN employee_min_sample ELSE 1 END)
    FROM jsonb_array_elements(document->'metrics') m
    CROSS JOIN LATERAL (
        SELECT coalesce(bool_or(coalesce(p->>'kind', p->>'id') = 'ex'), false) AS employee
        FROM jsonb_array_elements(document->'pillars') p WHERE p->>'id' = m->>'pillar'
    ) ex
    WHERE jsonb_typeof(m->'survey') = 'object'
$$;
GRANT EXECUTE ON FUNCTION question_min_samples_of(jsonb, int) TO cxrox_app;

-- Versions already in Marten's event store (those of builds before it are carried into it after
-- the migrations, and counted then: LegacyScorecards). 5 is Metric.EmployeeMinSample.
DO $$
BEGIN
    IF to_regclass('mt_events') IS NOT NULL THEN
        INSERT INTO question_min_samples AS q (org_id, survey, question, min_sample)
        SELECT e.tenant_id::uuid, s.survey, s.question, max(s.min_sample)
        FROM mt_events e
        CROSS JOIN LATERAL question_min_samples_of((e.data->>'document')::jsonb, 5) s
        WHERE e.type = 'scorecard_version_saved'
        GROUP BY 1, 2, 3
        ON CONFLICT (org_id, survey, question) DO UPDATE SET min_sample = greatest(q.min_sample, EXCLUDED.min_sample);
    END IF;
END
$$;
