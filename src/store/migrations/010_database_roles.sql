-- Least privilege inside the database (DESIGN invariant 6). Vigie works as vigie_app,
-- which may read and write the records but only read and append to the ledger: it
-- cannot update, delete or truncate an entry, nor drop or disable the triggers (only
-- the owner may). vigie_archivist alone may remove sealed entries, for retention.
-- Both are group roles without login, created once per cluster; src/store/privileges.ts
-- grants them their rights after every migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_app') THEN
    CREATE ROLE vigie_app NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_archivist') THEN
    CREATE ROLE vigie_archivist NOLOGIN;
  END IF;
EXCEPTION
  -- Another database of the cluster created them meanwhile.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
