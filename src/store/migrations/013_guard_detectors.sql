-- The guard's detectors beyond budgets (src/guard): a session used from another place
-- closes the account's sessions and leaves its holder a notice.
ALTER TABLE account_notice DROP CONSTRAINT account_notice_kind_check;
ALTER TABLE account_notice ADD CONSTRAINT account_notice_kind_check
  CHECK (kind IN ('new-device', 'recovery-code-used', 'recovery-codes-renewed', 'passkey-added', 'passkey-removed', 'session-used-elsewhere'));

-- Alerts sent to the security team's webhook (VIGIE_ALERT_WEBHOOK): when each was taken.
ALTER TABLE guard_alert ADD COLUMN delivered_at timestamptz;
CREATE INDEX guard_alert_undelivered ON guard_alert (raised_at) WHERE delivered_at IS NULL;

-- Where each charged disclosure came from: accounts moving together share an address.
ALTER TABLE guard_event ADD COLUMN address text;
CREATE INDEX guard_event_by_address ON guard_event (address, at) WHERE kind = 'disclosed';

-- An address contained by a detector: accounts new to it cannot sign in from it (those
-- that have long worked from it — a proxy, a shared workstation — still can), until a
-- security officer lifts it.
CREATE TABLE guard_address (
  id uuid PRIMARY KEY,
  address text NOT NULL,
  alert_id uuid NOT NULL REFERENCES guard_alert (id),
  contained_at timestamptz NOT NULL,
  lifted_by uuid REFERENCES account (id),
  lifted_at timestamptz,
  note text
);
CREATE UNIQUE INDEX guard_address_contained ON guard_address (address) WHERE lifted_at IS NULL;

-- Volume against the actor's own baseline and its peers': where each of the guard's days
-- starts and ends in the ledger, and the distinct patients each account was given that day.
CREATE TABLE guard_day (
  day date PRIMARY KEY,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL
);
CREATE TABLE guard_volume (
  account_id uuid NOT NULL REFERENCES account (id),
  day date NOT NULL,
  patients integer NOT NULL,
  PRIMARY KEY (account_id, day)
);

-- The hours (local time, a bit each) at which each account was given patients, per day:
-- what "an hour it never works" is measured against.
CREATE TABLE guard_hours (
  account_id uuid NOT NULL REFERENCES account (id),
  day date NOT NULL,
  hours integer NOT NULL,
  PRIMARY KEY (account_id, day)
);
