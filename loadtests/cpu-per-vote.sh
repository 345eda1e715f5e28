#!/usr/bin/env bash
# Measures CPU time per acknowledged vote, for the Api process and for PostgreSQL, during a
# closed-model run of the load-test harness. CPU time is far less sensitive than throughput to
# other work on a shared 2-core machine, so it is the figure to compare between code changes.
#
# usage: loadtests/cpu-per-vote.sh BASE_URL API_PID [POSTMASTER_PID] [-- extra harness options]
#   BASE_URL        the Api, on loopback (for example http://127.0.0.1:5080)
#   API_PID         the Api process (one-process mode) whose CPU time is read from /proc
#   POSTMASTER_PID  optional: the PostgreSQL server; its backends' CPU time is added up
# env: DELEGATES (default 12000), CONCURRENCY (64), DURATION (20s)
set -euo pipefail
base_url=${1:?base URL}
api_pid=${2:?Api PID}
pg_pid=${3:-}
shift $(( $# >= 3 ? 3 : 2 ))
[[ ${1:-} == -- ]] && shift
cd "$(dirname "$0")/.."
delegates=${DELEGATES:-12000}
work=$(mktemp -d)

ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  [[ -n $pg_pid ]] || { echo 0; return; }
  local total sum pid
  total=$(ticks_of "$pg_pid")
  for pid in $(pgrep -P "$pg_pid"); do total=$((total + $(ticks_of "$pid"))); done
  # Exited backends are counted in the postmaster's cutime/cstime.
  sum=$(awk '{ print $16 + $17 }' "/proc/$pg_pid/stat")
  echo $((total + sum))
}

op=$(dotnet run --project Api -v q -- operator-token)
election="cpu-$(date +%Y%m%d-%H%M%S)"
python3 - "$election" > "$work/ballot.json" <<'PY'
import json, sys
election = sys.argv[1]
print(json.dumps({"electionId": election, "title": "CPU per vote " + election, "categories": [
    {"id": f"category-{c}", "title": f"Category {c}", "description": None, "finalists": [
        {"id": f"finalist-{c}-{f}", "name": f"Finalist {f}", "isExample": False,
         "projects": [{"title": "Project", "summary": "Generated.", "videoUrl": None}]}
        for f in range(1, 6)]} for c in range(1, 4)]}))
PY
curl -sf -X PUT "$base_url/api/elections/$election" -H "Authorization: Bearer $op" \
  -H 'Content-Type: application/json' --data-binary @"$work/ballot.json" > /dev/null
{ echo delegateId,displayName,organisation; seq -f "cpu-%06g,Delegate,Bench" 1 "$delegates"; } > "$work/delegates.csv"
curl -sf -X POST "$base_url/api/elections/$election/delegates" -H "Authorization: Bearer $op" \
  -H 'Content-Type: text/csv' --data-binary @"$work/delegates.csv" > "$work/credentials.csv"
curl -sf -X POST "$base_url/api/elections/$election/open" -H "Authorization: Bearer $op" > /dev/null

api_before=$(ticks_of "$api_pid")
pg_before=$(pg_ticks)
dotnet run --project loadtests -c Release --no-build -- closed --base-url "$base_url" --operator-token "$op" \
  --election "$election" --delegates-csv "$work/credentials.csv" --delegates "$delegates" \
  --concurrency "${CONCURRENCY:-64}" --duration "${DURATION:-20s}" --warmup 0s --quiet \
  --report-dir "$work/report" "$@" > "$work/harness.txt" 2>&1 || true
api_after=$(ticks_of "$api_pid")
pg_after=$(pg_ticks)

grep -E "acknowledged votes/s|^  vote |check FAIL" "$work/harness.txt" || true
votes=$(sed -nE 's/.*phase closed: .* ([0-9]+) acknowledged.*/\1/p' "$work/harness.txt" | head -1)
[[ -n $votes && $votes -gt 0 ]] || { echo "no acknowledged votes; see $work/harness.txt" >&2; exit 1; }
hz=$(getconf CLK_TCK)
awk -v a=$((api_after - api_before)) -v p=$((pg_after - pg_before)) -v n="$votes" -v hz="$hz" 'BEGIN {
  printf "votes %d; Api CPU %.3f ms/vote; PostgreSQL CPU %.3f ms/vote (the harness and checks included)\n",
    n, a * 1000 / hz / n, p * 1000 / hz / n }'
echo "details: $work"
