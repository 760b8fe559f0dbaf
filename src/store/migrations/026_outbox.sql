-- What must happen outside the database once a transaction has committed — an alert sent
-- to the security team's webhook, a cancelled export's files deleted — is written in that
-- transaction, here, and carried out by a background job, again until it is done: a
-- rollback sends nothing, a crash loses nothing, and several servers take each item once.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  subject text NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  done_at timestamptz
);
CREATE INDEX outbox_due ON outbox (kind, due_at) WHERE done_at IS NULL;

-- Alerts waiting for the webhook wait in the outbox now.
INSERT INTO outbox (kind, subject, queued_at) SELECT 'guard-alert', id::text, raised_at FROM guard_alert WHERE delivered_at IS NULL ORDER BY raised_at;
DROP INDEX guard_alert_undelivered;
ALTER TABLE guard_alert DROP COLUMN delivered_at;
