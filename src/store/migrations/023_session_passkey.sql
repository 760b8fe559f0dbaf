-- Whether the session was opened with a passkey (the sign-in's last step, or a first
-- passkey enrolled with its activation code): it has shown the account's passkey, which
-- the guard's 30-day line asks for once a session (src/guard/guard.ts).
ALTER TABLE session ADD COLUMN passkey_shown boolean NOT NULL DEFAULT false;
