#!/usr/bin/env bash
# Runs a local multi-process voting cluster on loopback: silos and Api processes from the Release
# build, on the PostgreSQL of scripts/pg.sh.
#
# Usage: scripts/cluster.sh COMMAND [options]
#   up --silos N --apis M   build once in Release, start PostgreSQL when needed, start N silos and
#                           M Api processes, print the Api URLs (default: 3 silos, 1 Api)
#   add-silo                start one more silo
#   stop-silo I             stop silo I gracefully (SIGTERM), wait up to STOP_WAIT seconds for it to exit
#   kill-silo I             kill silo I with SIGKILL, as a crashed machine would
#   add-api                 start one more Api process
#   stop-api I              stop Api process I gracefully (SIGTERM)
#   status                  processes, ports and the membership table
#   operator-token          print an operator credential signed with the cluster's key
#   archive FILE            write the cluster's database to FILE with pg_dump (custom format)
#   down                    stop every process this script started (Api processes first), gracefully
#
# Options of "up" (each also read from the environment variable in brackets):
#   --silos N, --apis M
#   --cluster-id ID         Orleans cluster id [CLUSTER_ID, default voting]
#   --service-id ID         Orleans service id [SERVICE_ID, default voting]
#   --silo-port P           port of silo 1; silo I uses P+I-1 [SILO_PORT, default 11111]
#   --gateway-port P        gateway port of silo 1 [GATEWAY_PORT, default 30000]
#   --http-port P           probes, /metrics and dashboard of silo 1 [HTTP_PORT, default 8081]
#   --api-port P            HTTP port of Api 1 [API_PORT, default 5080]
#   --no-build              use the existing Release build
# Other environment:
#   CLUSTER_DIR   run directory with PIDs, ports, logs and the signing key (default: .cluster)
#   PG_PORT, PG_DIR, PG_MAX_POOL_SIZE   passed to scripts/pg.sh
#   SHUTDOWN_TIMEOUT   Voting:Shutdown:Timeout of every process (default 00:00:30)
#   STOP_WAIT          seconds stop-silo, stop-api and down wait for an exit (default 45)
#
# The script only signals PIDs it recorded in CLUSTER_DIR, and only while /proc shows that PID
# still running the silo or Api assembly, so a reused PID is never signalled.
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run_dir=${CLUSTER_DIR:-$repo_dir/.cluster}
silo_dll=$repo_dir/Silo/bin/Release/net10.0/Voting.Silo.dll
api_dll=$repo_dir/Api/bin/Release/net10.0/Voting.Api.dll
stop_wait=${STOP_WAIT:-45}
# A silo joining a cluster whose every silo was killed waits until the dead entries' heartbeats are
# older than 90 s (Orleans' default: 3 missed IAmAlive writes of 30 s) before it joins.
start_wait=150

log() { echo "cluster.sh: $*" >&2; }
fail() { log "$*"; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# --- run directory -------------------------------------------------------------------------------

load_config() {
  [[ -f $run_dir/cluster.env ]] || fail "no cluster in $run_dir; run 'scripts/cluster.sh up' first."
  # shellcheck source=/dev/null
  source "$run_dir/cluster.env"
}

write_config() {
  mkdir -p "$run_dir"
  chmod 700 "$run_dir"
  (
    umask 077
    {
      printf 'CLUSTER_ID=%q\nSERVICE_ID=%q\n' "$cluster_id" "$service_id"
      printf 'SILO_PORT=%q\nGATEWAY_PORT=%q\nHTTP_PORT=%q\nAPI_PORT=%q\n' "$silo_port" "$gateway_port" "$http_port" "$api_port"
      printf 'CONNECTION_STRING=%q\nSHUTDOWN_TIMEOUT=%q\n' "$connection_string" "${SHUTDOWN_TIMEOUT:-00:00:30}"
    } > "$run_dir/cluster.env"
  )
}

# Prints the indexes of processes of one kind (silo or api) that have a PID file, in order.
indexes() {
  local kind=$1 file
  for file in "$run_dir"/"$kind"-*.pid; do
    [[ -e $file ]] || continue
    file=${file##*/"$kind"-}
    echo "${file%.pid}"
  done | sort -n
}

next_index() {
  local last
  last=$(indexes "$1" | tail -n 1)
  echo $(( ${last:-0} + 1 ))
}

# True when the recorded PID still runs the expected assembly.
is_alive() {
  local pid=$1 dll=$2
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$dll"
}

recorded_pid() {
  local file=$run_dir/$1-$2.pid
  [[ -f $file ]] || fail "no $1 $2 in $run_dir (known: $(indexes "$1" | tr '\n' ' '))"
  cat "$file"
}

dll_of() { [[ $1 == silo ]] && echo "$silo_dll" || echo "$api_dll"; }

# --- starting ------------------------------------------------------------------------------------

build() {
  log "building Silo and Api in Release"
  dotnet build "$repo_dir/Api/Api.csproj" -c Release -nologo -v q >&2 || fail "the Release build failed"
}

start_postgres() {
  connection_string=$("$repo_dir/scripts/pg.sh" start) || fail "scripts/pg.sh start failed"
}

# Api processes only read the membership table, so a small pool leaves the connections to the silos.
with_pool_size() {
  sed -E "s/Maximum Pool Size=[0-9]+/Maximum Pool Size=$2/" <<<"$1"
}

common_environment() {
  echo "Voting__Storage=Postgres"
  echo "Voting__Cluster__ClusterId=$CLUSTER_ID"
  echo "Voting__Cluster__ServiceId=$SERVICE_ID"
  echo "Voting__Shutdown__Timeout=$SHUTDOWN_TIMEOUT"
  echo "Logging__Console__FormatterName=simple"
  echo "Logging__Console__FormatterOptions__SingleLine=true"
  echo "Logging__Console__FormatterOptions__TimestampFormat=HH:mm:ss.fff "
}

# Fails when something listens on the port already. Ports from 32768 up (Linux's default ephemeral
# range) can also be taken at any moment by outgoing connections, so the defaults stay below it.
require_free_port() {
  if ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; then
    fail "port $1 ($2) is in use; start the cluster on other ports with --silo-port, --gateway-port, --http-port and --api-port"
  fi
}

start_silo() {
  local index=$1
  local port=$((SILO_PORT + index - 1)) gateway=$((GATEWAY_PORT + index - 1)) http=$((HTTP_PORT + index - 1))
  require_free_port "$port" "silo $index"
  require_free_port "$gateway" "gateway of silo $index"
  require_free_port "$http" "HTTP endpoint of silo $index"
  local logfile=$run_dir/silo-$index.log
  (
    cd "$(dirname "$silo_dll")"
    mapfile -t vars < <(common_environment)
    exec env "${vars[@]}" DOTNET_ENVIRONMENT=Production \
      "ConnectionStrings__Voting=$CONNECTION_STRING" \
      Voting__Cluster__SiloPort=$port Voting__Cluster__GatewayPort=$gateway \
      Voting__Cluster__AdvertisedAddress=127.0.0.1 Voting__Silo__HttpPort=$http \
      nohup dotnet "$silo_dll" > "$logfile" 2>&1 < /dev/null
  ) &
  echo $! > "$run_dir/silo-$index.pid"
  echo "$port $gateway $http" > "$run_dir/silo-$index.ports"
  log "silo $index: PID $!, silo port $port, gateway port $gateway, http://127.0.0.1:$http/metrics, log $logfile"
}

start_api() {
  local index=$1
  local port=$((API_PORT + index - 1))
  local logfile=$run_dir/api-$index.log
  require_free_port "$port" "api $index"
  (
    cd "$(dirname "$api_dll")"
    mapfile -t vars < <(common_environment)
    exec env "${vars[@]}" ASPNETCORE_ENVIRONMENT=Production \
      "ConnectionStrings__Voting=$(with_pool_size "$CONNECTION_STRING" 5)" \
      Voting__Cluster__Mode=Client \
      "Voting__Auth__SigningKey=$(cat "$run_dir/signing-key")" \
      Voting__PublicBaseUrl=http://127.0.0.1:$API_PORT \
      ASPNETCORE_URLS=http://127.0.0.1:$port \
      nohup dotnet "$api_dll" > "$logfile" 2>&1 < /dev/null
  ) &
  echo $! > "$run_dir/api-$index.pid"
  echo "$port" > "$run_dir/api-$index.ports"
  log "api $index: PID $!, http://127.0.0.1:$port, log $logfile"
}

# Waits until the silo logged that it joined the cluster, or fails when it exits or the wait runs out.
wait_for_silo() {
  local index=$1 pid
  pid=$(cat "$run_dir/silo-$index.pid")
  for ((i = 0; i < start_wait * 2; i++)); do
    grep -q "joined cluster" "$run_dir/silo-$index.log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "silo $index (PID $pid) exited during start; see $run_dir/silo-$index.log"
    sleep 0.5
  done
  fail "silo $index did not join within ${start_wait}s; see $run_dir/silo-$index.log"
}

# Waits until the Api returns 200 from /health/ready, which makes a grain call through the cluster.
wait_for_api() {
  local index=$1 pid port
  pid=$(cat "$run_dir/api-$index.pid")
  port=$(cat "$run_dir/api-$index.ports")
  for ((i = 0; i < start_wait * 2; i++)); do
    curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || fail "api $index (PID $pid) exited during start; see $run_dir/api-$index.log"
    sleep 0.5
  done
  fail "api $index was not ready within ${start_wait}s; see $run_dir/api-$index.log"
}

# --- stopping ------------------------------------------------------------------------------------

# Sends a signal to a recorded process and, for TERM, waits up to STOP_WAIT seconds for it to exit.
signal_process() {
  local kind=$1 index=$2 signal=$3 pid dll
  pid=$(recorded_pid "$kind" "$index")
  dll=$(dll_of "$kind")
  if ! is_alive "$pid" "$dll"; then
    log "$kind $index (PID $pid) is not running"
    return 0
  fi
  kill -s "$signal" "$pid"
  log "$kind $index: sent SIG$signal to PID $pid"
  [[ $signal == TERM ]] || return 0
  wait_for_exit "$kind" "$index" "$pid" "$dll"
}

wait_for_exit() {
  local kind=$1 index=$2 pid=$3 dll=$4 started=$SECONDS
  while is_alive "$pid" "$dll"; do
    if ((SECONDS - started >= stop_wait)); then
      log "$kind $index (PID $pid) still runs ${stop_wait}s after SIGTERM; 'scripts/cluster.sh kill-$kind $index' ends it"
      return 1
    fi
    sleep 0.5
  done
  log "$kind $index (PID $pid) exited after $((SECONDS - started))s"
}

down() {
  local kind index pid dll status=0
  for kind in api silo; do
    dll=$(dll_of "$kind")
    # Signal every process of a kind first, then wait, so they stop in parallel.
    for index in $(indexes "$kind"); do
      pid=$(cat "$run_dir/$kind-$index.pid")
      if is_alive "$pid" "$dll"; then
        kill -s TERM "$pid"
        log "$kind $index: sent SIGTERM to PID $pid"
      fi
    done
    for index in $(indexes "$kind"); do
      pid=$(cat "$run_dir/$kind-$index.pid")
      if is_alive "$pid" "$dll"; then
        wait_for_exit "$kind" "$index" "$pid" "$dll" || status=1
      fi
      [[ $status -ne 0 ]] || rm -f "$run_dir/$kind-$index.pid" "$run_dir/$kind-$index.ports"
    done
  done
  [[ $status -eq 0 ]] && log "every process of $run_dir stopped; logs stay there"
  return $status
}

# --- status --------------------------------------------------------------------------------------

status() {
  local kind index pid dll state
  printf '%-6s %-5s %-8s %-8s %s\n' KIND INDEX PID STATE 'PORTS (silo: silo, gateway, HTTP; api: HTTP)'
  for kind in silo api; do
    dll=$(dll_of "$kind")
    for index in $(indexes "$kind"); do
      pid=$(cat "$run_dir/$kind-$index.pid")
      is_alive "$pid" "$dll" && state=running || state=exited
      printf '%-6s %-5s %-8s %-8s %s\n' "$kind" "$index" "$pid" "$state" "$(cat "$run_dir/$kind-$index.ports")"
    done
  done
  echo
  echo "membership of cluster $CLUSTER_ID (status: 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead):"
  psql_query "SELECT address || ':' || port AS silo, proxy_port AS gateway, generation,
      CASE status WHEN 2 THEN 'Joining' WHEN 3 THEN 'Active' WHEN 4 THEN 'ShuttingDown'
        WHEN 5 THEN 'Stopping' WHEN 6 THEN 'Dead' ELSE status::text END AS status,
      to_char(i_am_alive_time, 'HH24:MI:SS') AS last_alive
    FROM orleans_membership WHERE deployment_id = '$CLUSTER_ID' ORDER BY start_time"
}

# Prints one field (Host, Port, Password, ...) of the cluster's connection string.
connection_field() {
  grep -oE "(^|;)$1=[^;]*" <<<"$CONNECTION_STRING" | head -n 1 | cut -d= -f2-
}

# Runs a client program of Debian's PostgreSQL package (psql, pg_dump) on the cluster's database.
run_pg_client() {
  local program=$1 path
  shift
  path=$(ls /usr/lib/postgresql/*/bin/"$program" 2>/dev/null | sort -V | tail -n 1)
  [[ -n $path ]] || fail "$program was not found under /usr/lib/postgresql; scripts/pg.sh start installs it"
  PGPASSWORD=$(connection_field Password) "$path" --host="$(connection_field Host)" \
    --port="$(connection_field Port)" --username="$(connection_field Username)" \
    --dbname="$(connection_field Database)" "$@"
}

psql_query() {
  run_pg_client psql --no-psqlrc --command="$1"
}

archive() {
  [[ $# -eq 1 ]] || usage
  run_pg_client pg_dump --format=custom --file="$1"
  log "wrote $1 ($(stat -c %s "$1") bytes); restore it with pg_restore --dbname=... $1"
}

operator_token() {
  env ASPNETCORE_ENVIRONMENT=Production "Voting__Auth__SigningKey=$(cat "$run_dir/signing-key")" \
    dotnet "$api_dll" operator-token
}

# --- commands ------------------------------------------------------------------------------------

up() {
  local silos=3 apis=1 skip_build=false
  cluster_id=${CLUSTER_ID:-voting}
  service_id=${SERVICE_ID:-voting}
  silo_port=${SILO_PORT:-11111}
  gateway_port=${GATEWAY_PORT:-30000}
  http_port=${HTTP_PORT:-8081}
  api_port=${API_PORT:-5080}
  while [[ $# -gt 0 ]]; do
    case $1 in
      --silos) silos=$2; shift 2 ;;
      --apis) apis=$2; shift 2 ;;
      --cluster-id) cluster_id=$2; shift 2 ;;
      --service-id) service_id=$2; shift 2 ;;
      --silo-port) silo_port=$2; shift 2 ;;
      --gateway-port) gateway_port=$2; shift 2 ;;
      --http-port) http_port=$2; shift 2 ;;
      --api-port) api_port=$2; shift 2 ;;
      --no-build) skip_build=true; shift ;;
      *) log "unknown option '$1'"; usage ;;
    esac
  done
  [[ $silos =~ ^[1-9][0-9]*$ && $apis =~ ^[1-9][0-9]*$ ]] || fail "--silos and --apis must be positive integers"
  if [[ -n $(indexes silo; indexes api) ]]; then
    fail "$run_dir already records processes; run 'scripts/cluster.sh down' first"
  fi

  $skip_build || build
  [[ -f $silo_dll && -f $api_dll ]] || fail "no Release build at $silo_dll; run without --no-build"
  start_postgres
  write_config
  [[ -s $run_dir/signing-key ]] || (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$run_dir/signing-key")
  load_config

  # The first silo applies the migrations alone; the others start once it has joined.
  start_silo 1
  wait_for_silo 1
  for ((i = 2; i <= silos; i++)); do start_silo "$i"; done
  for ((i = 2; i <= silos; i++)); do wait_for_silo "$i"; done
  for ((i = 1; i <= apis; i++)); do start_api "$i"; done
  for ((i = 1; i <= apis; i++)); do wait_for_api "$i"; done

  echo "cluster $CLUSTER_ID is up: $silos silos, $apis Api processes; state and logs in $run_dir"
  for ((i = 1; i <= apis; i++)); do echo "api $i: http://127.0.0.1:$(cat "$run_dir/api-$i.ports")"; done
  echo "operator credential: OP=\$(scripts/cluster.sh operator-token)"
}

command=${1:-}
[[ -n $command ]] || usage
shift
case $command in
  up) up "$@" ;;
  add-silo)
    load_config
    index=$(next_index silo)
    start_silo "$index"
    wait_for_silo "$index"
    ;;
  add-api)
    load_config
    index=$(next_index api)
    start_api "$index"
    wait_for_api "$index"
    echo "api $index: http://127.0.0.1:$(cat "$run_dir/api-$index.ports")"
    ;;
  stop-silo) [[ $# -eq 1 ]] || usage; load_config; signal_process silo "$1" TERM ;;
  kill-silo) [[ $# -eq 1 ]] || usage; load_config; signal_process silo "$1" KILL ;;
  stop-api) [[ $# -eq 1 ]] || usage; load_config; signal_process api "$1" TERM ;;
  status) load_config; status ;;
  operator-token) load_config; operator_token ;;
  archive) load_config; archive "$@" ;;
  down) load_config; down ;;
  -h | --help | help) usage ;;
  *) log "unknown command '$command'"; usage ;;
esac
