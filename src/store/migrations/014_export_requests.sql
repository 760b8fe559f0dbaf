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
  status text NOT NULL CHECK (status IN ('awaiting-approval', 'approved', 'refused', 'cancelled')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES account (id),
  decided_at timestamptz,
  decision_note text,
  cancelled_because text
);
CREATE INDEX export_request_by_requester ON export_request (requester_id, requested_at DESC);
CREATE INDEX export_request_waiting ON export_request (requested_at) WHERE status = 'awaiting-approval';
