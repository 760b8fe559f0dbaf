-- An export's fingerprint (src/exports/fingerprint): which carriers its files hold and how
-- many honey rows, so that attribution knows what to look for in a leaked sample.
ALTER TABLE export_request ADD COLUMN carriers text[] NOT NULL DEFAULT '{}';
ALTER TABLE export_request ADD COLUMN honey_rows integer NOT NULL DEFAULT 0 CHECK (honey_rows >= 0);
-- Attribution weighs a sample against every export that was written.
CREATE INDEX export_request_written ON export_request (requested_at) WHERE patients_written > 0;
