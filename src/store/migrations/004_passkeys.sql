-- WebAuthn passkeys: mandatory for privileged roles, on top of TOTP (NIST SP 800-63B AAL3
-- asks for a phishing-resistant authenticator; the 2024 leak began with a usurped privileged
-- account). Public keys are not secrets; the credential id is the browser's, base64url.
CREATE TABLE passkey (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  credential_id text NOT NULL UNIQUE,
  public_key bytea NOT NULL,
  -- Signature counter last seen: an assertion that does not raise it is a cloned key.
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX passkey_by_account ON passkey (account_id);

-- One challenge per ceremony, bound to the login ticket or the session that asked for it,
-- with the relying party it was issued for. Single use, two minutes. Only its SHA-256 is kept.
CREATE TABLE webauthn_challenge (
  challenge_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  ceremony text NOT NULL CHECK (ceremony IN ('sign-in', 'enrol', 'add-passkey', 'step-up')),
  ticket_hash bytea REFERENCES login_ticket (ticket_hash),
  session_id uuid REFERENCES session (id),
  rp_id text NOT NULL,
  origins text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK ((ticket_hash IS NULL) <> (session_id IS NULL))
);
CREATE INDEX webauthn_challenge_by_expiry ON webauthn_challenge (expires_at);

-- A privileged sign-in passes TOTP, then a passkey: the ticket remembers the first.
ALTER TABLE login_ticket ADD COLUMN totp_verified_at timestamptz;

-- Last fresh passkey assertion within the session (step-up), for acts that need one.
ALTER TABLE session ADD COLUMN step_up_at timestamptz;

-- Recovery codes: ten single-use 128-bit codes, shown once; only SHA-256 hashes are kept
-- (128 random bits need no slow hash).
CREATE TABLE recovery_code (
  code_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX recovery_code_by_account ON recovery_code (account_id);

-- What a user is told about their own account: a sign-in from a new device or address,
-- a recovery code used, a passkey added or removed. A usurped account shows its owner.
CREATE TABLE account_notice (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  kind text NOT NULL CHECK (kind IN ('new-device', 'recovery-code-used', 'recovery-codes-renewed', 'passkey-added', 'passkey-removed')),
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_notice_by_account ON account_notice (account_id, created_at);

-- "Never seen from this device and address": looked up at every session opening.
CREATE INDEX session_by_account_device ON session (account_id, address, user_agent);
