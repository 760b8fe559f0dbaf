-- Governed exports (src/exports): a request says who asks, why, for which patients and
-- which fields; past the approval threshold, or with direct identifiers, nothing leaves
-- until a second person with the right role approves it.
CREATE TABLE export_request (
  id uuid PRIMARY KEY,
  requester_id uuid NOT NULL REFERENCES account (id),
  establishment_id uuid REFERENCES organization (id),
  purpose text NOT NULL CHECK (purpose IN ('care-continuity', 'migration', 'research', 'billing', 'legal', 'other')),
  justification text NOT NULL,
  ethics_reference text,
  scope jsonb NOT NULL,
  fields text NOT NULL CHECK (fields IN ('pseudonymised', 'identified')),
  identified_because text,
  format text NOT NULL CHECK (format IN ('ndjson', 'csv')),
  patients integer NOT NULL CHECK (patients >= 0),
  needs_approval boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('awaiting-approval', 'approved', 'writing', 'ready', 'failed', 'expired', 'refused', 'cancelled')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES account (id),
  decided_at timestamptz,
  decision_note text,
  cancelled_because text,
  -- The files: written once approved, under the passphrase given then; kept until expiry.
  patients_written integer NOT NULL DEFAULT 0,
  ready_at timestamptz,
  expires_at timestamptz,
  failure text
);
CREATE INDEX export_request_by_requester ON export_request (requester_id, requested_at DESC);
CREATE INDEX export_request_waiting ON export_request (requested_at) WHERE status = 'awaiting-approval';

-- The sealed files of an export, one per resource type, and how often each was taken.
CREATE TABLE export_file (
  export_id uuid NOT NULL REFERENCES export_request (id),
  resource_type text NOT NULL,
  resources integer NOT NULL,
  bytes bigint NOT NULL,
  downloads integer NOT NULL DEFAULT 0,
  PRIMARY KEY (export_id, resource_type)
);
CREATE INDEX export_request_expiring ON export_request (expires_at) WHERE status = 'ready';
