-- The guard (src/guard): disclosure budgets, honey records, alerts and containment.

-- Synthetic patients planted in every establishment, with no care relationship to anyone:
-- through the API they look like any other record, and any touch of one contains the actor.
CREATE TABLE honey_record (
  patient_id uuid PRIMARY KEY REFERENCES patient (id),
  establishment_id uuid NOT NULL REFERENCES organization (id),
  planted_at timestamptz NOT NULL DEFAULT now()
);

-- What the guard counts for each actor: patients disclosed outside the actor's care
-- relationships (with their cost; a patient costs once per rolling day), refused or
-- missing reads (probing), and step-ups asked for and not given. Rows with a relationship
-- behind them are never written.
CREATE TABLE guard_event (
  account_id uuid NOT NULL REFERENCES account (id),
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('disclosed', 'refused', 'missing', 'step-up')),
  patient_id uuid,
  cost smallint NOT NULL DEFAULT 0 CHECK (cost >= 0)
);
CREATE INDEX guard_event_by_account ON guard_event (account_id, at);
CREATE INDEX guard_event_by_patient ON guard_event (account_id, patient_id, at) WHERE kind = 'disclosed';

-- An alert for the security officer: which detector, one sentence that explains it, the
-- evidence (the actor's session, address and time window, whose ledger entries the
-- detail shows), and whether the actor was contained.
CREATE TABLE guard_alert (
  id uuid PRIMARY KEY,
  account_id uuid REFERENCES account (id),
  detector text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  explanation text NOT NULL,
  evidence jsonb NOT NULL,
  contained boolean NOT NULL,
  raised_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES account (id),
  acknowledged_at timestamptz,
  note text
);
CREATE INDEX guard_alert_open ON guard_alert (raised_at DESC) WHERE acknowledged_at IS NULL;
CREATE INDEX guard_alert_by_account ON guard_alert (account_id, raised_at);
