#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and NATS (with JetStream) are reachable for the platform and the
# tests: a running service is used as it is; an installed but stopped one is started; a missing
# one is installed with apt-get when we are root. Otherwise it says exactly what to run.
set -euo pipefail

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
hostport() { local u="${1#*://}"; u="${u##*@}"; u="${u%%/*}"; echo "$u"; }
REDIS_HOSTPORT="$(hostport "$REDIS_URL")"; REDIS_HOST="${REDIS_HOSTPORT%:*}"; REDIS_PORT="${REDIS_HOSTPORT##*:}"
NATS_HOSTPORT="$(hostport "${NATS_URL%%,*}")"; NATS_HOST="${NATS_HOSTPORT%:*}"; NATS_PORT="${NATS_HOSTPORT##*:}"

say() { echo "  $*"; }
fail() { echo "✗ $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = "0" ]; }
open_port() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- 3<&- ; }
wait_port() { # host port seconds
  local i; for ((i = 0; i < $3 * 5; i++)); do open_port "$1" "$2" && return 0; sleep 0.2; done; return 1
}
local_host() { [ "$1" = "127.0.0.1" ] || [ "$1" = "localhost" ] || [ "$1" = "::1" ]; }

APT_UPDATED=0
apt_install() {
  is_root || fail "$* is not installed. Run: sudo apt-get install -y $*   (or point the *_URL variables at your own servers)"
  command -v apt-get >/dev/null || fail "$* is not installed and this machine has no apt-get; install $* yourself"
  if [ "$APT_UPDATED" = 0 ]; then say "apt-get update"; DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
has_systemd() { [ -d /run/systemd/system ]; }

ensure_postgres() {
  if open_port "$PGHOST" "$PGPORT"; then :; else
    local_host "$PGHOST" || fail "PostgreSQL at $PGHOST:$PGPORT does not answer; start it or set PGHOST/PGPORT"
    if ! command -v pg_ctlcluster >/dev/null && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
      apt_install postgresql postgresql-contrib
    fi
    local version; version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    if ! ls /etc/postgresql/"$version"/*/postgresql.conf >/dev/null 2>&1; then
      is_root || fail "PostgreSQL has no cluster; run: sudo pg_createcluster $version main --start"
      say "creating PostgreSQL cluster $version/main"; pg_createcluster "$version" main >/dev/null
    fi
    say "starting PostgreSQL $version"
    if has_systemd; then systemctl start postgresql || true; fi
    open_port "$PGHOST" "$PGPORT" || pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || (is_root && su postgres -c "pg_ctlcluster $version main start") \
      || fail "could not start PostgreSQL; try: sudo pg_ctlcluster $version main start"
    wait_port "$PGHOST" "$PGPORT" 30 || fail "PostgreSQL did not come up on $PGHOST:$PGPORT"
  fi
  # The platform connects as postgres over TCP without a password (local development only).
  if ! psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    local_host "$PGHOST" && is_root || fail "cannot connect to PostgreSQL as postgres at $PGHOST:$PGPORT; allow it (trust for 127.0.0.1 in pg_hba.conf) or set DATABASE_URL/POSTGRES_URL"
    local hba; hba="$(su postgres -c "psql -Atqc 'show hba_file'")"
    say "allowing local TCP connections as postgres in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    su postgres -c "psql -Atqc 'select pg_reload_conf()'" >/dev/null
    sleep 0.5
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null || fail "still cannot connect to PostgreSQL as postgres"
  fi
  # btree_gist (exclusion constraints) comes with contrib.
  if [ -z "$(psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc "select 1 from pg_available_extensions where name = 'btree_gist'")" ]; then
    apt_install postgresql-contrib
  fi
  say "postgres: ready at $PGHOST:$PGPORT"
}

ensure_redis() {
  if ! open_port "$REDIS_HOST" "$REDIS_PORT"; then
    local_host "$REDIS_HOST" || fail "Redis at $REDIS_HOST:$REDIS_PORT does not answer; start it or set REDIS_URL"
    command -v redis-server >/dev/null || apt_install redis-server
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir "$( [ -w /var/lib/redis ] && echo /var/lib/redis || echo /tmp )" \
      --logfile "$( [ -w /var/log/redis ] && echo /var/log/redis/yixiang.log || echo /tmp/redis-yixiang.log )" >/dev/null
    wait_port "$REDIS_HOST" "$REDIS_PORT" 30 || fail "Redis did not come up on $REDIS_HOST:$REDIS_PORT"
  fi
  say "redis: ready at $REDIS_HOST:$REDIS_PORT"
}

ensure_nats() {
  # Tests start nats-servers of their own, so the binary must be there even when a server runs.
  command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || apt_install nats-server
  local bin; bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
  # A server is taken as there by what answers on the port, never by a process name: another
  # nats-server on the machine (a test's, on another port) is not ours. One this script starts keeps
  # its pidfile, store and log under the project's .runtime/nats.
  if ! open_port "$NATS_HOST" "$NATS_PORT"; then
    local_host "$NATS_HOST" || fail "NATS at $NATS_HOST:$NATS_PORT does not answer; start it or set NATS_URL"
    local runtime; runtime="$(cd "$(dirname "$0")/../.." && pwd)/.runtime/nats"; mkdir -p "$runtime"
    local pidfile="$runtime/nats-server-$NATS_PORT.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      fail "the nats-server this project started (pid $(cat "$pidfile"), $pidfile) runs but does not answer on $NATS_HOST:$NATS_PORT; stop it (kill $(cat "$pidfile")) and run this again"
    fi
    say "starting nats-server with JetStream (store and log in $runtime)"
    nohup "$bin" -a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$runtime/store-$NATS_PORT" -l "$runtime/nats-server-$NATS_PORT.log" -P "$pidfile" >/dev/null 2>&1 &
    wait_port "$NATS_HOST" "$NATS_PORT" 30 || fail "nats-server did not come up on $NATS_HOST:$NATS_PORT; see $runtime/nats-server-$NATS_PORT.log"
  fi
  if [ -f "$(dirname "$0")/../../node_modules/nats/package.json" ]; then
    node "$(dirname "$0")/check-jetstream.js" "$NATS_URL" || fail "NATS at $NATS_URL runs without JetStream; restart it with -js"
  fi
  say "nats: ready at $NATS_HOST:$NATS_PORT (JetStream)"
}

command -v psql >/dev/null || apt_install postgresql-client
ensure_postgres
ensure_redis
ensure_nats
