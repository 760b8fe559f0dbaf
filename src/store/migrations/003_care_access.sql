-- Need to know (DESIGN invariant 4): what makes a relationship current is read often,
-- on every disclosure and every search page. "Current" means it has started and has not
-- ended longer ago than the tail; these indexes serve "the current relationships of this
-- unit / practitioner / laboratory" as one range scan each.
-- A care team names several practitioners: one link per member of the same source.
ALTER TABLE care_link ADD COLUMN member smallint NOT NULL DEFAULT 0;
ALTER TABLE care_link DROP CONSTRAINT care_link_pkey;
ALTER TABLE care_link ADD PRIMARY KEY (source_id, kind, member);

CREATE INDEX care_link_current_by_unit ON care_link (unit_id, (coalesce(ends_at, 'infinity'::timestamptz)))
  WHERE kind = 'stay';
CREATE INDEX care_link_current_by_practitioner ON care_link (practitioner_id, (coalesce(ends_at, 'infinity'::timestamptz)))
  WHERE practitioner_id IS NOT NULL;
CREATE INDEX care_link_current_by_establishment ON care_link (establishment_id, (coalesce(ends_at, 'infinity'::timestamptz)))
  WHERE kind = 'stay';
CREATE INDEX care_link_by_laboratory ON care_link (establishment_id, starts_at)
  WHERE kind = 'lab-order';
CREATE INDEX care_link_by_patient_kind ON care_link (patient_id, kind);
DROP INDEX care_link_by_unit;
DROP INDEX care_link_by_practitioner;

-- Admissions see the identity of their establishment's patients.
CREATE INDEX patient_by_establishment ON patient (establishment_id, id);

-- Break-glass: access without a relationship, with a stated reason, for a short window,
-- reviewed afterwards by the security officer. Never deleted.
CREATE TABLE break_glass (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  patient_id uuid NOT NULL REFERENCES patient (id),
  -- The patient's establishment: its key encrypts the free text.
  establishment_id uuid NOT NULL REFERENCES organization (id),
  reason_code text NOT NULL CHECK (reason_code IN ('emergency', 'continuity', 'on-call', 'patient-request', 'other')),
  -- Free text may say something about the patient: encrypted like the record.
  reason_text bytea NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES account (id),
  review_outcome text CHECK (review_outcome IN ('justified', 'unjustified')),
  review_note bytea,
  CHECK (expires_at > opened_at)
);
CREATE INDEX break_glass_by_account ON break_glass (account_id, expires_at);
CREATE INDEX break_glass_unreviewed ON break_glass (opened_at) WHERE reviewed_at IS NULL;
