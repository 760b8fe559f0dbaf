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
  -- The requester may withdraw their request, never confirm it.
  CHECK (outcome IS DISTINCT FROM 'confirmed' OR decided_by <> requested_by)
);
CREATE UNIQUE INDEX role_grant_one_pending ON role_grant (account_id) WHERE decided_at IS NULL;

-- Staff teams as the user administrator manages them: a named team of a unit and the
-- accounts that work in it. The patients a team follows are clinical data (FHIR CareTeam,
-- written by clinicians through the gate), not the administrator's.
CREATE TABLE staff_team (
  id uuid PRIMARY KEY,
  establishment_id uuid NOT NULL REFERENCES organization (id),
  unit_id uuid REFERENCES organization (id),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_team_member (
  team_id uuid NOT NULL REFERENCES staff_team (id),
  account_id uuid NOT NULL REFERENCES account (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, account_id)
);
CREATE INDEX staff_team_member_by_account ON staff_team_member (account_id);

-- The rights review counts break-glass entries per account over 90 days.
CREATE INDEX audit_event_break_glass ON audit_event (actor_id, occurred_at) WHERE action = 'break-glass';
