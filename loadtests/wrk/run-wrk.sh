#!/usr/bin/env bash
# Cross-checks the harness's vote throughput with wrk (Debian package wrk): every request carries
# its own delegate credential from a token CSV. Targets loopback only.
#
# Usage: loadtests/wrk/run-wrk.sh TOKENS_CSV ELECTION_ID [BASE_URL]
# Environment: THREADS (default 2), CONNECTIONS (128), DURATION (10s),
#   CHOICES (category:finalist pairs; default matches the harness's own ballot).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 TOKENS_CSV ELECTION_ID [BASE_URL]" >&2
  exit 2
fi

tokens=$1
election=$2
base_url=${3:-http://127.0.0.1:5080}
threads=${THREADS:-2}
connections=${CONNECTIONS:-128}
duration=${DURATION:-10s}
choices=${CHOICES:-"category-1:finalist-1-1 category-2:finalist-2-1 category-3:finalist-3-1"}

if ! command -v wrk >/dev/null; then
  echo "wrk is not installed; install it with: apt-get install -y wrk" >&2
  exit 2
fi

if [[ ! -r $tokens ]]; then
  echo "token CSV '$tokens' is missing or unreadable" >&2
  exit 2
fi

host=$(sed -E 's#^[a-z]+://(\[[^]]*\]|[^:/]*).*#\1#' <<<"$base_url")
case $host in
  localhost | 127.* | "[::1]") ;;
  *)
    echo "base URL '$base_url' is not a loopback address; this script only targets 127.0.0.0/8, ::1 or localhost" >&2
    exit 2
    ;;
esac

delegates=$(($(wc -l <"$tokens") - 1))
categories=$(wc -w <<<"$choices")
echo "wrk: $delegates delegates x $categories categories = $((delegates * categories)) first votes;" \
  "requests after that are second votes, rejected with 409." >&2

WRK_TOKENS=$tokens WRK_ELECTION=$election WRK_CHOICES=$choices WRK_THREADS=$threads \
  wrk --latency -t "$threads" -c "$connections" -d "$duration" \
  -s "$(dirname "$0")/votes.lua" "$base_url"
