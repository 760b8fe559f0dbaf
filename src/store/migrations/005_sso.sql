-- Single sign-on (OpenID Connect, as with Pro Santé Connect): one row per authorization
-- request, what its callback is checked against. Single use, minutes long. The state
-- travels through the browser, so only its SHA-256 is kept; the nonce and PKCE verifier
-- are needed in clear at the callback, so they are encrypted under the accounts key.
CREATE TABLE sso_attempt (
  state_hash bytea PRIMARY KEY,
  secrets bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX sso_attempt_by_expiry ON sso_attempt (expires_at);

-- The provider names a professional by RPPS number: find the practitioner by identifier
-- (`resource -> 'identifier' @> '[{"system": …, "value": …}]'`) without a scan.
CREATE INDEX practitioner_by_identifier ON practitioner USING gin ((resource -> 'identifier') jsonb_path_ops);
