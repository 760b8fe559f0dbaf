-- The guard's detectors beyond budgets (src/guard): a session used from another place
-- closes the account's sessions and leaves its holder a notice.
ALTER TABLE account_notice DROP CONSTRAINT account_notice_kind_check;
ALTER TABLE account_notice ADD CONSTRAINT account_notice_kind_check
  CHECK (kind IN ('new-device', 'recovery-code-used', 'recovery-codes-renewed', 'passkey-added', 'passkey-removed', 'session-used-elsewhere'));

-- Alerts sent to the security team's webhook (VIGIE_ALERT_WEBHOOK): when each was taken.
ALTER TABLE guard_alert ADD COLUMN delivered_at timestamptz;
CREATE INDEX guard_alert_undelivered ON guard_alert (raised_at) WHERE delivered_at IS NULL;
