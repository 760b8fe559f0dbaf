-- Vigie initial schema. Every patient row carries its establishment and patient ids so
-- the schema can later be distributed by them without redesign.

-- Directory: public data (Annuaire Santé), stored in clear.
CREATE TABLE organization (
  id uuid PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('group', 'establishment', 'unit')),
  part_of uuid REFERENCES organization (id),
  establishment_id uuid,
  resource jsonb NOT NULL
);

CREATE TABLE practitioner (
  id uuid PRIMARY KEY,
  resource jsonb NOT NULL
);

CREATE TABLE practitioner_role (
  id uuid PRIMARY KEY,
  practitioner_id uuid NOT NULL REFERENCES practitioner (id),
  unit_id uuid NOT NULL REFERENCES organization (id),
  establishment_id uuid NOT NULL REFERENCES organization (id),
  resource jsonb NOT NULL
);
CREATE INDEX practitioner_role_by_practitioner ON practitioner_role (practitioner_id);

-- Data keys, wrapped (AES-256-GCM) by the master key, which never enters the database.
CREATE TABLE data_key (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope text NOT NULL,
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX data_key_current ON data_key (scope) WHERE retired_at IS NULL;

-- Patients: the resource is one encrypted blob; `search` holds 64-bit truncated keyed
-- HMACs of normalised identifiers (blind indexes), never the identifiers themselves.
CREATE TABLE patient (
  id uuid PRIMARY KEY,
  establishment_id uuid NOT NULL REFERENCES organization (id),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  body bytea NOT NULL,
  search bigint[] NOT NULL
);
CREATE INDEX patient_search ON patient USING gin (search);

CREATE TABLE clinical_resource (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  patient_id uuid NOT NULL REFERENCES patient (id),
  establishment_id uuid NOT NULL REFERENCES organization (id),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  body bytea NOT NULL
);
CREATE INDEX clinical_resource_by_patient ON clinical_resource (patient_id, type, id);

-- Care relationships derived from the record (stays, treating doctor, lab orders):
-- what need-to-know access decisions are made of. No identifying content.
CREATE TABLE care_link (
  source_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('stay', 'treating-doctor', 'lab-order', 'referral', 'care-team')),
  patient_id uuid NOT NULL REFERENCES patient (id),
  establishment_id uuid NOT NULL REFERENCES organization (id),
  unit_id uuid REFERENCES organization (id),
  practitioner_id uuid REFERENCES practitioner (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  PRIMARY KEY (source_id, kind)
);
CREATE INDEX care_link_by_patient ON care_link (patient_id);
CREATE INDEX care_link_by_unit ON care_link (unit_id, starts_at) WHERE unit_id IS NOT NULL;
CREATE INDEX care_link_by_practitioner ON care_link (practitioner_id) WHERE practitioner_id IS NOT NULL;

CREATE TABLE account (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('doctor', 'nurse', 'admissions', 'lab', 'dpo',
    'security_officer', 'user_admin', 'sysadmin')),
  establishment_id uuid REFERENCES organization (id),
  practitioner_id uuid REFERENCES practitioner (id),
  unit_id uuid REFERENCES organization (id),
  password_hash text NOT NULL,
  totp_secret bytea NOT NULL,
  -- Last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2).
  totp_last_step bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'contained')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Only hashes of tickets and tokens are stored: a dump yields no usable session.
CREATE TABLE login_ticket (
  ticket_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  failed_codes integer NOT NULL DEFAULT 0,
  address text
);

CREATE TABLE session (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  account_id uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_seconds integer NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  address text,
  user_agent text
);
CREATE INDEX session_by_account ON session (account_id);

-- The audit trail: one entry per disclosed patient, write, refusal and login event,
-- appended in the same transaction as the act it records.
CREATE TABLE audit_event (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'refused', 'failed')),
  actor_id uuid,
  actor_role text,
  session_id uuid,
  patient_id uuid,
  resource_type text,
  resource_id text,
  establishment_id uuid,
  reason text NOT NULL,
  address text,
  detail jsonb
);
CREATE INDEX audit_event_by_patient ON audit_event (patient_id, seq) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_by_actor ON audit_event (actor_id, seq);
