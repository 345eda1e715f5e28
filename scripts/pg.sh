#!/usr/bin/env bash
# Runs a throwaway PostgreSQL cluster for development and tests, on a loopback port.
#
# Usage: scripts/pg.sh start|stop|status|url
#   start   installs PostgreSQL from Debian packages when missing, creates the cluster and the
#           "voting" database when missing, starts the server (a no-op when it runs already) and
#           prints the connection string on stdout
#   stop    stops the server (the data stays in the cluster directory)
#   status  reports whether the server runs
#   url     prints the connection string
#
# Environment:
#   PG_DIR            cluster directory (default: .pg in the repository, ignored by git, or
#                     /var/tmp/voting-pg-<hash> when run as root in a directory that the
#                     postgres user cannot enter)
#   PG_PORT           TCP port on 127.0.0.1 (default: 55432)
#   PG_MAX_POOL_SIZE  Maximum Pool Size put in the connection string (default: 40)
#
# The server sets max_connections = 200, so four processes with the default pool size (160
# connections) fit, with room left for psql and the tests. fsync and synchronous_commit keep their durable
# defaults. Run as root, the server runs as the "postgres" system user, which the Debian package
# creates; PostgreSQL refuses to run as root.
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_dir=${PG_DIR:-$repo_dir/.pg}
# As root, the server runs as "postgres", which cannot enter a repository under a private home
# such as /root. Then the default cluster directory moves to /var/tmp, named after the repository.
if [[ -z ${PG_DIR:-} && $(id -u) -eq 0 ]] && getent passwd postgres >/dev/null \
  && ! runuser -u postgres -- test -x "$repo_dir"; then
  pg_dir=/var/tmp/voting-pg-$(printf '%s' "$repo_dir" | sha256sum | cut -c1-12)
fi
port=${PG_PORT:-55432}
max_pool_size=${PG_MAX_POOL_SIZE:-40}
data_dir=$pg_dir/data
socket_dir=$pg_dir/run
password_file=$pg_dir/password
log_file=$pg_dir/server.log
max_connections=200

log() { echo "pg.sh: $*" >&2; }
fail() { log "$*"; exit 1; }

# Finds Debian's newest server binaries. /usr/local/bin may hold links to them, but the versioned
# directory is the one the package owns.
find_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
    echo "$dir"
  fi
}

install_postgres() {
  if [[ -n $(find_bin_dir) ]]; then
    return
  fi
  [[ $(id -u) -eq 0 ]] || fail "PostgreSQL is not installed; run 'apt-get update && apt-get install -y postgresql' as root."
  log "installing PostgreSQL from Debian packages"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
  [[ -n $(find_bin_dir) ]] || fail "apt-get installed postgresql, but no /usr/lib/postgresql/*/bin/initdb was found."
}

# Runs a command as the cluster's owner: "postgres" when this script runs as root, else the caller.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

connection_string() {
  local password
  password=$(cat "$password_file")
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=voting;SSL Mode=Disable;No Reset On Close=true;Maximum Pool Size=$max_pool_size"
}

init_cluster() {
  if [[ -f $data_dir/PG_VERSION ]]; then
    return
  fi
  local bin_dir=$1
  log "creating a cluster in $data_dir"
  mkdir -p "$data_dir" "$socket_dir"
  chmod 700 "$pg_dir" "$data_dir"
  if [[ ! -s $password_file ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
  fi
  if [[ $(id -u) -eq 0 ]]; then
    getent passwd postgres >/dev/null || fail "the system user 'postgres' is missing; reinstall the postgresql package."
    chown -R postgres: "$pg_dir"
  fi
  as_owner "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --pwfile="$password_file" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
  cat >> "$data_dir/postgresql.conf" <<CONF

# Written by scripts/pg.sh: loopback only, sockets inside the cluster directory.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket_dir'
max_connections = $max_connections
ssl = off
CONF
}

is_running() {
  local bin_dir=$1
  [[ -f $data_dir/PG_VERSION ]] && as_owner "$bin_dir/pg_ctl" status --pgdata="$data_dir" >/dev/null 2>&1
}

start() {
  install_postgres
  local bin_dir
  bin_dir=$(find_bin_dir)
  init_cluster "$bin_dir"
  if ! is_running "$bin_dir"; then
    log "starting PostgreSQL on 127.0.0.1:$port"
    as_owner "$bin_dir/pg_ctl" start --pgdata="$data_dir" --log="$log_file" --wait --timeout=60 >&2 \
      || fail "PostgreSQL did not start; see $log_file"
  fi
  local psql=(env PGPASSWORD="$(cat "$password_file")" "$bin_dir/psql" --host=127.0.0.1 --port="$port"
    --username=postgres --dbname=postgres --no-psqlrc --quiet --tuples-only --no-align)
  if [[ $("${psql[@]}" --command="SELECT 1 FROM pg_database WHERE datname = 'voting'") != 1 ]]; then
    log "creating database voting"
    "${psql[@]}" --command="CREATE DATABASE voting" >&2
  fi
  connection_string
}

stop() {
  local bin_dir
  bin_dir=$(find_bin_dir)
  if [[ -n $bin_dir ]] && is_running "$bin_dir"; then
    as_owner "$bin_dir/pg_ctl" stop --pgdata="$data_dir" --mode=fast --wait >&2
  else
    log "PostgreSQL is not running in $data_dir"
  fi
}

status() {
  local bin_dir
  bin_dir=$(find_bin_dir)
  if [[ -n $bin_dir ]] && is_running "$bin_dir"; then
    log "PostgreSQL runs on 127.0.0.1:$port with data in $data_dir"
  else
    log "PostgreSQL is not running in $data_dir"
    return 3
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url)
    [[ -s $password_file ]] || fail "no cluster in $pg_dir yet; run 'scripts/pg.sh start' first."
    connection_string
    ;;
  *) fail "usage: scripts/pg.sh start|stop|status|url" ;;
esac
