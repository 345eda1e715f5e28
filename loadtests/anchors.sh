#!/usr/bin/env bash
# Measures the two physical anchors the vote path is compared with, on this machine:
#   1. the HTTP ceiling: wrk against the Api's no-op liveness endpoint;
#   2. a batched INSERT into PostgreSQL: pgbench inserting 500-row batches, one transaction each.
# usage: loadtests/anchors.sh BASE_URL [CONNECTION_STRING]
#   BASE_URL           a running Api on loopback (for example http://127.0.0.1:5080)
#   CONNECTION_STRING  optional Npgsql connection string of a PostgreSQL server to insert into
# env: DURATION (default 10s), CONNECTIONS (64), THREADS (2), CLIENTS (4 pgbench clients)
set -euo pipefail
base_url=${1:?base URL}
connection_string=${2:-}
duration=${DURATION:-10s}

case "$base_url" in
  http://127.*|http://localhost*|http://\[::1\]*) ;;
  *) echo "anchors.sh: only loopback URLs are measured, not $base_url" >&2; exit 2 ;;
esac

command -v wrk >/dev/null || { echo "anchors.sh: wrk is missing; apt-get install -y wrk" >&2; exit 2; }
echo "== HTTP ceiling: GET $base_url/health/live"
wrk -t "${THREADS:-2}" -c "${CONNECTIONS:-64}" -d "$duration" --latency "$base_url/health/live" |
  grep -E "Requests/sec|Latency|99%"

[[ -n $connection_string ]] || exit 0
field() { sed -nE "s/.*(^|;)$1=([^;]*).*/\2/Ip" <<<"$connection_string"; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password)
export PGDATABASE=$(field Database) PGSSLMODE=disable
script=$(mktemp)
cat > "$script" <<'SQL'
INSERT INTO anchor_rows (batch, position, payload)
SELECT (random() * 1e15)::bigint, g, md5(g::text) FROM generate_series(1, 500) AS g;
SQL
psql -qAt -c "SET client_min_messages = warning; DROP TABLE IF EXISTS anchor_rows; CREATE TABLE anchor_rows (batch bigint, position int, payload text)"
echo "== Batched INSERT: 500 rows per transaction, ${CLIENTS:-4} clients"
pgbench -n -c "${CLIENTS:-4}" -T "${duration%s}" -f "$script" 2>&1 | grep -E "^tps|latency average|error" || true
rows=$(psql -qAt -c "SELECT count(*) FROM anchor_rows")
echo "rows inserted: $rows in $duration ($(( rows / ${duration%s} )) rows/s)"
psql -qAt -c "DROP TABLE anchor_rows"
rm -f "$script"
