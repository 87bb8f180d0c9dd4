-- Webhooks: at most one per organization, none until an editor sets one, and every delivery
-- made to it with how its attempts went.

CREATE TABLE webhooks (
    org_id     uuid PRIMARY KEY REFERENCES organizations (id),
    -- Absolute https (or http to the loopback host); checked by the service when it is set.
    url        text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    -- Kept as is, not hashed like API keys: every delivery is signed with it (HMAC-SHA256), so
    -- the service must read it back. Encrypting it would need a key that every instance of the
    -- cluster shares and the database does not hold; the service has no such key store, and a
    -- key kept beside the data protects nothing. So: readable only through row-level security
    -- by its own organization, never answered by the API after the PUT that created it.
    secret     text NOT NULL,
    -- DELETE turns a webhook off and keeps it (with its secret and its deliveries); PUT turns it on again.
    enabled    boolean NOT NULL DEFAULT true,
    -- The event types it receives ('ping' is always delivered: it is only sent on request).
    events     text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    org_id           uuid NOT NULL REFERENCES organizations (id),
    event_type       text NOT NULL,
    -- What the event is about, e.g. '<scorecard>/<period>' for a summary.
    subject          text NOT NULL,
    -- json, not jsonb: the body is signed and sent byte for byte as it was given, every attempt
    -- alike; jsonb would reorder keys and drop whitespace. Still checked to be JSON.
    payload          json NOT NULL,
    status           text NOT NULL CHECK (status IN ('queued', 'retrying', 'succeeded', 'failed')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_status_code integer,
    last_error       text,
    -- When the next attempt is due while queued or retrying; null once it has succeeded or failed for good.
    next_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_newest_first ON webhook_deliveries (org_id, created_at DESC, id DESC);

GRANT SELECT, INSERT, UPDATE ON webhooks TO cxrox_app;
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO cxrox_app;

ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON webhooks
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON webhook_deliveries
    USING (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid))
    WITH CHECK (org_id = (SELECT nullif(current_setting('cxrox.org_id', true), '')::uuid));
