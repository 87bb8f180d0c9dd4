-- Defence in depth for tenancy. The service does organization-scoped work as cxrox_app, a role
-- that owns nothing (so row-level security always applies to it), after
-- SET LOCAL ROLE cxrox_app and set_config('cxrox.org_id', <id>, true) in the same transaction;
-- with no organization set, the policies match no row. The login role that runs migrations owns
-- the tables; it reads api_keys and organizations directly only to authenticate a key and to
-- resolve an organization's slug, and must be a superuser or have BYPASSRLS (FORCE makes the
-- policies apply to a plain owner too).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cxrox_app') THEN
        CREATE ROLE cxrox_app NOLOGIN;
    END IF;
    -- A superuser may SET ROLE to any role; any other login needs membership.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT cxrox_app TO %I', current_user);
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO cxrox_app;
GRANT SELECT, INSERT, UPDATE ON api_keys TO cxrox_app;
GRANT SELECT, INSERT, UPDATE ON scorecards TO cxrox_app;
GRANT SELECT, INSERT ON scorecard_versions TO cxrox_app;

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON api_keys
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);

ALTER TABLE scorecards ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecards FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON scorecards
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);

ALTER TABLE scorecard_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON scorecard_versions
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);
