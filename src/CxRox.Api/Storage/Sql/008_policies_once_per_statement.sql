-- Row-level security as written until now compared org_id with current_setting(...) on every row:
-- about a microsecond per row, which bulk ingests of millions of rows pay in full. As a scalar
-- subquery the setting is read once per statement (an InitPlan), with the same meaning.
DO $$
DECLARE
    policy record;
BEGIN
    FOR policy IN SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'organization_isolation'
    LOOP
        EXECUTE format(
            'ALTER POLICY organization_isolation ON %I
                USING (org_id = (SELECT nullif(current_setting(''cxrox.org_id'', true), '''')::uuid))
                WITH CHECK (org_id = (SELECT nullif(current_setting(''cxrox.org_id'', true), '''')::uuid))',
            policy.tablename);
    END LOOP;
END
$$;
