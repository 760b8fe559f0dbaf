-- An export being written is held by the server writing it for a few minutes at a time,
-- renewed at each page. Several servers share one database: an export whose lease has
-- run out was left by a server that stopped (its passphrase went with it) and fails;
-- one still held is another server's, and is left alone.
ALTER TABLE export_request ADD COLUMN writer_lease_until timestamptz;
