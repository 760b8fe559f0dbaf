-- The gate by construction (DESIGN invariant 1): the patient and clinical tables are
-- readable and writable only by vigie_gate, a role the gate takes for its own
-- transactions (SET LOCAL ROLE). vigie_app, which every other module works as, holds no
-- right on them: a query from outside the gate fails in the database, whatever its text.
-- vigie_app may take the gate's role but does not inherit its rights (NOINHERIT);
-- src/store/privileges.ts grants both roles their rights after every migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_gate') THEN
    CREATE ROLE vigie_gate NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
ALTER ROLE vigie_app NOINHERIT;
DO $$
BEGIN
  -- From PostgreSQL 16 each grant carries its own inheritance; before, the role's attribute decides.
  IF current_setting('server_version_num')::int >= 160000 THEN
    EXECUTE 'GRANT vigie_gate TO vigie_app WITH INHERIT FALSE, SET TRUE';
  ELSE
    EXECUTE 'GRANT vigie_gate TO vigie_app';
  END IF;
END
$$;
