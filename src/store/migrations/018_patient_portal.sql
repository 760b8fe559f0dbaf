-- The patient portal: a patient holds an account of role 'patient' tied to their own
-- record (and to nothing else: no establishment, unit or practitioner), with the same
-- password, TOTP and passkey factors as staff.
ALTER TABLE account ADD COLUMN patient_id uuid;
ALTER TABLE account DROP CONSTRAINT account_role_check;
ALTER TABLE account ADD CONSTRAINT account_role_check
  CHECK (role IN ('doctor', 'nurse', 'admissions', 'lab', 'dpo', 'dim', 'security_officer', 'user_admin', 'sysadmin', 'patient'));
ALTER TABLE account ADD CONSTRAINT account_patient_only_for_patients
  CHECK ((role = 'patient') = (patient_id IS NOT NULL)
         AND (role <> 'patient' OR (establishment_id IS NULL AND unit_id IS NULL AND practitioner_id IS NULL)));
CREATE UNIQUE INDEX account_by_patient ON account (patient_id) WHERE patient_id IS NOT NULL;

-- The security console's disclosures per hour: the ledger is append-only, so its times
-- follow its physical order and a BRIN index finds the last hours for almost nothing.
CREATE INDEX audit_event_by_time ON audit_event USING brin (occurred_at);
