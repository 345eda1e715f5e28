#!/usr/bin/env bash
# Runs every test project of Voting.sln and ends with one line "N passed, N failed" summed
# over all of them. Starts a throwaway PostgreSQL on loopback for the integration tests and
# installs Chromium for the browser tests when those projects exist.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log_dir=$(mktemp -d)

if [[ -x scripts/pg.sh ]]; then
  if ! VOTING_TEST_POSTGRES=$(scripts/pg.sh start); then
    echo "test.sh: scripts/pg.sh start failed; the PostgreSQL tests cannot run" >&2
    exit 1
  fi
  export VOTING_TEST_POSTGRES
fi

if [[ -d tests/Browser.Tests && -x scripts/install-chromium.sh ]]; then
  scripts/install-chromium.sh || { echo "test.sh: Chromium could not be installed" >&2; exit 1; }
fi

dotnet build Voting.sln -c Release -nologo -v q 2>&1 | tee "$log_dir/build.log" | grep -E "error|Warn|Build succeeded" | sort -u
if [[ ${PIPESTATUS[0]} -ne 0 ]]; then
  echo "test.sh: build failed (log: $log_dir/build.log)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
passed=0
failed=0
for project in $(find tests -name '*.Tests.csproj' | sort); do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@" \
    > "$log_dir/$name.log" 2>&1
  code=$?
  summary=$(grep -E "^(Passed|Failed)!" "$log_dir/$name.log" | tail -1)
  if [[ -z "$summary" ]]; then
    tail -40 "$log_dir/$name.log"
    echo "test.sh: $name produced no test summary (exit code $code)" >&2
    failed=$((failed + 1))
    status=1
    continue
  fi
  grep -E "^\s+Failed |\[FAIL\]|Error Message" -A 6 "$log_dir/$name.log" | head -80
  echo "$summary"
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
  f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")
  passed=$((passed + p))
  failed=$((failed + f))
  [[ $code -eq 0 && $f -eq 0 ]] || status=1
done

echo "logs: $log_dir (repository: $root)"
[[ $passed -gt 0 ]] || status=1
echo "$passed passed, $failed failed"
exit $status
