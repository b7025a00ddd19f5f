# Sourced by bench/run and bench/load: unless DATABASE_URL is set, start a throw-away PostgreSQL cluster (stopped
# and removed on exit) and export DATABASE_URL pointing at it.
if [ -z "${DATABASE_URL:-}" ]; then
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || command -v initdb || true)
  [ -n "$initdb" ] || { echo "PostgreSQL is needed (Debian: apt-get install postgresql)" >&2; exit 1; }
  PG_BIN=$(dirname "$(readlink -f "$initdb")")
  PG_DIR=$(mktemp -d /tmp/routekaart-bench-pg.XXXXXX)
  RUN_AS=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres system user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    RUN_AS=(runuser -u postgres --)
  fi
  stop_pg() {
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  }
  trap stop_pg EXIT
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  # fsync off as in CI: the data is thrown away; it speeds up loading, not reading.
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/server.log" \
    -o "-k $PG_DIR -c listen_addresses='' -c fsync=off" start >/dev/null
  export DATABASE_URL="postgres://postgres@$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PG_DIR")/postgres"
  echo "PostgreSQL: $("$PG_BIN/postgres" --version)"
fi
