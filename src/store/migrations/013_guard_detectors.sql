-- The guard's detectors beyond budgets (src/guard): a session used from another place
-- closes the account's sessions and leaves its holder a notice.
ALTER TABLE account_notice DROP CONSTRAINT account_notice_kind_check;
ALTER TABLE account_notice ADD CONSTRAINT account_notice_kind_check
  CHECK (kind IN ('new-device', 'recovery-code-used', 'recovery-codes-renewed', 'passkey-added', 'passkey-removed', 'session-used-elsewhere'));
