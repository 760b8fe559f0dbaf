-- Signed checkpoints of the audit ledger: the Merkle root (RFC 6962) of the first
-- tree_size chained entries, signed with an Ed25519 key that is not in the database.
-- frontier: the roots of the perfect subtrees at that size, to extend the tree from here.
CREATE TABLE ledger_checkpoint (
  tree_size bigint PRIMARY KEY,
  root bytea NOT NULL,
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature bytea NOT NULL,
  frontier jsonb NOT NULL
);
CREATE TRIGGER ledger_checkpoint_insert_only BEFORE UPDATE OR DELETE ON ledger_checkpoint
  FOR EACH ROW EXECUTE FUNCTION ledger_insert_only();
CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_insert_only();
