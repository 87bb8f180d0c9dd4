-- An organization's key may expire: from expires_at on it authenticates no more, as if revoked.
-- Admin keys do not expire (the platform must not lock itself out; the last one cannot be revoked).
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_admin_never_expires CHECK (role <> 'admin' OR expires_at IS NULL);
