-- The audit ledger appends in parallel lanes. One chain ordered by one head lock made
-- every disclosure in the group wait for the one before it to commit (1,400 appends/s
-- on PostgreSQL with eight connections, a fifth of plain inserts). Now each lane is a
-- hash chain of its own, ordered by its head row's lock; an append takes any free lane.
-- Entry numbers come from one sequence, drawn under the lane's lock, so each lane's
-- entries are in number order. A checkpoint takes every lane's lock for an instant: no
-- entry numbered below what it seals can commit after it, so the Merkle tree covers the
-- entries in number order, as before.
CREATE TABLE ledger_lane (
  lane smallint PRIMARY KEY CHECK (lane >= 0 AND lane < 16),
  lane_seq bigint NOT NULL,
  chain_hash bytea NOT NULL
);
-- The single chain so far becomes lane 0: the same entries, hashes and order.
INSERT INTO ledger_lane (lane, lane_seq, chain_hash) SELECT 0, seq - genesis_seq, chain_hash FROM ledger_head;
INSERT INTO ledger_lane (lane, lane_seq, chain_hash)
  SELECT lane, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea FROM generate_series(1, 15) AS lane;

ALTER TABLE audit_event ADD COLUMN lane smallint, ADD COLUMN lane_seq bigint;
ALTER TABLE audit_event DISABLE TRIGGER audit_event_insert_only;
UPDATE audit_event SET lane = 0, lane_seq = seq - (SELECT genesis_seq FROM ledger_head)
  WHERE seq > (SELECT genesis_seq FROM ledger_head);
ALTER TABLE audit_event ENABLE TRIGGER audit_event_insert_only;
CREATE UNIQUE INDEX audit_event_lane ON audit_event (lane, lane_seq);

-- Numbers may now have gaps (an append rolled back with its act); each lane has none.
CREATE SEQUENCE audit_event_seq AS bigint;
SELECT setval('audit_event_seq', greatest((SELECT max(seq) FROM audit_event), (SELECT genesis_seq FROM ledger_head), 1),
  greatest((SELECT max(seq) FROM audit_event), (SELECT genesis_seq FROM ledger_head)) > 0);

-- What remains of the head: where the chained entries begin. Insert-only like the ledger.
ALTER TABLE ledger_head RENAME TO ledger_genesis;
ALTER TABLE ledger_genesis DROP COLUMN seq, DROP COLUMN chain_hash;
CREATE TRIGGER ledger_genesis_insert_only BEFORE UPDATE OR DELETE ON ledger_genesis
  FOR EACH ROW EXECUTE FUNCTION ledger_insert_only();
CREATE TRIGGER ledger_genesis_no_truncate BEFORE TRUNCATE ON ledger_genesis
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_insert_only();

-- A checkpoint seals the entries numbered up to last_seq (tree_size of them).
ALTER TABLE ledger_checkpoint ADD COLUMN last_seq bigint;
ALTER TABLE ledger_checkpoint DISABLE TRIGGER ledger_checkpoint_insert_only;
UPDATE ledger_checkpoint SET last_seq = tree_size + (SELECT genesis_seq FROM ledger_genesis);
ALTER TABLE ledger_checkpoint ENABLE TRIGGER ledger_checkpoint_insert_only;
ALTER TABLE ledger_checkpoint ALTER COLUMN last_seq SET NOT NULL;

-- One append, in one statement: lock a lane (a free one if any), draw the numbers, chain
-- the entries and move the lane's head. The application sends each entry's fields and
-- the tail of its leaf's bytes (src/ledger/entry-hash.ts): everything after the number,
-- which is only known here. Runs with the caller's rights (INSERT on the entries, UPDATE
-- on the lanes), in the caller's transaction.
CREATE FUNCTION ledger_append(p_lane smallint, p_tails bytea[], p_entries jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_lane smallint;
  v_position bigint;
  v_chain bytea;
  v_seq bigint;
  v_index int := 0;
  e record;
BEGIN
  SELECT lane, lane_seq, chain_hash INTO v_lane, v_position, v_chain FROM ledger_lane WHERE lane = p_lane FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    SELECT lane, lane_seq, chain_hash INTO v_lane, v_position, v_chain FROM ledger_lane ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED;
  END IF;
  IF NOT FOUND THEN
    SELECT lane, lane_seq, chain_hash INTO v_lane, v_position, v_chain FROM ledger_lane WHERE lane = p_lane FOR UPDATE;
  END IF;
  -- The entries as the application hashed them (src/ledger/entry-hash.ts, HashedFields).
  FOR e IN SELECT * FROM jsonb_to_recordset(p_entries) AS x("occurredAt" timestamptz, action text, outcome text, reason text,
      "actorId" uuid, "actorRole" text, "sessionId" uuid, "patientId" uuid, "resourceType" text, "resourceId" text,
      "establishmentId" uuid, address text, detail jsonb) LOOP
    v_index := v_index + 1;
    -- Drawn with the lane held: a lane's entries are in number order.
    v_seq := nextval('audit_event_seq');
    v_position := v_position + 1;
    -- RFC 6962 leaf hash of the entry's bytes, '["<number>"' then the tail; then the chain.
    v_chain := sha256(v_chain || sha256('\x00'::bytea || convert_to('["' || v_seq || '"', 'UTF8') || p_tails[v_index]));
    INSERT INTO audit_event (seq, occurred_at, action, outcome, reason, actor_id, actor_role, session_id, patient_id, resource_type,
        resource_id, establishment_id, address, detail, chain_hash, lane, lane_seq)
      VALUES (v_seq, e."occurredAt", e.action, e.outcome, e.reason, e."actorId", e."actorRole", e."sessionId", e."patientId", e."resourceType",
        e."resourceId", e."establishmentId", e.address, e.detail, v_chain, v_lane, v_position);
  END LOOP;
  UPDATE ledger_lane SET lane_seq = v_position, chain_hash = v_chain WHERE lane = v_lane;
  RETURN v_seq;
END
$$;
