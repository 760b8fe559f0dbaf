-- Access that is made is decided by two people (DESIGN invariant 9). Every account
-- creation, change of role or placement, re-enabling and new activation code is a request
-- that a second person confirms; until then nothing changes. `role_grant` becomes that
-- request: its kind, and the whole placement it would give.
ALTER TABLE role_grant ADD COLUMN kind text NOT NULL DEFAULT 'change'
  CHECK (kind IN ('create', 'change', 'enable', 'activation'));
ALTER TABLE role_grant ADD COLUMN establishment_id uuid REFERENCES organization (id);
ALTER TABLE role_grant ADD COLUMN unit_id uuid REFERENCES organization (id);
ALTER TABLE role_grant ADD COLUMN practitioner_id uuid;
-- Requests by one administrator in a day: many at once alert the security officer.
CREATE INDEX role_grant_by_requester ON role_grant (requested_by, requested_at);

-- The owner sets their own password and TOTP (and, for a privileged role, enrols their
-- first passkey) with a one-time code handed over by the person who confirmed the account:
-- credentials never pass through the administrator who asked for it. Only the code's
-- SHA-256 is kept; it lapses after 72 hours; a new code voids the old one.
CREATE TABLE activation_code (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  code_hash bytea NOT NULL UNIQUE,
  issued_by uuid REFERENCES account (id),
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- The TOTP secret offered at the first step, sealed, until the owner proves it with a code.
  pending_totp bytea,
  credentials_set_at timestamptz,
  used_at timestamptz
);
CREATE UNIQUE INDEX activation_code_one_live ON activation_code (account_id) WHERE used_at IS NULL;

-- When the owner set their own credentials (the seed sets the demo accounts' itself).
ALTER TABLE account ADD COLUMN activated_at timestamptz;
UPDATE account SET activated_at = created_at;

-- The owner hears of their account's activation and of every new activation code.
ALTER TABLE account_notice DROP CONSTRAINT account_notice_kind_check;
ALTER TABLE account_notice ADD CONSTRAINT account_notice_kind_check
  CHECK (kind IN ('new-device', 'recovery-code-used', 'recovery-codes-renewed', 'passkey-added', 'passkey-removed', 'session-used-elsewhere', 'account-activated', 'activation-code-issued'));
