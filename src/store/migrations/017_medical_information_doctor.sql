-- The establishment's medical information doctor (médecin DIM: PMSI coding, research data),
-- who approves its exports as the data protection officer does (src/exports/decisions.ts).
ALTER TABLE account DROP CONSTRAINT account_role_check;
ALTER TABLE account ADD CONSTRAINT account_role_check
  CHECK (role IN ('doctor', 'nurse', 'admissions', 'lab', 'dpo', 'dim', 'security_officer', 'user_admin', 'sysadmin'));
