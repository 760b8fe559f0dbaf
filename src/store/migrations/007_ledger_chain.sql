-- The audit trail becomes a hash chain (DESIGN invariant 6): each entry's chain_hash
-- covers its content and the previous entry's chain_hash. Appends take the head row's
-- lock, so entries are numbered and chained in commit order, with no gap.
ALTER TABLE audit_event ADD COLUMN chain_hash bytea;
-- Numbers come from the head, in commit order: an identity sequence would leave gaps.
ALTER TABLE audit_event ALTER COLUMN seq DROP IDENTITY;

CREATE TABLE ledger_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- Entries up to genesis_seq were written before the chain (none on a new database).
  genesis_seq bigint NOT NULL,
  seq bigint NOT NULL,
  chain_hash bytea NOT NULL
);
INSERT INTO ledger_head (genesis_seq, seq, chain_hash)
  SELECT coalesce(max(seq), 0), coalesce(max(seq), 0), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
  FROM audit_event;

-- Insert-only: no role but the archival one may change or remove an entry.
CREATE FUNCTION ledger_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'vigie_archivist' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'the audit ledger is insert-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_insert_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION ledger_insert_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_insert_only();
