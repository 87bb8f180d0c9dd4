# Sourced by the HTTP benchmark scripts: builds the service in Release and starts it on a private
# embedded PostgreSQL in a temporary folder, stopped and removed on exit.
# Usage: start_service PORT [NAME=VALUE ...]   (extra settings as environment variables)
# Sets: WORK, API, ADMIN, PSQL (an array: psql as the owner of the service's database).
seconds() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

start_service() {
  local port=$1; shift
  WORK=$(mktemp -d /tmp/cxrox-bench.XXXXXX)
  chmod 755 "$WORK" # the embedded server runs as the postgres user when we are root
  API=http://127.0.0.1:$port
  trap stop_service EXIT
  echo "== building and starting the service (Release) in $WORK"
  dotnet build -c Release src/CxRox.Api >/dev/null
  # env, started alone in the background, becomes the service's process: its id is the service's.
  (cd src/CxRox.Api/bin/Release/net10.0 && { env Demo=false "$@" Postgres__DataDirectory="$WORK/pgdata" Logging__LogLevel__Default=Warning \
    dotnet CxRox.Api.dll --urls "$API" >"$WORK/app.log" 2>&1 & echo $! >"$WORK/app.pid"; })
  for _ in $(seq 1 120); do curl -sf "$API/health/ready" >/dev/null && break; sleep 0.5; done
  ADMIN=$(cat "$WORK/admin.key")
  local pgport; pgport=$(sed -n 4p "$WORK/pgdata/postmaster.pid")
  export PGPASSWORD; PGPASSWORD=$(cat "$WORK/pgdata.password")
  PSQL=(psql -h 127.0.0.1 -p "$pgport" -U cxrox -d cxrox -v ON_ERROR_STOP=1 -qAt)
}

stop_service() {
  # By its process id: other services may be running on this machine.
  [ -f "$WORK/app.pid" ] && kill -TERM "$(cat "$WORK/app.pid")" 2>/dev/null || true
  for _ in $(seq 1 60); do pgrep -f "$WORK/pgdata" >/dev/null || break; sleep 0.5; done
  cp "$WORK/app.log" /tmp/cxrox-bench-last.log 2>/dev/null || true # for a look after the run
  rm -rf "$WORK"
}
