-- Export files sealed to a recipient's public key instead of a passphrase, and migration
-- mode (src/exports/migration.ts): a whole establishment for another system, only with
-- two approvals (the data protection officer and the security officer), written within
-- a scheduled window, its receipt by the receiving system recorded.
ALTER TABLE export_request ADD COLUMN recipient_key text;
ALTER TABLE export_request ADD COLUMN recipient_key_fingerprint text;
ALTER TABLE export_request ADD COLUMN window_start timestamptz;
ALTER TABLE export_request ADD COLUMN window_end timestamptz;
ALTER TABLE export_request ADD COLUMN approvals_needed integer NOT NULL DEFAULT 1 CHECK (approvals_needed IN (1, 2));
-- Vigie checks the receiving system's receipt with this key (derived from the files' key, which Vigie does not keep).
ALTER TABLE export_request ADD COLUMN receipt_key bytea;
ALTER TABLE export_request ADD COLUMN received_at timestamptz;
ALTER TABLE export_request DROP CONSTRAINT export_request_status_check;
ALTER TABLE export_request ADD CONSTRAINT export_request_status_check
  CHECK (status IN ('awaiting-approval', 'scheduled', 'approved', 'writing', 'ready', 'received', 'failed', 'expired', 'refused', 'cancelled'));
CREATE INDEX export_request_scheduled ON export_request (window_start) WHERE status = 'scheduled';

-- Each approval of an export, by whom, in which role: a migration needs two, of two roles.
CREATE TABLE export_approval (
  export_id uuid NOT NULL REFERENCES export_request (id),
  approver_id uuid NOT NULL REFERENCES account (id),
  role text NOT NULL,
  note text NOT NULL,
  approved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (export_id, approver_id)
);

-- The SHA-256 of each sealed file as written, which a receipt names.
ALTER TABLE export_file ADD COLUMN sha256 text;
