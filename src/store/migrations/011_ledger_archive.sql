-- Retention of the audit ledger: sealed segments (up to a signed checkpoint) older than
-- the retention period move out to archive files, kept by the establishment. Each row
-- is where the entries still in the database begin: the Merkle frontier and every lane's
-- head at the end of the archived segment, so that verification goes on from there — and
-- the archive file's digest, so that a file given back later is known for the one written.
CREATE TABLE ledger_archive (
  through_seq bigint PRIMARY KEY,
  tree_size bigint NOT NULL,
  frontier jsonb NOT NULL,
  -- [[lane, position, chain hash (hex), number of its last entry]]
  lanes jsonb NOT NULL,
  file_sha256 bytea NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER ledger_archive_insert_only BEFORE UPDATE OR DELETE ON ledger_archive
  FOR EACH ROW EXECUTE FUNCTION ledger_insert_only();
CREATE TRIGGER ledger_archive_no_truncate BEFORE TRUNCATE ON ledger_archive
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_insert_only();
