-- Breach response (src/breach): a case opened from a leaked sample, its 72-hour clock
-- (GDPR art. 33) from the moment of awareness, and the patients it concerns — those
-- matched in the sample and those the named source was given. Ids, never identities.
CREATE TABLE breach_case (
  id uuid PRIMARY KEY,
  opened_by_account uuid REFERENCES account (id),
  opened_by_operator text,
  aware_at timestamptz NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  sample_sha256 bytea NOT NULL,
  sample_rows integer NOT NULL,
  rows_matched integer NOT NULL,
  source jsonb,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'notified', 'closed')),
  CHECK ((opened_by_account IS NULL) <> (opened_by_operator IS NULL))
);

CREATE TABLE breach_patient (
  case_id uuid NOT NULL REFERENCES breach_case (id),
  patient_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  -- In the sample itself, or given to the source only.
  in_sample boolean NOT NULL,
  confidence real,
  -- What of theirs left: identity, stays, history, allergies, prescriptions, lab-results, notes, insurance.
  categories text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (case_id, patient_id)
);
CREATE INDEX breach_patient_by_patient ON breach_patient (patient_id);
