#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 ($PORT or a free port) (installing the server from
# Debian's packages if it is missing) and prints its URL. Stop it with:
#   scripts/throwaway-postgres.sh stop DIR
# Tests' clusters skip the flush to disk (fsync off): they are thrown away. A benchmark's
# (DURABLE=1) flushes every commit, as a real server runs, and keeps 8 GB of log between
# checkpoints, as a server that takes bulk loads is configured (README, "Running on
# PostgreSQL"): with the default 1 GB, a seed checkpoints several times a minute, and
# after each the first write to every index page copies the page whole into the log.
set -euo pipefail

as_user() { local user=$1; shift; if [ "$(id -un)" = "$user" ]; then "$@"; else su "$user" -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }

if [ "${1:-}" = "stop" ]; then
  dir=$2
  as_user "$(stat -c %U "$dir/data")" "$(cat "$dir/pgbin")/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

# A free port unless one is given.
port=${PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

settings="-c fsync=off"
if [ -n "${DURABLE:-}" ]; then settings="-c fsync=on -c max_wal_size=8GB"; fi
dir=$(mktemp -d /tmp/vigie-pg.XXXXXX)
echo "$pgbin" > "$dir/pgbin"
# The server refuses to run as root: run it as the `postgres` user the package created.
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then owner=postgres; chown -R postgres "$dir"; fi

as_user "$owner" "$pgbin/initdb" -D "$dir/data" -U vigie --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_user "$owner" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $settings -c max_connections=200" start >/dev/null
echo "postgres://vigie@127.0.0.1:$port/postgres $dir"
