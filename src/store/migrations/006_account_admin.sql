-- Failed sign-ins (wrong password, unknown user, wrong TOTP code), per username and per
-- source address: what backoff and lockout are decided from (NIST SP 800-63B §3.2.2).
-- Keyed by a SHA-256 of the username as typed, whether or not an account has it, so an
-- unknown user meets exactly what a known one meets (no enumeration).
CREATE TABLE login_failure (
  key_hash bytea PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('username', 'address')),
  failures integer NOT NULL CHECK (failures > 0),
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz
);

-- An account created with a privileged role waits, 'pending', for a second administrator.
ALTER TABLE account DROP CONSTRAINT account_status_check;
ALTER TABLE account ADD CONSTRAINT account_status_check CHECK (status IN ('active', 'suspended', 'contained', 'pending'));

-- Privileged roles are granted by two people (separation of duties, DESIGN invariant 3):
-- one administrator requests, a different one confirms; until then nothing changes.
CREATE TABLE role_grant (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  role text NOT NULL,
  requested_by uuid NOT NULL REFERENCES account (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  decided_by uuid REFERENCES account (id),
  decided_at timestamptz,
  outcome text CHECK (outcome IN ('confirmed', 'rejected')),
  CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE UNIQUE INDEX role_grant_one_pending ON role_grant (account_id) WHERE decided_at IS NULL;

-- Care teams as the user administrator manages them: a named team of a unit and the
-- accounts in it. Which patients a team follows is a care relationship (care_link).
CREATE TABLE care_team (
  id uuid PRIMARY KEY,
  establishment_id uuid NOT NULL REFERENCES organization (id),
  unit_id uuid REFERENCES organization (id),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE care_team_member (
  care_team_id uuid NOT NULL REFERENCES care_team (id),
  account_id uuid NOT NULL REFERENCES account (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (care_team_id, account_id)
);
CREATE INDEX care_team_member_by_account ON care_team_member (account_id);

-- The rights review counts break-glass entries per account over 90 days.
CREATE INDEX audit_event_break_glass ON audit_event (actor_id, occurred_at) WHERE action = 'break-glass';
